/**
 * The steps that answer at once, each beside the operation that does its work (shared by Pipeline and the freestyle
 * builder): {@code databricksApi} ({@code ApiStep}, {@code ApiOperation}), {@code databricksCreateSecretScope}
 * ({@code CreateSecretScopeStep}, {@code CreateSecretScopeOperation}), {@code databricksPutSecret}
 * ({@code PutSecretStep}, {@code PutSecretOperation}), {@code databricksSetPermissions} ({@code SetPermissionsStep},
 * {@code AccessControlEntryConfig}, {@code SetPermissionsOperation}), {@code databricksUpdateRepo}
 * ({@code UpdateRepoStep}), and {@code StartClusterOperation} for {@code databricksStartCluster} (whose step, with
 * its durable wait, stays in {@code steps}). An operation checks its inputs before the first request and returns
 * plain serializable values; none is saved with a build.
 *
 * <p>Depends on the client, the plugin's root package, {@code steps} and {@code support}.
 */
package io.jenkins.plugins.databricks.steps.operations;
