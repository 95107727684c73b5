package io.jenkins.plugins.databricks.client.auth;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * OAuth token federation (workload identity federation): a JWT from the caller's identity provider (a CI system's
 * OIDC token) is exchanged at the workspace's {@code /oidc/v1/token} with the RFC 8693 token-exchange grant for a
 * Databricks access token. The token is cached and refreshed like {@link OAuthM2M}'s; each exchange asks the
 * supplier for a JWT, since the CI's tokens are short-lived and one already sent may have expired.
 */
final class TokenExchange implements AuthMethod {
    private static final Logger LOG = Logger.getLogger(TokenExchange.class.getName());
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    private static final int REMEMBERED = 8;
    /** A JWT in a message this method did not write (a base64url JSON header always starts with eyJ). */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final Supplier<String> subjectTokens;
    private final String clientId;
    private final CachedAccessToken token;
    /** Subject JWTs sent and access tokens received, newest first, kept to scrub them from messages. */
    private final Deque<String> secrets = new ArrayDeque<>();

    TokenExchange(Supplier<String> subjectTokens, String clientId) {
        this(subjectTokens, clientId, System::nanoTime);
    }

    /** With a time source of its own, so tests can step past the refresh point. */
    TokenExchange(Supplier<String> subjectTokens, String clientId, LongSupplier nanoTime) {
        if (subjectTokens == null) {
            throw new IllegalArgumentException("subjectTokens must not be null; expected a source of the identity"
                    + " provider's JWTs");
        }
        this.subjectTokens = subjectTokens;
        this.clientId = clientId == null || clientId.isBlank() ? null : clientId.strip();
        this.token = new CachedAccessToken(nanoTime);
    }

    @Override
    public boolean ready() {
        return token.ready();
    }

    @Override
    public String authorization(TokenEndpoint tokenEndpoint) throws InterruptedException {
        return token.authorization(() -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", GRANT_TYPE);
            form.put("subject_token", subjectToken()); // a fresh JWT for each exchange
            form.put("subject_token_type", JWT_TYPE);
            form.put("scope", "all-apis");
            if (clientId != null) {
                form.put("client_id", clientId);
            }
            return tokenEndpoint.requestToken(form, null, null);
        }, "the OAuth token endpoint answered a token exchange without an access_token (" + description() + ")",
                got -> {
                    remember(got.token());
                    LOG.log(Level.FINE, "Exchanged an identity provider token for a Databricks access token ({0}),"
                            + " valid {1} s", new Object[] {description(), got.lifetimeSeconds()});
                });
    }

    private String subjectToken() {
        String jwt;
        try {
            jwt = subjectTokens.get();
        } catch (RuntimeException e) {
            // the supplier's message is the caller's; it is scrubbed of what this method knows, not repeated raw
            throw new DatabricksException("OIDC_TOKEN_UNAVAILABLE", "could not get a token from the identity"
                    + " provider for " + description() + ": "
                    + JWT.matcher(redact(String.valueOf(e.getMessage()))).replaceAll("****"));
        }
        if (jwt == null || jwt.isBlank()) {
            throw new DatabricksException("OIDC_TOKEN_UNAVAILABLE", "the identity provider gave no token to exchange"
                    + " for " + description());
        }
        jwt = jwt.strip();
        remember(jwt);
        return jwt;
    }

    private void remember(String secret) {
        synchronized (secrets) {
            secrets.remove(secret);
            secrets.addFirst(secret);
            while (secrets.size() > REMEMBERED) {
                secrets.removeLast();
            }
        }
    }

    @Override
    public boolean invalidate(String rejectedAuthorization) {
        token.invalidate(rejectedAuthorization);
        return true;
    }

    @Override
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        synchronized (secrets) {
            for (String s : secrets) {
                out = out.replace(s, "****");
            }
        }
        return out;
    }

    @Override
    public String description() {
        return clientId == null ? "OAuth token federation" : "OAuth token federation for service principal "
                + clientId;
    }

    @Override
    public String toString() {
        return "TokenExchange[" + (clientId == null ? "account-wide" : "clientId=" + clientId) + ", tokens=****]";
    }
}
