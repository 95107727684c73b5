/**
 * Argument helpers shared by the steps and the freestyle builder: {@code Arguments} (checks that name the field and
 * the accepted values), {@code KeyValueText} ({@code name=value} lines), {@code IdempotencyTokens},
 * {@code SubmitTaskForm} (the structured task editor of {@code databricksSubmitRun}) and {@code OperationInputs}
 * (what an operation gets from its build).
 *
 * <p>Depends on the client and the plugin's root package.
 */
package io.jenkins.plugins.databricks.steps.support;
