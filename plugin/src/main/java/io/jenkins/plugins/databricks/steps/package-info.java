/**
 * The Pipeline steps and what they run. Each step ({@code databricksRunJob} is {@code RunJobStep}) is a thin
 * binding: its fields, their checks, and an {@code *Operation} that does the work through the client, shared with
 * the freestyle builder. Steps that wait for Databricks (runs, cluster starts) use {@code DurableWaitExecution}:
 * the blocking parts on {@code BlockingWork}, the polls on the controller's waiter ({@code DatabricksWaits}), the
 * state saved with the program so a restart resumes the wait. {@code withDatabricks} and the secret masking
 * ({@code SecretMaskingFilter}, {@code SecretMaskingFailureHandler}) keep tokens out of logs. Argument helpers:
 * {@code Arguments}, {@code OperationInputs}, {@code KeyValueText}, {@code IdempotencyTokens}.
 *
 * <p>Depends on the plugin's root package and the client; nothing in the root package depends on it.
 */
package io.jenkins.plugins.databricks.steps;
