package io.jenkins.plugins.databricks.emulator.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Reply;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /api/2.0/sql/warehouses} and the Statement Execution API, {@code /api/2.0/sql/statements}. */
final class SqlApi {
    private static final String WAREHOUSES = "/api/2.0/sql/warehouses";
    private static final String STATEMENTS = "/api/2.0/sql/statements/";
    private static final Pattern WAIT = Pattern.compile("(\\d+)s");
    private static final Pattern CHUNK = Pattern.compile("([^/]+)/result/chunks/(-?\\d+)");

    private final Warehouses warehouses;
    private final Statements statements;

    SqlApi(Warehouses warehouses, Statements statements) {
        this.warehouses = warehouses;
        this.statements = statements;
    }

    void register(Router r) {
        for (String p : List.of(WAREHOUSES, WAREHOUSES + "/")) {
            r.add("POST", p, this::create);
            r.add("GET", p, this::list);
        }
        r.addPrefix("GET", WAREHOUSES + "/", req -> warehouses.json(warehouses.get(warehouseId(req, "")),
                host(req)));
        r.addPrefix("DELETE", WAREHOUSES + "/", req -> {
            warehouses.delete(warehouseId(req, ""));
            return Map.of();
        });
        r.addPrefix("POST", WAREHOUSES + "/", req -> {
            String rest = req.path().substring(WAREHOUSES.length() + 1);
            if (rest.endsWith("/start")) {
                warehouses.start(warehouseId(req, "/start"));
            } else if (rest.endsWith("/stop")) {
                warehouses.stop(warehouseId(req, "/stop"));
            } else if (rest.endsWith("/edit")) {
                String id = warehouseId(req, "/edit");
                ObjectNode changes = req.body().deepCopy();
                validate(changes, false);
                warehouses.edit(id, changes);
            } else {
                throw ApiException.endpointNotFound("POST", req.path());
            }
            return Map.of();
        });
        r.add("POST", STATEMENTS, this::execute);
        r.add("POST", STATEMENTS.substring(0, STATEMENTS.length() - 1), this::execute);
        r.addPrefix("GET", STATEMENTS, this::read);
        r.addPrefix("POST", STATEMENTS, req -> {
            String rest = req.path().substring(STATEMENTS.length());
            if (!rest.endsWith("/cancel") || rest.indexOf('/') != rest.length() - "/cancel".length()) {
                throw ApiException.endpointNotFound("POST", req.path());
            }
            statements.cancel(rest.substring(0, rest.indexOf('/')));
            return Map.of();
        });
    }

    private static String host(ApiRequest req) {
        return URI.create(req.baseUrl()).getHost();
    }

    private static String warehouseId(ApiRequest req, String suffix) {
        String rest = req.path().substring(WAREHOUSES.length() + 1);
        String id = rest.substring(0, rest.length() - suffix.length());
        if (id.isEmpty() || id.contains("/")) {
            throw ApiException.endpointNotFound(req.method(), req.path());
        }
        return id;
    }

    private Object create(ApiRequest req) {
        ObjectNode spec = req.body().deepCopy();
        validate(spec, true);
        return Map.of("id", warehouses.create(spec));
    }

    private static void validate(ObjectNode spec, boolean creating) {
        JsonNode name = spec.get("name");
        if (creating && (name == null || !name.isTextual() || name.asText().isBlank())) {
            throw ApiException.missingField("name");
        }
        JsonNode size = spec.get("cluster_size");
        if (creating && size == null) {
            throw ApiException.missingField("cluster_size");
        }
        if (size != null && !Warehouses.SIZES.contains(size.asText())) {
            throw ApiException.invalidParameter("cluster_size must be one of " + Warehouses.SIZES + ", got '"
                    + size.asText() + "'");
        }
        JsonNode stop = spec.get("auto_stop_mins");
        if (stop != null && (!stop.canConvertToInt() || stop.asInt() != 0 && stop.asInt() < 10)) {
            throw ApiException.invalidParameter("auto_stop_mins must be 0 (never) or at least 10, got " + stop);
        }
        JsonNode min = spec.get("min_num_clusters");
        JsonNode max = spec.get("max_num_clusters");
        if (min != null && min.asInt() < 1 || max != null && max.asInt() < 1
                || min != null && max != null && max.asInt() < min.asInt()) {
            throw ApiException.invalidParameter("min_num_clusters and max_num_clusters must be at least 1, and "
                    + "max_num_clusters at least min_num_clusters");
        }
    }

