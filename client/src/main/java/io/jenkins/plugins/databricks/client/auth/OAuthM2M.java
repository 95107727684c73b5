package io.jenkins.plugins.databricks.client.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OAuth client credentials for a service principal. One access token is cached per instance and refreshed
 * shortly before it expires; a lock makes concurrent callers wait for a single refresh instead of each
 * fetching its own.
 */
public final class OAuthM2M implements AuthMethod {
    private static final Logger LOG = Logger.getLogger(OAuthM2M.class.getName());
    /** Instances shared across clients, by host, client id and a digest of the secret (never the secret). */
    private static final Map<String, OAuthM2M> SHARED = new ConcurrentHashMap<>();
    /**
     * How long a shared instance may go unused before it is dropped with its token: longer than a token lives, so
     * a principal used now and then still fetches one token per lifetime at most.
     */
    public static final long IDLE_EVICTION_NANOS = 2 * 3600 * 1_000_000_000L;

    private final String clientId;
    private final String clientSecret;
    private final CachedAccessToken token = new CachedAccessToken(System::nanoTime);
    /** Tokens issued to this instance, newest first, kept to scrub them from messages. */
    private final Deque<String> issued = new ArrayDeque<>();
    private volatile long lastUsed = System.nanoTime();

    OAuthM2M(String clientId, String clientSecret) {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId must not be empty; expected the service principal's"
                    + " application id");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("clientSecret must not be empty; expected the service principal's"
                    + " OAuth secret");
        }
        this.clientId = clientId.strip();
        this.clientSecret = clientSecret.strip();
    }

    /**
     * The JVM-wide instance for this host and these credentials; {@code candidate} becomes it when there is none.
     */
    public static OAuthM2M shared(String host, OAuthM2M candidate) {
        String principal = host + '\n' + candidate.clientId + '\n';
        String key = principal + digest(candidate.clientSecret);
        long now = System.nanoTime();
        // a rotated secret replaces the old one: its instance, and the token fetched with it, go at once
        SHARED.entrySet().removeIf(e -> e.getKey().startsWith(principal) && !e.getKey().equals(key)
                || e.getValue().idleAt(now));
        OAuthM2M shared = SHARED.computeIfAbsent(key, k -> candidate);
        shared.lastUsed = now;
        return shared;
    }

    /** Drops the shared instances that will have been idle {@code laterNanos} from now; tests look ahead. */
    public static void evictIdleAfter(long laterNanos) {
        long at = System.nanoTime() + laterNanos;
        SHARED.values().removeIf(a -> a.idleAt(at));
    }

    /** @return how many shared instances the JVM holds, for tests */
    public static int sharedCount() {
        return SHARED.size();
    }

    private boolean idleAt(long now) {
        return now - lastUsed > IDLE_EVICTION_NANOS;
    }

    /** The client id and a digest of the secret; never the secret. */
    public String fingerprint() {
        return "sp:" + clientId + ":" + digest(clientSecret);
    }

    public static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean ready() {
        return token.ready();
    }

    @Override
    public String authorization(TokenEndpoint tokenEndpoint) throws InterruptedException {
        lastUsed = System.nanoTime();
        return token.authorization(() -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "client_credentials");
            form.put("scope", "all-apis");
            return tokenEndpoint.requestToken(form, clientId, clientSecret);
        }, "the OAuth token endpoint answered without an access_token for service principal " + clientId, got -> {
            synchronized (issued) {
                issued.addFirst(got.token());
                while (issued.size() > 8) {
                    issued.removeLast();
                }
            }
            LOG.log(Level.FINE, "Fetched an OAuth access token for service principal {0}, valid {1} s",
                    new Object[] {clientId, got.lifetimeSeconds()});
        });
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
        String out = text.replace(clientSecret, "****");
        synchronized (issued) {
            for (String t : issued) {
                out = out.replace(t, "****");
            }
        }
        return out;
    }

    @Override
    public String description() {
        return "OAuth service principal " + clientId;
    }

    @Override
    public String toString() {
        return "OAuthM2M[clientId=" + clientId + ", secret=****]";
    }
}
