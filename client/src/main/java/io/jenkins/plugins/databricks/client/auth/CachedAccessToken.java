package io.jenkins.plugins.databricks.client.auth;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The access token of an OAuth auth method ({@link OAuthM2M}, {@link TokenExchange}): cached until a quarter of its
 * lifetime before it expires (at most a minute early), so a request never carries a dying token; concurrent callers
 * wait for one fetch instead of each fetching its own; dropped when the workspace refuses it. Thread-safe.
 */
final class CachedAccessToken {
    private static final long DEFAULT_LIFETIME_SECONDS = 3600;
    private static final long MAX_EARLY_REFRESH_NANOS = 60_000_000_000L;

    /** Asks the token endpoint for a new token: its JSON answer ({@code access_token}, {@code expires_in}). */
    interface Fetch {
        Map<String, Object> fetch() throws InterruptedException;
    }

    /** What a fetched token is good for: its value and how long it lived. */
    record Issued(String token, long lifetimeSeconds) {
    }

    private record Cached(String token, long refreshAtNanos) {
    }

    private final LongSupplier nanoTime;
    private final ReentrantLock refresh = new ReentrantLock();
    private volatile Cached cached;

    CachedAccessToken(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** @return whether a token is at hand that is not yet due for refresh */
    boolean ready() {
        Cached c = cached;
        return c != null && nanoTime.getAsLong() - c.refreshAtNanos < 0;
    }

    /**
     * @param fetch how to get a new token when none is at hand
     * @param missing the message when the answer holds no {@code access_token}
     * @param issued told of each new token (to scrub it from messages) with its lifetime, before it is used
     * @return the {@code Authorization} header value
     */
    String authorization(Fetch fetch, String missing, java.util.function.Consumer<Issued> issued)
            throws InterruptedException {
        Cached c = cached;
        if (c != null && nanoTime.getAsLong() - c.refreshAtNanos < 0) {
            return "Bearer " + c.token;
        }
        refresh.lockInterruptibly();
        try {
            c = cached;
            if (c != null && nanoTime.getAsLong() - c.refreshAtNanos < 0) {
                return "Bearer " + c.token;
            }
            long before = nanoTime.getAsLong();
            Map<String, Object> answer = fetch.fetch();
            Object token = answer.get("access_token");
            if (!(token instanceof String) || ((String) token).isBlank()) {
                throw new DatabricksException("OAUTH_INVALID_RESPONSE", missing);
            }
            long lifetime = answer.get("expires_in") instanceof Number
                    ? Math.max(1, ((Number) answer.get("expires_in")).longValue()) : DEFAULT_LIFETIME_SECONDS;
            long lifetimeNanos = lifetime * 1_000_000_000L;
            long early = Math.min(MAX_EARLY_REFRESH_NANOS, lifetimeNanos / 4);
            issued.accept(new Issued((String) token, lifetime));
            c = new Cached((String) token, before + lifetimeNanos - early);
            cached = c;
            return "Bearer " + c.token;
        } finally {
            refresh.unlock();
        }
    }

    /** The workspace refused {@code rejectedAuthorization}: when it is the cached token, the next call fetches. */
    void invalidate(String rejectedAuthorization) {
        Cached c = cached;
        if (c != null && rejectedAuthorization.equals("Bearer " + c.token)) {
            cached = null;
        }
    }
}
