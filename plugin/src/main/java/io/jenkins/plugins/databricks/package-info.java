/**
 * The plugin's Jenkins side of a workspace: the global configuration ({@code DatabricksGlobalConfiguration},
 * {@code DatabricksWorkspace}, its JCasC configurator), how a step reaches a workspace ({@code DatabricksConnector}
 * resolves a configured workspace or an allowed {@code host:} with its credentials into a client;
 * {@code DatabricksTarget}, {@code DatabricksCredentials}, {@code JenkinsHttp} for Jenkins' proxy,
 * {@code AgentClient} for work on an agent), the run link on a build ({@code DatabricksRunAction}) and the limits
 * admins set ({@code Limits}).
 *
 * <p>Depends on the client ({@code io.jenkins.plugins.databricks.client}) and on Jenkins core and the credentials
 * plugins; {@code steps} and {@code builders} depend on this package, never the other way round.
 */
package io.jenkins.plugins.databricks;
