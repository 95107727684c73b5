/**
 * Secret scopes, secrets and their ACLs ({@code Secrets}) with their endpoints ({@code SecretsApi}).
 *
 * <p>Depends on {@code server} only.
 */
package io.jenkins.plugins.databricks.emulator.secrets;
