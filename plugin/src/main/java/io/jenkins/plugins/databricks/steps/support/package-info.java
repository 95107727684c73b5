/**
 * What every step shares: {@code AbstractDatabricksStep} (workspace, host and credentials fields),
 * {@code DatabricksStepDescriptor} (context, drop-downs, and the descriptor ids builds saved before the package
 * split name), the {@code DatabricksOperation} contract, and argument helpers shared with the freestyle builder:
 * {@code Arguments} (checks that name the field and the accepted values), {@code KeyValueText} ({@code name=value}
 * lines), {@code IdempotencyTokens}, {@code SubmitTaskForm} (the structured task editor of
 * {@code databricksSubmitRun}) and {@code OperationInputs} (what an operation gets from its build).
 *
 * <p>Depends on the client and the plugin's root package.
 */
package io.jenkins.plugins.databricks.steps.support;
