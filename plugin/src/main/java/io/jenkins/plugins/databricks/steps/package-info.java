/**
 * The Pipeline steps, and the classes whose names Pipeline writes into a running build's saved program state.
 *
 * <p><b>The pattern.</b> Each step is one public {@code *Step} class ({@code databricksRunJob} is {@code RunJobStep}):
 * its fields with their setters and checks, its descriptor (snippet generator, help), and a method that builds the
 * operation that does the work through the client. A step that answers at once extends
 * {@code DatabricksOperationStep} and returns a {@code DatabricksOperation} (in {@code operations} or {@code files});
 * the same operation runs in the freestyle builder. A step that waits for Databricks (a run, a cluster start, a SQL
 * statement) starts a {@code DurableWaitExecution} ({@code RunWaitExecution}, {@code SqlWaitExecution},
 * {@code StartClusterStep}'s own): the blocking parts run on {@code durable.BlockingWork}, the polls on the
 * controller's waiter ({@code durable.DatabricksWaits}), and the checkpoint is saved with the program so a restart
 * resumes the wait. {@code withDatabricks} binds the environment ({@code DatabricksEnvironment}) and masks secrets
 * ({@code SecretMaskingFilter}, {@code SecretMaskingFailureHandler}).
 *
 * <p><b>Why these stay here.</b> A running build's {@code program.dat} names the classes of its step executions and
 * of everything they hold (the waits, the run and SQL operations they carry, the environment and masking of
 * {@code withDatabricks}, the steps' nested executions), and Pipeline reads it back with a plain class resolver that
 * has no aliases: moving any of them would make builds that were running across an upgrade fail to resume. Classes
 * that are never saved live in the sub-packages:
 * <ul>
 *   <li>{@code operations}: what the immediate steps do (API call, secret scope, secret, permissions, cluster
 *       start);</li>
 *   <li>{@code files}: uploads, imports and downloads, which run on the agent that has the files;</li>
 *   <li>{@code durable}: the plugin's thread pool, the controller's waiter, and how wait failures reach the build;</li>
 *   <li>{@code support}: argument helpers shared by steps and the freestyle builder.</li>
 * </ul>
 *
 * <p>Depends on the plugin's root package and the client; the sub-packages depend on the root package, the client
 * and {@code steps} (for {@code DatabricksOperation}); nothing in the root package depends on them.
 */
package io.jenkins.plugins.databricks.steps;
