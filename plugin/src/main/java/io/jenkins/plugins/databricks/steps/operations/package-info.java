/**
 * What the immediate steps do, one {@code DatabricksOperation} each, shared by Pipeline and the freestyle builder:
 * {@code ApiOperation} ({@code databricksApi}), {@code CreateSecretScopeOperation}, {@code PutSecretOperation},
 * {@code SetPermissionsOperation}, {@code StartClusterOperation}. An operation checks its inputs before the first
 * request and returns plain serializable values. None is saved with a build.
 *
 * <p>Depends on the client, the plugin's root package and {@code steps}.
 */
package io.jenkins.plugins.databricks.steps.operations;
