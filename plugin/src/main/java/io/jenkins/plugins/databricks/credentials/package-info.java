/**
 * The credential kinds this plugin adds: a Databricks service principal that signs in with OAuth machine-to-machine
 * (application id and secret), and a federated one (an {@code oidc-provider} id token credential and the application
 * id, no secret: each build's JWT is exchanged for an access token). Personal access tokens use the
 * plain-credentials plugin's secret text. Depends on Jenkins' credentials API, and on the root package's
 * {@code DatabricksCredentials} for the drop-down's permission rule; the {@code oidc-provider} plugin is found at run
 * time, never compiled against.
 */
package io.jenkins.plugins.databricks.credentials;
