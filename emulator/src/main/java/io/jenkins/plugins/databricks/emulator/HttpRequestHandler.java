package io.jenkins.plugins.databricks.emulator;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Json;
import io.jenkins.plugins.databricks.emulator.server.Reply;
import io.jenkins.plugins.databricks.emulator.server.Route;
import io.jenkins.plugins.databricks.emulator.server.Router;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.jenkins.plugins.databricks.emulator.faults.Counters;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import io.jenkins.plugins.databricks.emulator.faults.FaultAnswers;
import io.jenkins.plugins.databricks.emulator.faults.Faults;
import io.jenkins.plugins.databricks.emulator.server.Identity;
import io.jenkins.plugins.databricks.emulator.iam.Users;
import io.jenkins.plugins.databricks.emulator.oauth.OAuthApi;
import io.jenkins.plugins.databricks.emulator.workspace.FilesApi;
import io.jenkins.plugins.databricks.emulator.workspace.WorkspaceApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one HTTP entry point. For every API request: count it, apply faults (rate limit, queued faults),
 * authenticate, route, and turn any error into a Databricks-shaped answer. Nothing a client sends may
 * escape as an exception: the worst case is a 500 INTERNAL_ERROR answer.
 */
public final class HttpRequestHandler implements HttpHandler {
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** Every workspace answer names the workspace (its "org") this way. */
    static final String ORG_ID_HEADER = "x-databricks-org-id";
    /**
     * workspace/import carries up to 10 MB base64-encoded (4/3 larger) in JSON: its own cap, so that content just
     * over the import limit reaches the endpoint and gets MAX_NOTEBOOK_SIZE_EXCEEDED, as on Databricks.
     */
    static final int MAX_IMPORT_BODY_BYTES = 24 * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(HttpRequestHandler.class.getName());

    private final Router router;
    private final AdminApi admin;
    private final OAuthApi oauth;
    private final Users users;
    private final Faults faults;
    private final Counters counters;
    private final EmulatorClock clock;
    private final Supplier<String> baseUrl;
    private final FilesApi files;

    public HttpRequestHandler(Router router, AdminApi admin, OAuthApi oauth, Users users, Faults faults, Counters counters,
                       EmulatorClock clock, Supplier<String> baseUrl, FilesApi files) {
        this.router = router;
        this.admin = admin;
        this.oauth = oauth;
        this.users = users;
        this.faults = faults;
        this.counters = counters;
        this.clock = clock;
        this.baseUrl = baseUrl;
        this.files = files;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client went away", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unexpected error", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getPath();
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (FilesApi.handles(path)) {
            serveFiles(exchange, method, path);
            return;
        }
        int limit = path.equals(WorkspaceApi.IMPORT_PATH) ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        boolean tooLarge = body.length > limit;
        if (path.startsWith(AdminApi.PREFIX)) {
            send(exchange, answer(() -> admin.handle(method, path, tooLarge ? new byte[0] : body)));
            return;
        }

        counters.request(method, path);
        Fault fault = faults.admit(path);
        if (endedByFault(exchange, fault)) {
            return;
        }
        Reply reply = tooLarge
                ? Reply.json(413, Map.of("error_code", "REQUEST_TOO_LARGE",
                        "message", "Request body is larger than " + limit + " bytes"))
                : answer(() -> route(exchange, method, path, body));
        if (fault != null && fault.kind() == Fault.Kind.MALFORMED_JSON) {
            send(exchange, FaultAnswers.truncated(reply));
        } else if (fault != null && fault.kind() == Fault.Kind.CLOSE_MID_ANSWER) {
            sendHalf(exchange, reply);
        } else {
            send(exchange, reply);
        }
    }

    /**
     * Plays the faults that come before an answer: a delay, or an answer (or a closed connection) instead of the
     * real one. The faults that spoil the real answer (malformed JSON, a connection closed halfway) are played by
     * the caller.
     *
     * @return true when the request has been answered or dropped
     */
    private boolean endedByFault(HttpExchange exchange, Fault fault) throws IOException, InterruptedException {
        if (fault == null) {
            return false;
        }
        switch (fault.kind()) {
            case DELAY:
                Thread.sleep(fault.delay().toMillis());
                return false;
            case CLOSE_BEFORE_ANSWER:
                // closing an exchange before sendResponseHeaders closes the socket with no bytes sent
                return true;
            case STATUS:
                send(exchange, Reply.json(fault.status(), FaultAnswers.errorBody(fault)));
                return true;
            case HTML:
                send(exchange, FaultAnswers.html(fault.status()));
                return true;
            case RATE_LIMITED:
                sendRateLimited(exchange, fault.retryAfterSeconds());
                return true;
            default:
                return false;
        }
    }

