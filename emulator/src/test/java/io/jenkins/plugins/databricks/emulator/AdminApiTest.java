package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /emulator/ control endpoints, as a test in another process or a curl would use them. */
class AdminApiTest {
    private DatabricksEmulator emu;
    private Http api;
    private Http admin;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").manualClock().start();
        api = new Http(emu.baseUrl(), "dapi-test");
        admin = new Http(emu.baseUrl(), null);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void nextFaultOverHttp() {
        Http.Answer set = admin.post("/emulator/faults", Map.of("next",
                Map.of("count", 2, "path", "/api/2.1/clusters/list", "fault", "status", "status", 503)));
        assertEquals(200, set.status(), set.body());
        assertEquals(2, set.json().path("next").get(0).path("remaining").asInt());
        assertEquals(503, api.get("/api/2.1/clusters/list").status());
        assertEquals(503, api.get("/api/2.1/clusters/list").status());
        assertEquals(200, api.get("/api/2.1/clusters/list").status());

        admin.post("/emulator/faults", Map.of("next", Map.of("fault", "html", "status", 504)));
        assertTrue(api.get("/api/2.1/clusters/list").header("Content-Type").startsWith("text/html"));
        admin.post("/emulator/faults", Map.of("next", Map.of("fault", "rate_limited", "retry_after", 3)));
        assertEquals("3", api.get("/api/2.1/clusters/list").header("Retry-After"));
    }

    @Test
    void rateLimitOverHttpAndClear() {
        admin.post("/emulator/faults", Map.of("rate_limit", Map.of("path", "/api/2.1/clusters/list", "per_second", 1,
                "retry_after", 1)));
        assertEquals(200, api.get("/api/2.1/clusters/list").status());
        Http.Answer limited = api.get("/api/2.1/clusters/list");
        assertEquals(429, limited.status());
        assertEquals("1", limited.header("Retry-After"));
        assertEquals(200, admin.send("DELETE", "/emulator/faults", null).status());
        assertEquals(200, api.get("/api/2.1/clusters/list").status());
    }

    @Test
    void a429CarriesRetryAfterUnlessTheFaultSaysOtherwise() {
        // a tiny rate so the second request is refused whatever the machine's speed
        admin.post("/emulator/faults", Map.of("rate_limit", Map.of("path", "/api/2.1/clusters/list",
                "per_second", 0.001)));
        assertEquals(200, api.get("/api/2.1/clusters/list").status());
        Http.Answer limited = api.get("/api/2.1/clusters/list");
        assertEquals(429, limited.status());
        assertEquals("1", limited.header("Retry-After"), "configured limits answer like a workspace");
        assertEquals("REQUEST_LIMIT_EXCEEDED", limited.errorCode());
        admin.send("DELETE", "/emulator/faults", null);

        admin.post("/emulator/faults", Map.of("next", Map.of("fault", "rate_limited")));
        assertEquals("1", api.get("/api/2.1/clusters/list").header("Retry-After"), "injected ones too");
        admin.post("/emulator/faults", Map.of("next", Map.of("fault", "rate_limited", "retry_after", 0)));
        Http.Answer bare = api.get("/api/2.1/clusters/list");
        assertEquals(429, bare.status());
        assertEquals(null, bare.header("Retry-After"), "retry_after 0 is the proxy that sends none");
    }

    @Test
    void badFaultRequestsAreExplained() {
        Http.Answer unknown = admin.post("/emulator/faults", Map.of("next", Map.of("fault", "explode")));
        assertEquals(400, unknown.status());
        assertTrue(unknown.message().contains("close_mid_answer"), unknown.message());
        assertEquals(400, admin.post("/emulator/faults", Map.of()).status());
        assertEquals(400, admin.post("/emulator/faults", Map.of("next", Map.of("fault", "status", "status", 200))).status());
        assertEquals(400, admin.post("/emulator/faults", Map.of("rate_limit", Map.of("path", "/x", "per_second", 0)))
                .status());
        assertEquals(400, admin.post("/emulator/faults", "{oops").status());
        assertEquals(404, admin.get("/emulator/nothing").status());
    }