    private Object list(ApiRequest req) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Warehouses.Warehouse w : warehouses.listed()) {
            out.add(warehouses.json(w, host(req)));
        }
        return Map.of("warehouses", out);
    }

    private Object execute(ApiRequest req) {
        String warehouseId = req.nonEmpty("warehouse_id");
        String statement = req.nonEmpty("statement");
        String disposition = req.optString("disposition").orElse("INLINE");
        if (!disposition.equals("INLINE")) {
            throw ApiException.invalidParameter("disposition: the emulator answers INLINE only, got '" + disposition
                    + "'");
        }
        String format = req.optString("format").orElse("JSON_ARRAY");
        if (!format.equals("JSON_ARRAY")) {
            throw ApiException.invalidParameter("format: with disposition INLINE the format must be JSON_ARRAY, got '"
                    + format + "'");
        }
        long waitSeconds = waitSeconds(req.optString("wait_timeout").orElse("10s"));
        String onTimeout = req.optString("on_wait_timeout").orElse("CONTINUE");
        if (!onTimeout.equals("CONTINUE") && !onTimeout.equals("CANCEL")) {
            throw ApiException.invalidParameter("on_wait_timeout must be CONTINUE or CANCEL, got '" + onTimeout + "'");
        }
        long rowLimit = req.optLong("row_limit").orElse(0L);
        long byteLimit = req.optLong("byte_limit").orElse(0L);
        if (rowLimit < 0 || byteLimit < 0) {
            throw ApiException.invalidParameter("row_limit and byte_limit must not be negative");
        }
        List<SqlEngine.Param> params = new ArrayList<>();
        JsonNode ps = req.body().path("parameters");
        if (!ps.isMissingNode() && !ps.isNull() && !ps.isArray()) {
            throw ApiException.invalidParameter("parameters must be a list of {name, value, type}");
        }
        for (JsonNode p : ps) {
            if (!p.path("name").isTextual() || p.path("name").asText().isBlank()) {
                throw ApiException.invalidParameter("parameters: every parameter needs a name");
            }
            JsonNode value = p.get("value");
            JsonNode type = p.get("type");
            SqlEngine.Param param = new SqlEngine.Param(p.get("name").asText(),
                    value == null || value.isNull() ? null : value.asText(),
                    type == null || type.isNull() ? null : type.asText());
            SqlEngine.engineType(param);
            params.add(param);
        }
        warehouses.get(warehouseId);
        Statements.Stmt s = statements.submit(warehouseId, statement, req.optString("catalog").orElse(null),
                req.optString("schema").orElse(null), params, rowLimit, byteLimit);
        if (waitSeconds > 0) {
            try {
                statements.await(s, waitSeconds * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (onTimeout.equals("CANCEL") && !s.done()) {
                statements.cancel(s.id);
                try {
                    statements.await(s, 5_000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new Reply(200, "application/json", statements.json(s, STATEMENTS));
    }

    private static long waitSeconds(String text) {
        Matcher m = WAIT.matcher(text.trim());
        long s = m.matches() ? Long.parseLong(m.group(1)) : -1;
        if (s != 0 && (s < 5 || s > 50)) {
            throw ApiException.invalidParameter("wait_timeout must be 0s or between 5s and 50s, got '" + text + "'");
        }
        return s;
    }

    private Object read(ApiRequest req) {
        String rest = req.path().substring(STATEMENTS.length());
        Matcher chunk = CHUNK.matcher(rest);
        if (chunk.matches()) {
            int index;
            try {
                index = Integer.parseInt(chunk.group(2));
            } catch (NumberFormatException e) {
                throw ApiException.invalidParameter("chunk_index must be a number, got '" + chunk.group(2) + "'");
            }
            return new Reply(200, "application/json", statements.chunk(chunk.group(1), index, STATEMENTS));
        }
        if (rest.isEmpty() || rest.contains("/")) {
            throw ApiException.endpointNotFound("GET", req.path());
        }
        return new Reply(200, "application/json", statements.json(statements.get(rest), STATEMENTS));
    }
}
