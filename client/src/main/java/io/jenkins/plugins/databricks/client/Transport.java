package io.jenkins.plugins.databricks.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

/**
 * Sends one logical request: paces it through the host's rate limiter, authenticates it, repeats it as the
 * retry policy allows, and turns the answer into plain values or a {@link DatabricksException}.
 */
final class Transport implements TokenEndpoint {
    private static final Logger LOG = Logger.getLogger(DatabricksClient.class.getName());
    static final String TOKEN_PATH = "/oidc/v1/token";
    /** The most of an error answer a streamed request reads: enough for any error body Databricks sends. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    private final String host;
    private final String authority;
    private final HttpClient http;
    private final AuthMethod auth;
    private final RetryPolicy policy;
    private final RateLimiter limiter;
    private final Duration requestTimeout;
    private final String userAgent;

    /**
     * One logical request. {@code sensitive} holds values (secrets being written) to scrub from messages. A
     * {@code stream} body (an upload) is used instead of {@code body}; when it cannot be produced twice
     * ({@code repeatable} false, an InputStream) the request is never repeated, whatever failed. {@code timeout}
     * replaces the client's request timeout when set: an upload's answer comes only after all of its bytes.
     */
    record Request(String method, String path, List<Map.Entry<String, String>> query, byte[] body,
                   String contentType, boolean safe, List<String> sensitive,
                   java.util.function.Supplier<HttpRequest.BodyPublisher> stream, boolean repeatable,
                   Duration timeout) {
        Request {
            query = query == null ? List.of() : query;
            sensitive = sensitive == null ? List.of() : sensitive;
        }

        Request(String method, String path, List<Map.Entry<String, String>> query, byte[] body, String contentType,
                boolean safe, List<String> sensitive) {
            this(method, path, query, body, contentType, safe, sensitive, null, true, null);
        }

        static Request upload(String method, String path, List<Map.Entry<String, String>> query,
                              java.util.function.Supplier<HttpRequest.BodyPublisher> stream, boolean repeatable,
                              boolean safe, Duration timeout) {
            return new Request(method, path, query, null, "application/octet-stream", safe, List.of(), stream,
                    repeatable, timeout);
        }

        static Request json(String method, String path, List<Map.Entry<String, String>> query, Object body,
                            boolean safe) {
            return new Request(method, path, query, body == null ? null : Json.write(body),
                    body == null ? null : "application/json", safe, List.of());
        }
    }

    Transport(String host, HttpClient http, AuthMethod auth, RetryPolicy policy, RateLimiter limiter,
              Duration requestTimeout, String userAgent) {
        this.host = host;
        this.authority = URI.create(host).getRawAuthority();
        this.http = http;
        this.auth = auth;
        this.policy = policy;
        this.limiter = limiter;
        this.requestTimeout = requestTimeout;
        this.userAgent = userAgent;
    }