    @Test
    void countersAreReadableAndNotCountingAdminCalls() {
        api.get("/api/2.1/clusters/list");
        api.get("/api/2.1/clusters/list");
        JsonNode c = admin.get("/emulator/counters").json();
        assertEquals(2, c.path("total").asLong());
        assertEquals(2, c.path("requests").path("GET /api/2.1/clusters/list").asLong());
        assertEquals(2, c.path("statuses").path("200").asLong());
        admin.send("DELETE", "/emulator/counters", null);
        assertEquals(0, admin.get("/emulator/counters").json().path("total").asLong());
    }

    @Test
    void clockAdvanceMovesClusters() {
        String id = admin.post("/emulator/clusters", Map.of("name", "x", "state", "PENDING")).json()
                .path("cluster_id").asText();
        long before = admin.get("/emulator/clock").json().path("now").asLong();
        JsonNode after = admin.post("/emulator/clock/advance", Map.of("millis", 3000)).json();
        assertEquals(before + 3000, after.path("now").asLong());
        assertEquals("RUNNING", api.get("/api/2.1/clusters/get?cluster_id=" + id).json().path("state").asText());
        assertEquals(400, admin.post("/emulator/clock/advance", Map.of("millis", -1)).status());
        assertEquals(400, admin.post("/emulator/clock/advance", Map.of()).status());
    }

    @Test
    void seedingAndFailNextStartOverHttp() {
        String id = admin.post("/emulator/clusters", Map.of("name", "x")).json().path("cluster_id").asText();
        assertEquals(200, admin.post("/emulator/clusters/fail-next-start", Map.of("cluster_id", id, "code",
                "CLOUD_PROVIDER_LAUNCH_FAILURE", "message", "no capacity")).status());
        api.post("/api/2.1/clusters/start", Map.of("cluster_id", id));
        admin.post("/emulator/clock/advance", Map.of("millis", 3000));
        JsonNode c = api.get("/api/2.1/clusters/get?cluster_id=" + id).json();
        assertEquals("TERMINATED", c.path("state").asText());
        assertEquals("CLOUD_PROVIDER_LAUNCH_FAILURE", c.path("termination_reason").path("code").asText());

        long jobId = admin.post("/emulator/jobs", Map.of("name", "j", "result_state", "TIMEDOUT")).json()
                .path("job_id").asLong();
        long runId = api.post("/api/2.2/jobs/run-now", Map.of("job_id", jobId)).json().path("run_id").asLong();
        admin.post("/emulator/clock/advance", Map.of("millis", 2000));
        assertEquals("TIMEDOUT", api.get("/api/2.2/jobs/runs/get?run_id=" + runId).json().path("state")
                .path("result_state").asText());
        assertEquals(400, admin.post("/emulator/clusters", Map.of("state", "SLEEPING")).status());
        assertEquals(400, admin.post("/emulator/jobs", Map.of("result_state", "MAYBE")).status());
    }

    @Test
    void resetForgetsState() {
        emu.clusters().create("x");
        emu.jobs().create("j");
        api.post("/api/2.0/secrets/scopes/create", Map.of("scope", "s"));
        emu.faults().next(3, "/api/2.2/*", Fault.status(500));
        assertEquals(200, admin.post("/emulator/reset", Map.of()).status());
        assertEquals("{}", api.get("/api/2.1/clusters/list").body());
        assertEquals("{}", api.get("/api/2.0/secrets/scopes/list").body());
        assertEquals(200, api.get("/api/2.2/jobs/list").status());
        assertEquals(0, emu.faults().pending());
        assertEquals(3, emu.totalRequests());
    }

    @Test
    void healthNeedsNoToken() {
        assertEquals("ok", admin.get("/emulator/health").json().path("status").asText());
    }
}
