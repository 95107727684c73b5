/**
 * The Pipeline steps, one package per feature, and here the classes whose names a running build's saved program
 * holds.
 *
 * <p><b>The pattern.</b> Each step is one public {@code *Step} class ({@code databricksRunJob} is
 * {@code run.RunJobStep}): its fields with their setters and checks, its descriptor (snippet generator, help), and a
 * method that builds the operation doing the work through the client. A step that answers at once extends
 * {@code DatabricksOperationStep} and returns a {@code support.DatabricksOperation}, in the step's own package
 * ({@code operations}, {@code files}); the freestyle builder runs the same operation. A step that waits for
 * Databricks (a run, a cluster start, a SQL statement) starts a {@code DurableWaitExecution}
 * ({@code RunWaitExecution}, {@code SqlWaitExecution}, {@code StartClusterStep}'s own): the blocking parts run on
 * {@code durable.BlockingWork}, the polls on the controller's waiter ({@code durable.DatabricksWaits}), and the
 * checkpoint is saved with the program so a restart resumes the wait. {@code withDatabricks}
 * ({@code WithDatabricksStep}) binds the environment ({@code DatabricksEnvironment}) and masks secrets
 * ({@code SecretMaskingFilter}, {@code SecretMaskingFailureHandler}).
 *
 * <p><b>Packages.</b> {@code run} (run-now, submit-run), {@code sql}, {@code files} (upload, import, download),
 * {@code operations} (API call, secret scope, secret, permissions, Git folder), {@code durable} (the pool, the
 * waiter, how wait failures reach the build), {@code support} (the step base classes, the descriptor, argument
 * helpers).
 *
 * <p><b>What stays here, and why.</b> A running build's {@code program.dat} names the classes of its step executions
 * and of everything they hold: the durable waits and the run and SQL operations they carry, the nested executions of
 * {@code DatabricksOperationStep}, {@code StartClusterStep} and {@code WithDatabricksStep}, and the environment and
 * masking of {@code withDatabricks}. Pipeline reads that file back with a plain class resolver that has no aliases,
 * so moving any of them would make a build that runs across an upgrade fail to resume. The step classes that moved
 * keep their former descriptor ids ({@code support.DatabricksStepDescriptor#getId}) and, for freestyle jobs'
 * {@code config.xml}, XStream aliases ({@code builders.MovedClasses}); {@code SavedBeforeTheMoveTest} resumes a
 * build and loads a job saved before the move.
 *
 * <p>Depends on the plugin's root package and the client; the sub-packages depend on these and on each other as
 * their {@code package-info} says; nothing in the root package depends on them.
 */
package io.jenkins.plugins.databricks.steps;