    RetryPolicy policy() {
        return policy;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** Sends an authenticated API request. */
    Object send(Request request) throws InterruptedException {
        return exchange(request, null);
    }

    /**
     * Reads a successful answer as a stream, on the caller's thread. An {@link IOException} out of the reader means
     * the answer broke off: the request is repeated as the retry policy allows for a safe request (the reader then
     * starts again with the new answer); anything unchecked it throws ends the call.
     */
    interface BodyReader<T> {
        T read(InputStream body, HttpHeaders headers) throws IOException;
    }

    /**
     * Sends an authenticated request whose answer is streamed to {@code reader} instead of collected: rate limiting,
     * authentication, retries and error answers as for {@link #send}. An attempt whose answer stops for the request
     * timeout ends like one whose connection closed part-way.
     *
     * @param accept the Accept header
     * @return what the reader returned for the successful answer
     */
    <T> T receive(Request request, String accept, BodyReader<T> reader) throws InterruptedException {
        Exchange ex = new Exchange(request, null, accept);
        RetryPolicy.Sleeper sleeper = policy.sleeper();
        Duration idle = request.timeout() != null ? request.timeout() : requestTimeout;
        while (true) {
            HttpRequest httpRequest = ex.next(limiter.acquire(sleeper));
            Outcome outcome;
            try {
                outcome = ex.received(http.send(httpRequest, ex.streamHandler(idle)), reader);
            } catch (IOException e) {
                outcome = ex.failed(e);
            }
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            if (outcome.retryIn() == null) {
                @SuppressWarnings("unchecked")
                T value = (T) outcome.value();
                return value;
            }
            sleeper.sleep(outcome.retryIn());
        }
    }

    @Override
    public Map<String, Object> requestToken(Map<String, String> form, String clientId, String clientSecret)
            throws InterruptedException {
        List<Map.Entry<String, String>> fields = new ArrayList<>(form.entrySet());
        byte[] body = PlainValues.encodeQuery(fields).getBytes(StandardCharsets.UTF_8);
        String basic = null;
        List<String> sensitive = new ArrayList<>();
        form.forEach((k, v) -> {
            // a *_type field names a kind of token (urn:ietf:params:oauth:token-type:jwt), not a token
            if ((k.contains("secret") || k.contains("token") || k.contains("assertion")) && !k.endsWith("_type")) {
                sensitive.add(v);
            }
        });
        if (clientId != null && clientSecret != null) {
            String pair = PlainValues.encode(clientId) + ":" + PlainValues.encode(clientSecret);
            basic = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            sensitive.add(clientSecret);
        }
        Request r = new Request("POST", TOKEN_PATH, List.of(), body, "application/x-www-form-urlencoded", true,
                sensitive);
        Object answer = exchange(r, basic == null ? "" : basic);
        if (!(answer instanceof Map)) {
            throw new DatabricksException("POST", TOKEN_PATH, 200, "OAUTH_INVALID_RESPONSE",
                    "the OAuth token endpoint did not answer with a JSON object", 1, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) answer;
        return map;
    }

    /** A failed attempt: what to report and whether another attempt may help. */
    private static final class Failure {
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

    /**
     * @param fixedAuthorization null to authenticate with the auth method, "" for no header, or a header value
     */
    private Object exchange(Request request, String fixedAuthorization) throws InterruptedException {
        Exchange ex = new Exchange(request, fixedAuthorization);
        RetryPolicy.Sleeper sleeper = policy.sleeper();
        while (true) {
            HttpRequest httpRequest = ex.next(limiter.acquire(sleeper));
            Outcome outcome;
            try {
                outcome = ex.answered(http.send(httpRequest, ex.handler()));
            } catch (IOException e) {
                outcome = ex.failed(e);
            }
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            if (outcome.retryIn() == null) {
                return outcome.value();
            }
            sleeper.sleep(outcome.retryIn());
        }
    }

    /**
     * Sends an authenticated API request without holding a thread while it waits: for its rate-limiter slot,
     * for the answer, and between retries, the request is only a task scheduled on {@code scheduler}. Attempts,
     * retries and failures are exactly those of {@link #send}. When the auth method has a header at hand it is
     * asked on a scheduler thread; when it must fetch or refresh a token first (an OAuth token, once an hour), that
     * blocking call runs on {@code blocking} instead, so it never holds a scheduler thread.
     *
     * @param request the request
     * @param scheduler runs every step; the answer's future completes on one of its threads
     * @param blocking runs a token fetch; null to run it on the scheduler
     * @return the parsed answer, or a {@link DatabricksException} (or the failure of the auth method)
     */
    CompletableFuture<Object> sendAsync(Request request, ScheduledExecutorService scheduler,
            java.util.concurrent.Executor blocking) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        new AsyncExchange(new Exchange(request, null), scheduler, blocking, result).acquire(false);
        return result;
    }

    /** What an attempt leads to: a value, a failure, or another attempt after {@code retryIn}. */
    private record Outcome(Object value, Duration retryIn, DatabricksException failure) {
        static Outcome done(Object value) {
            return new Outcome(value, null, null);
        }
    }

    /** One logical request across its attempts. */
    private final class Exchange {
        private final Request request;
        private final URI uri;
        private final String fixedAuthorization;
        private final String accept;
        private final long start = policy.clock().millis();
        private final AtomicBoolean answerStarted = new AtomicBoolean();
        private boolean refreshed;
        private int attempt;
        private long permit;
        private String authorization;

        Exchange(Request request, String fixedAuthorization) {
            this(request, fixedAuthorization, "application/json");
        }

        Exchange(Request request, String fixedAuthorization, String accept) {
            this.request = request;
            this.uri = uri(request);
            this.fixedAuthorization = fixedAuthorization;
            this.accept = accept;
        }

        /** The next attempt, sent in the rate limiter's slot {@code permit}. */
        HttpRequest next(long permit) throws InterruptedException {
            attempt++;
            this.permit = permit;
            answerStarted.set(false);
            authorization = fixedAuthorization != null ? fixedAuthorization : auth.authorization(Transport.this);
            return build(uri, request, authorization, accept);
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

        /** A streamed answer: an error answer is read (at most {@value #MAX_ERROR_BODY} bytes) and judged as usual. */
        <T> Outcome received(HttpResponse<InputStream> response, BodyReader<T> reader) throws InterruptedException {
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                byte[] body;
                try (InputStream in = response.body()) {
                    body = in.readNBytes(MAX_ERROR_BODY);
                } catch (IOException e) {
                    return brokenOff(e);
                }
                return answered(status, response.headers(), body);
            }
            limiter.onSuccess(permit);
            log(request, status, attempt);
            try (InputStream in = decoded(response.body(), response.headers())) {
                return Outcome.done(reader.read(in, response.headers()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return retryOrFail(new Failure(status, null, "the answer is not valid JSON (" + describe(e) + ")",
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
                limiter.onSuccess(permit);
            }
            byte[] body;
            try {
                body = decode(raw, headers);
            } catch (IOException e) {
                return failed(e);
            }
            String contentType = headers.firstValue("Content-Type").orElse("");
            log(request, status, attempt);
            Failure failure;
            if (status >= 200 && status < 300) {
                try {
                    return Outcome.done(parseSuccess(body, contentType));
                } catch (IOException e) {
                    failure = new Failure(status, null, "the answer is not valid JSON (" + describe(e) + ")",
                            false, true, null, e);
                }
            } else {
                ErrorBodies.ErrorInfo info = status >= 300 && status < 400
                        ? redirect(headers) : ErrorBodies.parse(status, contentType, body);
                boolean rejected = fixedAuthorization == null && ErrorBodies.isRejectedCredential(status, info);
                if (rejected && !refreshed && auth.invalidate(authorization)) {
                    refreshed = true;
                    LOG.log(Level.FINE, "{0} {1}: {2}, the token was refused; repeating once with a fresh token",
                            new Object[] {request.method(), request.path(), status});
                    return new Outcome(null, Duration.ZERO, null);
                }
                if (rejected) {
                    info = new ErrorBodies.ErrorInfo(info.errorCode(), (info.message() == null ? ""
                            : info.message() + " ") + "[invalid or expired token: the workspace refused the "
                            + auth.description() + "; create a new token or secret and update the credential]");
                }
                boolean always = policy.retriesStatus(status, false);
                failure = new Failure(status, info.errorCode(), info.message(), always,
                        policy.retriesStatus(status, true), headers.firstValue("Retry-After").orElse(null), null);
            }
            return retryOrFail(failure);
        }

        Outcome failed(IOException e) {
            Failure failure;
            if (e instanceof HttpConnectTimeoutException) {
                failure = new Failure(0, null, "could not connect to " + host + " within the connect timeout",
                        true, true, null, e);
            } else if (e instanceof HttpTimeoutException) {
                failure = new Failure(0, null, "no answer within " + (request.timeout() != null ? request.timeout()
                        : requestTimeout) + " (request timeout)",
                        false, true, null, e);
            } else if (e instanceof StreamedAnswer.Stalled) {
                failure = new Failure(0, null, "the answer stalled part-way (" + describe(e) + ")", false, true,
                        null, e);
            } else if (e instanceof ConnectException) {
                failure = new Failure(0, null, "could not connect to " + host + " (" + describe(e) + ")",
                        true, true, null, e);
            } else {
                failure = answerStarted.get()
                        ? new Failure(0, null, "the connection closed part-way through the answer ("
                                + describe(e) + ")", false, true, null, e)
                        : new Failure(0, null, "the connection closed before any answer (" + describe(e) + ")",
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
                return new Outcome(null, null, fail(request, failure, attempt, note));
            }
            if (attempt >= policy.maxAttempts()) {
                if (failure.status == 429) {
                    limiter.onThrottled(permit, policy.delayBefore(attempt, failure.retryAfter));
                }
                return new Outcome(null, null, fail(request, failure, attempt, ""));
            }
            Duration delay = policy.delayBefore(attempt, failure.retryAfter);
            if (failure.status == 429) {
                limiter.onThrottled(permit, delay);
            }
            long elapsed = policy.clock().millis() - start;
            if (elapsed + delay.toMillis() > policy.totalBudget().toMillis()) {
                return new Outcome(null, null, fail(request, failure, attempt, " [retry budget of "
                        + policy.totalBudget() + " exhausted]"));
            }
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(redact(request.method() + " " + request.path() + ": " + summary(failure) + "; attempt "
                        + attempt + " of " + policy.maxAttempts() + ", retrying in " + delay.toMillis() + " ms",
                        request));
            }
            return new Outcome(null, delay, null);
        }
    }

    /** Drives an {@link Exchange} with scheduled tasks instead of a waiting thread. */
    private final class AsyncExchange {
        private final Exchange ex;
        private final ScheduledExecutorService scheduler;
        private final java.util.concurrent.Executor blocking;
        private final CompletableFuture<Object> result;

        AsyncExchange(Exchange ex, ScheduledExecutorService scheduler, java.util.concurrent.Executor blocking,
                CompletableFuture<Object> result) {
            this.ex = ex;
            this.scheduler = scheduler;
            this.blocking = blocking;
            this.result = result;
        }

        /** Takes the next rate-limiter slot and sends then; a 429 pause seen meanwhile is waited out once. */
        void acquire(boolean pauseChecked) {
            long slot = limiter.reserve();
            later(limiter.nanosUntil(slot), () -> {
                if (!pauseChecked && limiter.pausedAfter(slot)) {
                    acquire(true);
                } else {
                    send(slot);
                }
            });
        }

        private void send(long slot) {
            if (blocking != null && ex.fixedAuthorization == null && !auth.ready()) {
                try {
                    blocking.execute(() -> {
                        if (!result.isDone()) {
                            authenticateAndSend(slot);
                        }
                    });
                    return;
                } catch (RejectedExecutionException e) {
                    // the blocking pool is gone (Jenkins is going down): fetch here rather than not at all
                }
            }
            authenticateAndSend(slot);
        }

        private void authenticateAndSend(long slot) {
            HttpRequest httpRequest;
            try {
                httpRequest = ex.next(slot);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
                return;
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            http.sendAsync(httpRequest, ex.handler()).whenComplete((response, error) -> later(0, () -> {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause != null && !(cause instanceof IOException)) {
                    result.completeExceptionally(cause);
                    return;
                }
                Outcome outcome = cause != null ? ex.failed((IOException) cause) : ex.answered(response);
                if (outcome.failure() != null) {
                    result.completeExceptionally(outcome.failure());
                } else if (outcome.retryIn() == null) {
                    result.complete(outcome.value());
                } else {
                    later(outcome.retryIn().toNanos(), () -> acquire(false));
                }
            }));
        }

        /** Runs a step on the scheduler, now or after a delay, unless the caller gave up on the answer. */
        private void later(long nanos, Runnable step) {
            Runnable guarded = () -> {
                if (result.isDone()) {
                    return;
                }
                try {
                    step.run();
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            };
            try {
                if (nanos > 0) {
                    scheduler.schedule(guarded, nanos, TimeUnit.NANOSECONDS);
                } else {
                    scheduler.execute(guarded);
                }
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new DatabricksException(request().method(), request().path(), 0,
                        null, "the scheduler was shut down before the request ended", ex.attempt, e));
            }
        }

        private Request request() {
            return ex.request;
        }
    }

    private static ErrorBodies.ErrorInfo redirect(HttpHeaders headers) {
        String target = headers.firstValue("Location").map(l -> {
            try {
                URI u = URI.create(l);
                return u.getAuthority() == null ? "another path" : u.getScheme() + "://" + u.getAuthority();
            } catch (IllegalArgumentException e) {
                return "an unreadable location";
            }
        }).orElse("an unnamed location");
        return new ErrorBodies.ErrorInfo(null, "the workspace redirected to " + target + "; redirects are not"
                + " followed, so credentials never leave the configured host: check the workspace URL");
    }

    private URI uri(Request request) {
        String q = request.query().isEmpty() ? "" : "?" + PlainValues.encodeQuery(request.query());
        URI uri = URI.create(host + request.path() + q);
        // belt and braces: whatever the path validation missed, never send anywhere but the workspace
        if (!authority.equals(uri.getRawAuthority()) || !request.path().equals(uri.getRawPath())) {
            throw new IllegalArgumentException("path must stay on the configured workspace " + host);
        }
        return uri;
    }

    private HttpRequest build(URI uri, Request request, String authorization, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(request.timeout() != null ? request.timeout() : requestTimeout)
                .header("User-Agent", userAgent)
                .header("Accept", accept)
                .header("Accept-Encoding", "gzip");
        if (!authorization.isEmpty()) {
            b.header("Authorization", authorization);
        }
        if (request.stream() != null) {
            b.header("Content-Type", request.contentType());
            b.method(request.method(), request.stream().get());
        } else if (request.body() != null) {
            b.header("Content-Type", request.contentType());
            b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private static boolean gzip(HttpHeaders headers) {
        return headers.firstValue("Content-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("gzip"))
                .orElse(false);
    }

    private static byte[] decode(byte[] body, HttpHeaders headers) throws IOException {
        if (!gzip(headers) || body == null || body.length == 0) {
            return body;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /** A streamed answer as its sender meant it: gzip undone. An empty gzip answer (HEAD) stays empty. */
    private static InputStream decoded(InputStream body, HttpHeaders headers) throws IOException {
        if (!gzip(headers)) {
            return body;
        }
        java.io.PushbackInputStream in = new java.io.PushbackInputStream(body, 1);
        int first = in.read();
        if (first < 0) {
            return in;
        }
        in.unread(first);
        return new GZIPInputStream(in, 64 * 1024);
    }

    /**
     * JSON answers as plain values, other text as a String, a blank body as null. Looks at the first non-blank
     * byte rather than decoding the body into a String first, which for a JSON answer was a copy thrown away.
     */
    static Object parseSuccess(byte[] body, String contentType) throws IOException {
        if (body == null) {
            return null;
        }
        int i = 0;
        while (i < body.length && body[i] >= 0 && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i == body.length) {
            return null;
        }
        if (body[i] == '{' || body[i] == '[' || contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return Json.parse(body);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.isBlank() ? null : text;
    }

    private DatabricksException fail(Request request, Failure f, int attempts, String note) {
        String message = f.message == null ? null : redact(f.message + note, request);
        if (message == null && !note.isEmpty()) {
            message = note.strip();
        }
        String code = f.errorCode == null ? null : redact(f.errorCode, request);
        LOG.log(Level.FINE, "{0} {1} failed after {2} attempt(s): status {3}",
                new Object[] {request.method(), request.path(), attempts, f.status});
        return new DatabricksException(request.method(), request.path(), f.status, code, message, attempts, f.cause);
    }

    private String redact(String text, Request request) {
        String out = auth.redact(text);
        for (String s : request.sensitive()) {
            if (s != null && !s.isEmpty()) {
                out = out.replace(s, "****");
            }
        }
        return out;
    }

    private static String summary(Failure f) {
        return (f.status > 0 ? "HTTP " + f.status + (f.errorCode == null ? "" : " " + f.errorCode) : f.message);
    }

    private static String describe(Throwable e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException
                ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void log(Request request, int status, int attempt) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "{0} {1} -> {2} (attempt {3})",
                    new Object[] {request.method(), request.path(), status, attempt});
        }
    }
}