    /**
     * The Files API: counted, faulted and authenticated like every API request, but its body is streamed to the
     * store (a 1 GB upload must not sit in the heap) and file contents are answered from disk.
     */
    private void serveFiles(HttpExchange exchange, String method, String path) throws IOException,
            InterruptedException {
        counters.request(method, path);
        if (endedByFault(exchange, faults.admit(path))) {
            return;
        }
        FilesApi.Answer answer;
        try (InputStream in = exchange.getRequestBody()) {
            authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            answer = files.handle(method, path, parseQuery(exchange.getRequestURI().getRawQuery()), in);
        } catch (ApiException e) {
            send(exchange, Reply.json(e.status(), e.body()));
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "files handler failed", e);
            send(exchange, Reply.json(500, Map.of("error_code", "INTERNAL_ERROR",
                    "message", "The emulator failed to handle the request: " + e.getClass().getSimpleName())));
            return;
        }
        counters.status(answer.status());
        exchange.getResponseHeaders().set(ORG_ID_HEADER, DatabricksEmulator.WORKSPACE_ID);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (answer.file() != null) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(answer.length()));
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(answer.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(answer.status(), answer.length() == 0 ? -1 : answer.length());
            try (OutputStream out = exchange.getResponseBody()) {
                java.nio.file.Files.copy(answer.file(), out);
            }
            return;
        }
        byte[] body = answer.body();
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Reply route(HttpExchange exchange, String method, String path, byte[] body) {
        String base = baseUrl.get();
        if (path.equals(OAuthApi.TOKEN_PATH)) {
            if (!method.equals("POST")) {
                throw ApiException.endpointNotFound(method, path);
            }
            return oauth.token(exchange.getRequestHeaders().getFirst("Authorization"), body);
        }
        if (path.equals(OAuthApi.METADATA_PATH) || path.equals(OAuthApi.HOST_METADATA_PATH)) {
            if (!method.equals("GET")) {
                throw ApiException.endpointNotFound(method, path);
            }
            return path.equals(OAuthApi.METADATA_PATH) ? oauth.metadata(base) : oauth.hostMetadata(base);
        }
        Identity who = null;
        if (path.startsWith("/api/")) {
            who = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        }
        Route route = router.find(method, path);
        // GET and DELETE read a JSON body too: the REST reference's own examples send GET parameters with
        // `curl --request GET ... --data '{"cluster_id": "..."}'`, and workspaces accept them.
        ApiRequest req = new ApiRequest(method, path, parseQuery(exchange.getRequestURI().getRawQuery()),
                Json.parseObject(body), who, base);
        Object result = route.handle(req);
        return result instanceof Reply ? (Reply) result : Reply.json(200, result);
    }

    private Identity authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw new ApiException(401, "UNAUTHENTICATED",
                    "Credential was not sent or was of an unsupported type for this API.");
        }
        // A workspace answers a token it does not accept (unknown, revoked, expired) with 403, not 401, and an
        // integer error_code; clients that only refresh on 401 never recover from an expired OAuth token.
        return users.byBearer(header.substring(7).trim(), clock.now()).orElseThrow(() -> {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("error_code", 403);
            b.put("message", "Invalid access token.");
            return new ApiException(403, b);
        });
    }

    private static Reply answer(Supplier<Reply> work) {
        try {
            return work.get();
        } catch (ApiException e) {
            return Reply.json(e.status(), e.body());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handler failed", e);
            return Reply.json(500, Map.of("error_code", "INTERNAL_ERROR",
                    "message", "The emulator failed to handle the request: " + e.getClass().getSimpleName()));
        }
    }

    private void sendRateLimited(HttpExchange exchange, long retryAfterSeconds) throws IOException {
        if (retryAfterSeconds > 0) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
        }
        send(exchange, Reply.json(429, Map.of("error_code", "REQUEST_LIMIT_EXCEEDED",
                "message", "Too many requests. Please wait a moment and try again.")));
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        counters.status(reply.status());
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set(ORG_ID_HEADER, DatabricksEmulator.WORKSPACE_ID);
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Promises the full length, sends half, then closes: the client sees a connection dropped mid-body. */
    private void sendHalf(HttpExchange exchange, Reply reply) throws IOException {
        counters.status(reply.status());
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.getResponseHeaders().set(ORG_ID_HEADER, DatabricksEmulator.WORKSPACE_ID);
        byte[] body = reply.body().length < 2 ? "{\"padding\":true}".getBytes(StandardCharsets.UTF_8) : reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        // exchange.close() in handle() notices the missing bytes and closes the connection
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw ApiException.malformed("Malformed query string");
            }
        }
        return out;
    }
}
