package io.jenkins.plugins.databricks.client.core;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;

/**
 * One logical request of a {@link Transport} across its attempts: builds each attempt, judges each answer (success,
 * an error to retry after a delay, a refused token to refresh once, a failure) and says what happens next as an
 * {@link Outcome}. Whether a thread waits in between ({@link Transport#send}) or a scheduler does
 * ({@link AsyncExchange}) is the caller's business.
 */
final class Exchange {
    private final Transport t;
    final Transport.Request request;
    private final URI uri;
    final String fixedAuthorization;
    private final String accept;
    private final long start;
    private final AtomicBoolean answerStarted = new AtomicBoolean();
    private boolean refreshed;
    int attempt;
    private long permit;
    private String authorization;

    Exchange(Transport t, Transport.Request request, String fixedAuthorization) {
        this(t, request, fixedAuthorization, "application/json");
    }

    Exchange(Transport t, Transport.Request request, String fixedAuthorization, String accept) {
        this.t = t;
        this.request = request;
        this.uri = t.uri(request);
        this.fixedAuthorization = fixedAuthorization;
        this.accept = accept;
        this.start = t.policy.clock().millis();
    }

    /** The next attempt, sent in the rate limiter's slot {@code permit}. */
    HttpRequest next(long permit) throws InterruptedException {
        attempt++;
        this.permit = permit;
        answerStarted.set(false);
        authorization = fixedAuthorization != null ? fixedAuthorization : t.auth.authorization(t);
        return t.build(uri, request, authorization, accept);
    }

    HttpResponse.BodyHandler<byte[]> handler() {
        return info -> {
            answerStarted.set(true);
            return HttpResponse.BodySubscribers.ofByteArray();
        };
    }

    HttpResponse.BodyHandler<InputStream> streamHandler(Duration idle) {
        return info -> {
            answerStarted.set(true);
            return new StreamedAnswer(idle);
        };
    }

