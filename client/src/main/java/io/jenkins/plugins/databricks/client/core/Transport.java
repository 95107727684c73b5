package io.jenkins.plugins.databricks.client.core;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.auth.AuthMethod;
import io.jenkins.plugins.databricks.client.auth.TokenEndpoint;
import io.jenkins.plugins.databricks.client.policy.RateLimiter;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one logical request: paces it through the host's rate limiter, authenticates it, repeats it as the
 * retry policy allows, and turns the answer into plain values or a {@link DatabricksException}.
 */
public final class Transport implements TokenEndpoint {
    static final Logger LOG = Logger.getLogger(DatabricksClient.class.getName());
    static final String TOKEN_PATH = "/oidc/v1/token";
    /** The most of an error answer a streamed request reads: enough for any error body Databricks sends. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    final String host;
    final String authority;
    final HttpClient http;
    final AuthMethod auth;
    final RetryPolicy policy;
    final RateLimiter limiter;
    final Duration requestTimeout;
    private final String userAgent;

    /**
     * One logical request. {@code sensitive} holds values (secrets being written) to scrub from messages. A
     * {@code stream} body (an upload) is used instead of {@code body}; when it cannot be produced twice
     * ({@code repeatable} false, an InputStream) the request is never repeated, whatever failed. {@code timeout}
     * replaces the client's request timeout when set: an upload's answer comes only after all of its bytes.
     */
    public record Request(String method, String path, List<Map.Entry<String, String>> query, byte[] body,
                   String contentType, boolean safe, List<String> sensitive,
                   java.util.function.Supplier<HttpRequest.BodyPublisher> stream, boolean repeatable,
                   Duration timeout) {
        public Request {
            query = query == null ? List.of() : query;
            sensitive = sensitive == null ? List.of() : sensitive;
        }

        public Request(String method, String path, List<Map.Entry<String, String>> query, byte[] body, String contentType,
                boolean safe, List<String> sensitive) {
            this(method, path, query, body, contentType, safe, sensitive, null, true, null);
        }

        public static Request upload(String method, String path, List<Map.Entry<String, String>> query,
                              java.util.function.Supplier<HttpRequest.BodyPublisher> stream, boolean repeatable,
                              boolean safe, Duration timeout) {
            return new Request(method, path, query, null, "application/octet-stream", safe, List.of(), stream,
                    repeatable, timeout);
        }

        public static Request json(String method, String path, List<Map.Entry<String, String>> query, Object body,
                            boolean safe) {
            return new Request(method, path, query, body == null ? null : Json.write(body),
                    body == null ? null : "application/json", safe, List.of());
        }
    }

    public Transport(String host, HttpClient http, AuthMethod auth, RetryPolicy policy, RateLimiter limiter,
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

    public RetryPolicy policy() {
        return policy;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Sends an authenticated API request. */
    public Object send(Request request) throws InterruptedException {
        return exchange(request, null);
    }

    /**
     * Reads a successful answer as a stream, on the caller's thread. An {@link IOException} out of the reader means
     * the answer broke off: the request is repeated as the retry policy allows for a safe request (the reader then
     * starts again with the new answer); anything unchecked it throws ends the call.
     */
    public interface BodyReader<T> {
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
    public <T> T receive(Request request, String accept, BodyReader<T> reader) throws InterruptedException {
        Exchange ex = new Exchange(this, request, null, accept);
        RetryPolicy.Sleeper sleeper = policy.sleeper();
        Duration idle = request.timeout() != null ? request.timeout() : requestTimeout;
        while (true) {
            HttpRequest httpRequest = ex.next(limiter.acquire(sleeper));
            Exchange.Outcome outcome;
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

    /**
     * @param fixedAuthorization null to authenticate with the auth method, "" for no header, or a header value
     */
    private Object exchange(Request request, String fixedAuthorization) throws InterruptedException {
        Exchange ex = new Exchange(this, request, fixedAuthorization);
        RetryPolicy.Sleeper sleeper = policy.sleeper();
        while (true) {
            HttpRequest httpRequest = ex.next(limiter.acquire(sleeper));
            Exchange.Outcome outcome;
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
    public CompletableFuture<Object> sendAsync(Request request, ScheduledExecutorService scheduler,
            java.util.concurrent.Executor blocking) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        new AsyncExchange(this, new Exchange(this, request, null), scheduler, blocking, result).acquire(false);
        return result;
    }

    URI uri(Request request) {
        String q = request.query().isEmpty() ? "" : "?" + PlainValues.encodeQuery(request.query());
        URI uri = URI.create(host + request.path() + q);
        // belt and braces: whatever the path validation missed, never send anywhere but the workspace
        if (!authority.equals(uri.getRawAuthority()) || !request.path().equals(uri.getRawPath())) {
            throw new IllegalArgumentException("path must stay on the configured workspace " + host);
        }
        return uri;
    }

    HttpRequest build(URI uri, Request request, String authorization, String accept) {
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

    /** JSON answers as plain values, other text as a String, a blank body as null (see {@link AnswerBodies}). */
    static Object parseSuccess(byte[] body, String contentType) throws IOException {
        return AnswerBodies.parseSuccess(body, contentType);
    }

    DatabricksException fail(Request request, Exchange.Failure f, int attempts, String note) {
        String message = f.message == null ? null : redact(f.message + note, request);
        if (message == null && !note.isEmpty()) {
            message = note.strip();
        }
        String code = f.errorCode == null ? null : redact(f.errorCode, request);
        LOG.log(Level.FINE, "{0} {1} failed after {2} attempt(s): status {3}",
                new Object[] {request.method(), request.path(), attempts, f.status});
        return new DatabricksException(request.method(), request.path(), f.status, code, message, attempts, f.cause);
    }

    String redact(String text, Request request) {
        String out = auth.redact(text);
        for (String s : request.sensitive()) {
            if (s != null && !s.isEmpty()) {
                out = out.replace(s, "****");
            }
        }
        return out;
    }

    static String summary(Exchange.Failure f) {
        return (f.status > 0 ? "HTTP " + f.status + (f.errorCode == null ? "" : " " + f.errorCode) : f.message);
    }

    static void log(Request request, int status, int attempt) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "{0} {1} -> {2} (attempt {3})",
                    new Object[] {request.method(), request.path(), status, attempt});
        }
    }
}
