/**
 * Credentials: {@code AuthMethod} and its kinds, {@code PersonalAccessToken}, {@code OAuthM2M} (client credentials)
 * and {@code TokenExchange} (workload identity federation), which share {@code CachedAccessToken} (a token kept until
 * shortly before it expires) and {@code TokenEndpoint} (where a workspace issues tokens).
 *
 * <p>No secret or token leaves this package in a message, a log line or {@code toString()}. Depends on the
 * client's root package (errors) only.
 */
package io.jenkins.plugins.databricks.client.auth;
