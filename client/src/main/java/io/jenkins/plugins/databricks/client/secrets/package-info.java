/**
 * Secret scopes, secrets and their ACLs: {@code Secrets}. Secret values are never logged or put in a message.
 *
 * <p>Depends on {@code core} and the root package.
 */
package io.jenkins.plugins.databricks.client.secrets;
