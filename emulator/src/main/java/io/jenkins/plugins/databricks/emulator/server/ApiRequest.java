package io.jenkins.plugins.databricks.emulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.server.Identity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One API request as the handlers see it. Fields are looked up in the JSON body first and then in the
 * query string, for every method: Databricks takes GET parameters from the query or from a JSON body, and
 * POST parameters from the body.
 * Accessors validate types so that a wrong type answers 400 instead of blowing up a handler.
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final ObjectNode body;
    private final Identity identity;
    private final String baseUrl;

    public ApiRequest(String method, String path, Map<String, List<String>> query, ObjectNode body,
               Identity identity, String baseUrl) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.body = body;
        this.identity = identity;
        this.baseUrl = baseUrl;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public ObjectNode body() {
        return body;
    }

    public Identity identity() {
        return identity;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** All query values of a key, e.g. repeated {@code filter_by.cluster_states}. */
    public List<String> queryValues(String key) {
        return query.getOrDefault(key, List.of());
    }

    Optional<JsonNode> node(String field) {
        JsonNode n = body.get(field);
        if (n != null && !n.isNull()) {
            return Optional.of(n);
        }
        List<String> values = query.get(field);
        if (values != null && !values.isEmpty()) {
            return Optional.of(Json.MAPPER.getNodeFactory().textNode(values.get(0)));
        }
        return Optional.empty();
    }

    public String string(String field) {
        return optString(field).orElseThrow(() -> ApiException.missingField(field));
    }

    public Optional<String> optString(String field) {
        return node(field).map(n -> {
            if (n.isTextual()) {
                return n.asText();
            }
            if (n.isNumber() || n.isBoolean()) {
                return n.asText();
            }
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected a string for field '"
                    + field + "'");
        });
    }

    /** A required non-empty string. */
    public String nonEmpty(String field) {
        String s = string(field);
        if (s.isBlank()) {
            throw ApiException.missingField(field);
        }
        return s;
    }

    public long longValue(String field) {
        return optLong(field).orElseThrow(() -> ApiException.missingField(field));
    }

    public Optional<Long> optLong(String field) {
        return node(field).map(n -> {
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return n.asLong();
            }
            if (n.isTextual()) {
                try {
                    return Long.parseLong(n.asText().trim());
                } catch (NumberFormatException e) {
                    // fall through to the error below
                }
            }
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected an integer for field '"
                    + field + "'");
        });
    }

    public Optional<Boolean> optBoolean(String field) {
        return node(field).map(n -> {
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            if (n.isTextual() && ("true".equalsIgnoreCase(n.asText()) || "false".equalsIgnoreCase(n.asText()))) {
                return Boolean.parseBoolean(n.asText());
            }
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected a boolean for field '"
                    + field + "'");
        });
    }
}
