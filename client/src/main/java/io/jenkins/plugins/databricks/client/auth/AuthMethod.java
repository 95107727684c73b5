package io.jenkins.plugins.databricks.client.auth;

import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.util.function.Supplier;

/**
 * How the client authenticates to a workspace. Built-in: {@link #personalAccessToken(String)} and
 * {@link #oauthM2M(String, String)} and {@link #tokenExchange(Supplier, String)} (token federation). Other methods
 * (Azure Entra)
 * implement this interface; an OAuth-based one exchanges its grant at the workspace token endpoint through
 * the {@link TokenEndpoint} it is handed.
 *
 * <p>Implementations must be thread-safe, must never expose a secret through {@code toString()},
 * {@link #description()} or an exception, and must scrub their secrets in {@link #redact(String)}.
 */
public interface AuthMethod {

    /**
     * The {@code Authorization} header value for the next request, fetching or refreshing a token if needed.
     *
     * @param tokenEndpoint the workspace's OAuth token endpoint, for methods that need one
     * @return a header value such as {@code Bearer <token>}
     * @throws InterruptedException when interrupted while fetching a token
     * @throws DatabricksException when a token cannot be obtained
     */
    String authorization(TokenEndpoint tokenEndpoint) throws InterruptedException;

    /**
     * Whether {@link #authorization} answers now, without a request or a wait (a fixed token, or a cached one not yet
     * due for refresh). Callers that must not block (the {@link Waiter}'s polls) fetch elsewhere when it is false.
     *
     * @return true when the header is at hand
     */
    default boolean ready() {
        return true;
    }

    /**
     * Told that the workspace refused the credential of a request sent with {@code rejectedAuthorization}: a 401,
     * or the 403 {@code {"error_code":403,"message":"Invalid access token."}} that workspaces send for an unknown
     * or expired token.
     *
     * @param rejectedAuthorization the header value that was refused
     * @return true when a different credential will be used next (the request is then repeated once)
     */
    default boolean invalidate(String rejectedAuthorization) {
        return false;
    }

    /**
     * Replaces every secret this method knows (tokens, client secrets) in {@code text} with {@code ****}.
     *
     * @param text any text about to be logged or put in an exception
     * @return the text without secrets
     */
    String redact(String text);

    /** @return a description for messages and logs, such as "OAuth service principal 1234-abcd"; no secret */
    String description();

    /**
     * A personal access token, sent as {@code Authorization: Bearer <token>}.
     *
     * @param token the token (Databricks tokens start with {@code dapi}); not blank
     * @return the auth method
     */
    static AuthMethod personalAccessToken(String token) {
        return new PersonalAccessToken(token);
    }

    /**
     * OAuth machine-to-machine for a service principal: access tokens are fetched with the client-credentials
     * grant from {@code /oidc/v1/token}, cached, and refreshed before they expire; concurrent callers share
     * one refresh.
     *
     * @param clientId the service principal's application (client) id; not blank
     * @param clientSecret its OAuth secret; not blank
     * @return the auth method
     */
    static AuthMethod oauthM2M(String clientId, String clientSecret) {
        return new OAuthM2M(clientId, clientSecret);
    }

    /**
     * OAuth token federation (workload identity federation): a JWT from an identity provider the account trusts
     * (a CI system's OIDC token) is exchanged at {@code /oidc/v1/token} with the RFC 8693 token-exchange grant
     * ({@code subject_token_type} JWT, {@code scope=all-apis}) for a Databricks access token, which is cached and
     * refreshed before it expires like {@link #oauthM2M}'s; concurrent callers share one exchange. Each exchange
     * asks {@code subjectTokens} for a JWT (never one sent before, which may have expired). No secret is needed.
     *
     * @param subjectTokens gives a current JWT of the identity provider each time it is asked; it may block, and
     *     a RuntimeException or a blank answer fails the request with {@code OIDC_TOKEN_UNAVAILABLE}
     * @param clientId the application id of the service principal whose federation policy trusts the JWT; null
     *     or blank for an account-wide federation policy (no {@code client_id} is sent)
     * @return the auth method
     */
    static AuthMethod tokenExchange(Supplier<String> subjectTokens, String clientId) {
        return new TokenExchange(subjectTokens, clientId);
    }
}
