package io.jenkins.plugins.databricks.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON-over-HTTP helper for tests: real requests, real sockets. */
final class Http {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String token;

    Http(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Http withToken(String other) {
        return new Http(base, other);
    }

    /** An answer: status, headers, raw body, and the body parsed as JSON when it is JSON. */
    record Answer(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        String errorCode() {
            return json().path("error_code").asText();
        }

        String message() {
            return json().path("message").asText();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Answer get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    Answer send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        String text;
        try {
            text = body == null ? null : body instanceof String ? (String) body : MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        return exchange(b.build());
    }

    static Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpClient client() {
        return CLIENT;
    }
}
