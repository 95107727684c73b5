package io.jenkins.plugins.databricks.client;

import io.jenkins.plugins.databricks.client.core.ApiPaths;
import io.jenkins.plugins.databricks.client.core.Json;
import io.jenkins.plugins.databricks.client.core.PlainValues;
import io.jenkins.plugins.databricks.client.core.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request behind {@link DatabricksClient#call}: method, path, query and body checked and turned into a
 * {@link Transport.Request} before anything is sent.
 */
final class GenericCall {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "PUT", "DELETE");
    private static final List<String> METHODS = DatabricksClient.METHODS;

    private GenericCall() {
    }

    /** @throws IllegalArgumentException for a bad method, path, query or body */
    static Transport.Request request(String method, String path, Map<String, ?> query, Object body) {
        String m = method == null ? "" : method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new IllegalArgumentException("method must be one of " + String.join(", ", METHODS) + ", got '"
                    + method + "'");
        }
        ApiPaths.Target target = ApiPaths.validate(path);
        List<Map.Entry<String, String>> params = new ArrayList<>(target.query());
        if (query != null) {
            PlainValues.addQueryParams(query, params, "query");
        }
        Object json = body;
        if (body instanceof String) {
            if (((String) body).isBlank()) {
                json = null;
            } else {
                try {
                    json = Json.parse((String) body);
                } catch (IOException e) {
                    throw new IllegalArgumentException("body is not valid JSON: " + describe(e));
                }
            }
        } else if (body != null && !(body instanceof Map) && !(body instanceof List)) {
            throw new IllegalArgumentException("body must be a Map, a List, a String of JSON or null, got "
                    + body.getClass().getName());
        }
        json = PlainValues.jsonReady(json, "");
        if ((m.equals("GET") || m.equals("DELETE")) && json != null) {
            if (!(json instanceof Map)) {
                throw new IllegalArgumentException("body of a " + m + " must be a JSON object (its fields become query"
                        + " parameters), got a list");
            }
            PlainValues.addQueryParams((Map<?, ?>) json, params, "body");
            json = null;
        }
        List<String> sensitive = new ArrayList<>();
        if (json instanceof Map) {
            for (String k : List.of("string_value", "bytes_value")) {
                Object v = ((Map<?, ?>) json).get(k);
                if (v instanceof String) {
                    sensitive.add((String) v);
                }
            }
        }
        byte[] bytes = json == null ? null : Json.write(json);
        return new Transport.Request(m, target.path(), params, bytes,
                bytes == null ? null : "application/json", SAFE_METHODS.contains(m), sensitive);
    }

    private static String describe(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException
                ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : e.getMessage();
    }
}
