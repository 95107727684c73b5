package io.jenkins.plugins.databricks.emulator.faults;

import java.time.Duration;
import java.util.Objects;

/** One injected misbehaviour of the server, applied to a request instead of (or before) its normal answer. */
public final class Fault {
    /** What the fault does. */
    public enum Kind { STATUS, HTML, DELAY, CLOSE_BEFORE_ANSWER, CLOSE_MID_ANSWER, RATE_LIMITED, MALFORMED_JSON }

    private final Kind kind;
    private final int status;
    private final Duration delay;
    private final long retryAfterSeconds;
    private final Object invalidTokenCode;

    private Fault(Kind kind, int status, Duration delay, long retryAfterSeconds) {
        this(kind, status, delay, retryAfterSeconds, null);
    }

    private Fault(Kind kind, int status, Duration delay, long retryAfterSeconds, Object invalidTokenCode) {
        this.kind = kind;
        this.status = status;
        this.delay = delay;
        this.retryAfterSeconds = retryAfterSeconds;
        this.invalidTokenCode = invalidTokenCode;
    }

    /**
     * The 403 a workspace (or its gateway) sends for a refused token, {@code {"error_code":"403","message":"Invalid
     * access token."}} with the code as a string; the emulator's own refusal uses the integer 403. For testing a
     * client against both spellings, whatever the token.
     */
    public static Fault invalidTokenWithStringCode() {
        return new Fault(Kind.STATUS, 403, Duration.ZERO, 0, "403");
    }

    /** An error status with a Databricks-shaped JSON body (500 INTERNAL_ERROR, 503 TEMPORARILY_UNAVAILABLE, ...). */
    public static Fault status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be between 400 and 599, got " + status);
        }
        return new Fault(Kind.STATUS, status, Duration.ZERO, 0);
    }

    /** An HTML error page as a proxy or gateway would send it, with content type text/html. */
    public static Fault html(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be between 400 and 599, got " + status);
        }
        return new Fault(Kind.HTML, status, Duration.ZERO, 0);
    }

    /** The normal answer, sent after a wall-clock delay. */
    public static Fault delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        return new Fault(Kind.DELAY, 200, delay, 0);
    }

    /** The connection is closed without any response bytes. */
    public static Fault closeBeforeAnswer() {
        return new Fault(Kind.CLOSE_BEFORE_ANSWER, 0, Duration.ZERO, 0);
    }

    /** Status line, headers (with the full Content-Length) and part of the body, then the connection closes. */
    public static Fault closeMidAnswer() {
        return new Fault(Kind.CLOSE_MID_ANSWER, 200, Duration.ZERO, 0);
    }

    /** One 429 REQUEST_LIMIT_EXCEEDED; {@code retryAfterSeconds <= 0} sends no Retry-After header. */
    public static Fault rateLimited(long retryAfterSeconds) {
        return new Fault(Kind.RATE_LIMITED, 429, Duration.ZERO, Math.max(0, retryAfterSeconds));
    }

    /** A 200 whose JSON body is cut short. */
    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, 200, Duration.ZERO, 0);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public Duration delay() {
        return delay;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The error_code of an invalid-token answer ("403" as a string), or null for the usual error bodies. */
    Object invalidTokenCode() {
        return invalidTokenCode;
    }

    @Override
    public String toString() {
        switch (kind) {
            case STATUS:
                return invalidTokenCode != null ? "invalid_token(\"403\")" : "status(" + status + ")";
            case HTML:
                return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + status + ")";
            case DELAY:
                return "delay(" + delay.toMillis() + "ms)";
            case RATE_LIMITED:
                return "rate_limited(" + retryAfterSeconds + ")";
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