    /** A streamed answer: an error answer is read (at most {@value Transport#MAX_ERROR_BODY} bytes) and judged as usual. */
    <T> Outcome received(HttpResponse<InputStream> response, Transport.BodyReader<T> reader) throws InterruptedException {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(Transport.MAX_ERROR_BODY);
            } catch (IOException e) {
                return brokenOff(e);
            }
            return answered(status, response.headers(), body);
        }
        t.limiter.onSuccess(permit);
        Transport.log(request, status, attempt);
        try (InputStream in = AnswerBodies.decoded(response.body(), response.headers())) {
            return Outcome.done(reader.read(in, response.headers()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return retryOrFail(new Failure(status, null, "the answer is not valid JSON (" + AnswerBodies.describe(e) + ")",
                    false, true, null, e));
        } catch (IOException e) {
            return brokenOff(e);
        }
    }

    private Outcome brokenOff(IOException e) throws InterruptedException {
        if (e instanceof InterruptedIOException && Thread.interrupted()) {
            InterruptedException stop = new InterruptedException("interrupted while reading the answer to "
                    + request.method() + " " + request.path());
            stop.initCause(e);
            throw stop;
        }
        return failed(e);
    }

    Outcome answered(HttpResponse<byte[]> response) {
        return answered(response.statusCode(), response.headers(), response.body());
    }

    private Outcome answered(int status, HttpHeaders headers, byte[] raw) {
        if (status != 429) {
            t.limiter.onSuccess(permit);
        }
        byte[] body;
        try {
            body = AnswerBodies.decode(raw, headers);
        } catch (IOException e) {
            return failed(e);
        }
        String contentType = headers.firstValue("Content-Type").orElse("");
        Transport.log(request, status, attempt);
        Failure failure;
        if (status >= 200 && status < 300) {
            try {
                return Outcome.done(AnswerBodies.parseSuccess(body, contentType));
            } catch (IOException e) {
                failure = new Failure(status, null, "the answer is not valid JSON (" + AnswerBodies.describe(e) + ")",
                        false, true, null, e);
            }
        } else {
            ErrorBodies.ErrorInfo info = status >= 300 && status < 400
                    ? AnswerBodies.redirect(headers) : ErrorBodies.parse(status, contentType, body);
            boolean rejected = fixedAuthorization == null && ErrorBodies.isRejectedCredential(status, info);
            if (rejected && !refreshed && t.auth.invalidate(authorization)) {
                refreshed = true;
                Transport.LOG.log(Level.FINE, "{0} {1}: {2}, the token was refused; repeating once with a fresh token",
                        new Object[] {request.method(), request.path(), status});
                return new Outcome(null, Duration.ZERO, null);
            }
            if (rejected) {
                info = new ErrorBodies.ErrorInfo(info.errorCode(), (info.message() == null ? ""
                        : info.message() + " ") + "[invalid or expired token: the workspace refused the "
                        + t.auth.description() + "; create a new token or secret and update the credential]");
            }
            boolean always = t.policy.retriesStatus(status, false);
            failure = new Failure(status, info.errorCode(), info.message(), always,
                    t.policy.retriesStatus(status, true), headers.firstValue("Retry-After").orElse(null), null);
        }
        return retryOrFail(failure);
    }

    Outcome failed(IOException e) {
        Failure failure;
        if (e instanceof HttpConnectTimeoutException) {
            failure = new Failure(0, null, "could not connect to " + t.host + " within the connect timeout",
                    true, true, null, e);
        } else if (e instanceof HttpTimeoutException) {
            failure = new Failure(0, null, "no answer within " + (request.timeout() != null ? request.timeout()
                    : t.requestTimeout) + " (request timeout)",
                    false, true, null, e);
        } else if (e instanceof StreamedAnswer.Stalled) {
            failure = new Failure(0, null, "the answer stalled part-way (" + AnswerBodies.describe(e) + ")", false, true,
                    null, e);
        } else if (e instanceof ConnectException) {
            failure = new Failure(0, null, "could not connect to " + t.host + " (" + AnswerBodies.describe(e) + ")",
                    true, true, null, e);
        } else {
            failure = answerStarted.get()
                    ? new Failure(0, null, "the connection closed part-way through the answer ("
                            + AnswerBodies.describe(e) + ")", false, true, null, e)
                    : new Failure(0, null, "the connection closed before any answer (" + AnswerBodies.describe(e) + ")",
                            true, true, null, e);
        }
        return retryOrFail(failure);
    }

    private Outcome retryOrFail(Failure failure) {
        boolean retryable = request.repeatable()
                && (failure.retryable || (request.safe() && failure.retryableIfSafe));
        if (!retryable) {
            String note = !request.repeatable() && (failure.retryable || failure.retryableIfSafe)
                    ? " [not repeated: the upload's stream cannot be read twice]"
                    : failure.retryableIfSafe && !request.safe()
                    ? " [not repeated: " + request.method() + " " + request.path() + " is not safe to repeat]" : "";
            return new Outcome(null, null, t.fail(request, failure, attempt, note));
        }
        if (attempt >= t.policy.maxAttempts()) {
            if (failure.status == 429) {
                t.limiter.onThrottled(permit, t.policy.delayBefore(attempt, failure.retryAfter));
            }
            return new Outcome(null, null, t.fail(request, failure, attempt, ""));
        }
        Duration delay = t.policy.delayBefore(attempt, failure.retryAfter);
        if (failure.status == 429) {
            t.limiter.onThrottled(permit, delay);
        }
        long elapsed = t.policy.clock().millis() - start;
        if (elapsed + delay.toMillis() > t.policy.totalBudget().toMillis()) {
            return new Outcome(null, null, t.fail(request, failure, attempt, " [retry budget of "
                    + t.policy.totalBudget() + " exhausted]"));
        }
        if (Transport.LOG.isLoggable(Level.FINE)) {
            Transport.LOG.fine(t.redact(request.method() + " " + request.path() + ": " + Transport.summary(failure) + "; attempt "
                    + attempt + " of " + t.policy.maxAttempts() + ", retrying in " + delay.toMillis() + " ms",
                    request));
        }
        return new Outcome(null, delay, null);
    }

    /** A failed attempt: what to report and whether another attempt may help. */
    static final class Failure {
        final int status;
        final String errorCode;
        final String message;
        final boolean retryable;
        final boolean retryableIfSafe;
        final String retryAfter;
        final Throwable cause;

        Failure(int status, String errorCode, String message, boolean retryable, boolean retryableIfSafe,
                String retryAfter, Throwable cause) {
            this.status = status;
            this.errorCode = errorCode;
            this.message = message;
            this.retryable = retryable;
            this.retryableIfSafe = retryableIfSafe;
            this.retryAfter = retryAfter;
            this.cause = cause;
        }
    }

    /** What an attempt leads to: a value, a failure, or another attempt after {@code retryIn}. */
    record Outcome(Object value, Duration retryIn, DatabricksException failure) {
        static Outcome done(Object value) {
            return new Outcome(value, null, null);
        }
    }
}
