package io.jenkins.plugins.databricks.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import io.jenkins.plugins.databricks.emulator.faults.Faults;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.Json;
import io.jenkins.plugins.databricks.emulator.server.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control endpoints under {@code /emulator/} (no token, not counted, never faulted): faults, counters,
 * clock, reset and state seeding, so a test in another process (or a curl) can drive the emulator.
 */
public final class AdminApi {
    public static final String PREFIX = "/emulator/";

    private final DatabricksEmulator emu;

    AdminApi(DatabricksEmulator emu) {
        this.emu = emu;
    }

    public Reply handle(String method, String path, byte[] rawBody) {
        String route = method + " " + path;
        switch (route) {
            case "GET /emulator/health":
                return ok(Map.of("status", "ok"));
            case "GET /emulator/faults":
                return ok(emu.faults().describe());
            case "POST /emulator/faults":
                return addFaults(Json.parseObject(rawBody));
            case "DELETE /emulator/faults":
                emu.faults().clear();
                return ok(Map.of());
            case "GET /emulator/counters":
                return ok(emu.countersSnapshot());
            case "DELETE /emulator/counters":
                emu.resetCounters();
                return ok(Map.of());
            case "GET /emulator/clock":
                return ok(clock());
            case "POST /emulator/clock/advance": {
                ObjectNode body = Json.parseObject(rawBody);
                long millis = requiredLong(body, "millis");
                if (millis < 0) {
                    throw ApiException.invalidParameter("millis must not be negative, got " + millis);
                }
                emu.clock().advance(Duration.ofMillis(millis));
                return ok(clock());
            }
            case "POST /emulator/reset":
                emu.reset();
                return ok(Map.of());
            case "POST /emulator/clusters":
                return seedCluster(Json.parseObject(rawBody));
            case "POST /emulator/clusters/fail-next-start": {
                ObjectNode body = Json.parseObject(rawBody);
                String id = requiredString(body, "cluster_id");
                if (!emu.clusters().exists(id)) {
                    throw ApiException.invalidParameter("Cluster " + id + " does not exist");
                }
                emu.clusters().failNextStart(id, body.path("code").asText("BOOTSTRAP_TIMEOUT"),
                        body.path("message").asText("Instance bootstrap failed (injected by the emulator)"));
                return ok(Map.of());
            }
            case "POST /emulator/jobs":
                return seedJob(Json.parseObject(rawBody));
            default:
                throw ApiException.endpointNotFound(method, path);
        }
    }

    private Map<String, Object> clock() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("now", emu.clock().now());
        m.put("manual", emu.clock().isManual());
        return m;
    }

    private Reply addFaults(ObjectNode body) {
        JsonNode rate = body.get("rate_limit");
        JsonNode next = body.get("next");
        if ((rate == null || rate.isNull()) && (next == null || next.isNull())) {
            throw ApiException.invalidParameter("Body must contain \"rate_limit\" or \"next\"");
        }
        if (rate != null && !rate.isNull()) {
            if (!rate.isObject()) {
                throw ApiException.malformed("rate_limit must be an object");
            }
            double perSecond = rate.path("per_second").asDouble(Double.NaN);
            if (!rate.path("per_second").isNumber() || !(perSecond > 0)) {
                throw ApiException.invalidParameter("rate_limit.per_second must be a positive number");
            }
            emu.faults().rateLimit(requiredString((ObjectNode) rate, "path"), perSecond,
                    rate.path("retry_after").asLong(Faults.DEFAULT_RETRY_AFTER_SECONDS));
        }
        if (next != null && !next.isNull()) {
            if (!next.isObject()) {
                throw ApiException.malformed("next must be an object");
            }
            int count = next.has("count") ? next.get("count").asInt(0) : 1;
            if (count < 1) {
                throw ApiException.invalidParameter("next.count must be at least 1");
            }
            String path = next.hasNonNull("path") ? next.get("path").asText() : null;
            emu.faults().next(count, path, fault(next));
        }
        return ok(emu.faults().describe());
    }

    private static Fault fault(JsonNode n) {
        String kind = n.path("fault").asText("");
        try {
            switch (kind) {
                case "status":
                    return Fault.status(n.path("status").asInt(503));
                case "html":
                    return Fault.html(n.path("status").asInt(502));
                case "delay":
                    return Fault.delay(Duration.ofMillis(n.path("millis").asLong(1000)));
                case "close_before_answer":
                    return Fault.closeBeforeAnswer();
                case "close_mid_answer":
                    return Fault.closeMidAnswer();
                case "rate_limited":
                    return Fault.rateLimited(n.path("retry_after").asLong(Faults.DEFAULT_RETRY_AFTER_SECONDS));
                case "malformed_json":
                    return Fault.malformedJson();
                default:
                    throw ApiException.invalidParameter("next.fault must be one of status, html, delay, "
                            + "close_before_answer, close_mid_answer, rate_limited, malformed_json; got '" + kind + "'");
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(e.getMessage());
        }
    }

    private Reply seedCluster(ObjectNode body) {
        String name = body.path("name").asText("cluster");
        String state = body.path("state").asText("TERMINATED");
        try {
            return ok(Map.of("cluster_id", emu.clusters().create(name, state)));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(e.getMessage());
        }
    }

    private Reply seedJob(ObjectNode body) {
        String name = body.path("name").asText("job");
        String result = body.path("result_state").asText("SUCCESS");
        try {
            return ok(Map.of("job_id", emu.jobs().create(name, result)));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(e.getMessage());
        }
    }

    private static String requiredString(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw ApiException.missingField(field);
        }
        return n.asText();
    }

    private static long requiredLong(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
            throw ApiException.missingField(field);
        }
        return n.asLong();
    }

    private static Reply ok(Object body) {
        return Reply.json(200, body);
    }
}
