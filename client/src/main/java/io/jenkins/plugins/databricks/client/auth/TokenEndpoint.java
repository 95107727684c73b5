package io.jenkins.plugins.databricks.client.auth;

import java.util.Map;

/**
 * The workspace's OAuth token endpoint ({@code POST /oidc/v1/token}), as offered to an {@link AuthMethod}.
 * Requests go through the client's transport: same host, timeouts, rate limiter and retry policy.
 */
@FunctionalInterface
public interface TokenEndpoint {
    /**
     * Posts a form-encoded token request.
     *
     * @param form the form fields, such as {@code grant_type} and {@code scope}
     * @param clientId client id for HTTP Basic client authentication, or null for none
     * @param clientSecret client secret for HTTP Basic client authentication, or null for none
     * @return the parsed JSON answer ({@code access_token}, {@code expires_in}, ...)
     * @throws InterruptedException when interrupted
     * @throws DatabricksException when the endpoint refuses (its {@code error} becomes the error code)
     */
    Map<String, Object> requestToken(Map<String, String> form, String clientId, String clientSecret)
            throws InterruptedException;
}
