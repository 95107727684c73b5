package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClustersTest {
    private DatabricksEmulator emu;
    private Http http;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").manualClock()
                .clusterStartDuration(Duration.ofSeconds(3)).clusterTerminateDuration(Duration.ofSeconds(1)).start();
        http = new Http(emu.baseUrl(), "dapi-test");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private String state(String version, String id) {
        return http.get("/api/" + version + "/clusters/get?cluster_id=" + id).json().path("state").asText();
    }

    @Test
    void aRunningClusterLooksLikeARealOne() {
        String id = http.post("/api/2.1/clusters/create", Map.of("cluster_name", "etl", "spark_version",
                "15.4.x-scala2.12", "node_type_id", "i3.xlarge", "num_workers", 2)).json().path("cluster_id").asText();
        String expectedPrefix = java.time.format.DateTimeFormatter.ofPattern("MMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(emu.clock().now()));
        assertTrue(id.matches("\\d{4}-\\d{6}-[a-z0-9]{8}") && id.startsWith(expectedPrefix + "-"),
                id + " is MMDD-HHMMSS-xxxxxxxx of its creation time " + expectedPrefix);
        JsonNode pending = http.get("/api/2.1/clusters/get?cluster_id=" + id).json();
        assertFalse(pending.has("driver"), "no nodes before the cluster runs");
        assertEquals("etl", pending.path("spec").path("cluster_name").asText());
        emu.clock().advance(Duration.ofSeconds(3));
        Http.Answer got = http.get("/api/2.1/clusters/get?cluster_id=" + id);
        assertEquals(DatabricksEmulator.WORKSPACE_ID, got.header("x-databricks-org-id"));
        JsonNode running = got.json();
        assertEquals("RUNNING", running.path("state").asText());
        assertFalse(running.path("driver").path("private_ip").asText().isEmpty());
        assertFalse(running.path("driver").path("node_id").asText().isEmpty());
        assertEquals(2, running.path("executors").size());
        assertEquals(3 * 31_232, running.path("cluster_memory_mb").asLong());
        assertEquals(12.0, running.path("cluster_cores").asDouble());
        assertTrue(running.path("cluster_cores").isFloatingPointNumber());
        JsonNode spec = running.path("spec");
        assertEquals(2, spec.path("num_workers").asInt());
        assertEquals("15.4.x-scala2.12", spec.path("spark_version").asText());
        assertFalse(spec.has("cluster_id"));
    }

    @Test
    void getReadsItsParametersFromAJsonBodyAsTheRestReferenceSendsThem() {
        String id = emu.clusters().create("etl");
        // curl --request GET ".../api/2.0/clusters/get" --data '{ "cluster_id": "..." }'
        Http.Answer a = http.send("GET", "/api/2.0/clusters/get", "{ \"cluster_id\": \"" + id + "\" }");
        assertEquals(200, a.status(), a.body());
        assertEquals(id, a.json().path("cluster_id").asText());
        Http.Answer list = http.send("GET", "/api/2.1/clusters/list",
                Map.of("filter_by", Map.of("cluster_states", List.of("RUNNING"))));
        assertEquals(200, list.status(), list.body());
        assertFalse(list.json().has("clusters"), "the filter in the body applies: no cluster is RUNNING");
        Http.Answer bad = http.send("GET", "/api/2.0/clusters/get", "{not json");
        assertEquals(400, bad.status());
        assertEquals("MALFORMED_REQUEST", bad.errorCode());
    }

    @Test
    void chosenIdsForSeeding() {
        assertEquals("0123-456789-abcdefgh", emu.clusters().createWithId("0123-456789-abcdefgh", "demo", "TERMINATED"));
        assertEquals("demo", http.get("/api/2.1/clusters/get?cluster_id=0123-456789-abcdefgh").json()
                .path("cluster_name").asText());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> emu.clusters().createWithId("0123-456789-abcdefgh", "again", "TERMINATED"));
    }

    @Test
    void seededClusterStartsOnTheManualClock() {
        String id = emu.clusters().create("etl");
        assertTrue(id.matches("\\d{4}-\\d{6}-[a-z0-9]{8}"), id);
        assertEquals("TERMINATED", state("2.1", id));

        Http.Answer start = http.post("/api/2.1/clusters/start", Map.of("cluster_id", id));
        assertEquals(200, start.status());
        assertEquals("{}", start.body());
        JsonNode pending = http.get("/api/2.0/clusters/get?cluster_id=" + id).json();
        assertEquals("PENDING", pending.path("state").asText());
        assertFalse(pending.path("state_message").asText().isEmpty());
        assertFalse(pending.has("termination_reason"));

        emu.clock().advance(Duration.ofMillis(2999));
        assertEquals("PENDING", state("2.1", id));
        emu.clock().advance(Duration.ofMillis(1));
        JsonNode running = http.get("/api/2.1/clusters/get?cluster_id=" + id).json();
        assertEquals("RUNNING", running.path("state").asText());
        assertEquals("etl", running.path("cluster_name").asText());
        assertEquals("user@example.com", running.path("creator_user_name").asText());
        assertEquals(emu.clock().now() - 3000, running.path("start_time").asLong());
    }

    @Test
    void startOfANonTerminatedClusterIsInvalidStateInTitleCase() {
        String id = emu.clusters().create("c", "RUNNING");
        Http.Answer a = http.post("/api/2.1/clusters/start", Map.of("cluster_id", id));
        assertEquals(400, a.status());
        assertEquals("INVALID_STATE", a.errorCode());
        assertEquals("Cluster " + id + " is in unexpected state Running.", a.message());
    }

    @Test
    void unknownClusterIsA400NotA404() {
        Http.Answer a = http.get("/api/2.1/clusters/get?cluster_id=0000-000000-nothere");
        assertEquals(400, a.status());
        assertEquals("INVALID_PARAMETER_VALUE", a.errorCode());
        assertEquals("Cluster 0000-000000-nothere does not exist", a.message());
    }

    @Test
    void deleteTerminatesWithAUserRequestReason() {
        String id = emu.clusters().create("c", "RUNNING");
        assertEquals(200, http.post("/api/2.1/clusters/delete", Map.of("cluster_id", id)).status());
        JsonNode t = http.get("/api/2.1/clusters/get?cluster_id=" + id).json();
        assertEquals("TERMINATING", t.path("state").asText());
        assertEquals("USER_REQUEST", t.path("termination_reason").path("code").asText());
        emu.clock().advance(Duration.ofSeconds(1));
        JsonNode done = http.get("/api/2.1/clusters/get?cluster_id=" + id).json();
        assertEquals("TERMINATED", done.path("state").asText());
        assertEquals(emu.clock().now(), done.path("terminated_time").asLong());
        assertEquals("user@example.com", done.path("termination_reason").path("parameters").path("username").asText());
        // deleting again is a no-op
        assertEquals(200, http.post("/api/2.1/clusters/delete", Map.of("cluster_id", id)).status());
        assertEquals("TERMINATED", state("2.1", id));
    }

    @Test
    void failNextStartEndsTerminatedWithTheReason() {
        String id = emu.clusters().create("c");
        emu.clusters().failNextStart(id, "BOOTSTRAP_TIMEOUT", "Instance bootstrap failed");
        http.post("/api/2.1/clusters/start", Map.of("cluster_id", id));
        emu.clock().advance(Duration.ofSeconds(3));
        JsonNode c = http.get("/api/2.1/clusters/get?cluster_id=" + id).json();
        assertEquals("TERMINATED", c.path("state").asText());
        assertEquals("Instance bootstrap failed", c.path("state_message").asText());
        assertEquals("BOOTSTRAP_TIMEOUT", c.path("termination_reason").path("code").asText());
        // only the next start fails
        http.post("/api/2.1/clusters/start", Map.of("cluster_id", id));
        emu.clock().advance(Duration.ofSeconds(3));
        assertEquals("RUNNING", state("2.1", id));
    }

    @Test
    void createRestartEditAndPermanentDelete() {
        Http.Answer created = http.post("/api/2.1/clusters/create", Map.of("cluster_name", "new",
                "spark_version", "15.4.x-scala2.12", "node_type_id", "i3.xlarge", "num_workers", 2));
        assertEquals(200, created.status(), created.body());
        String id = created.json().path("cluster_id").asText();
        assertEquals("PENDING", state("2.1", id));
        emu.clock().advance(Duration.ofSeconds(3));
        assertEquals("RUNNING", state("2.1", id));

        assertEquals(200, http.post("/api/2.1/clusters/restart", Map.of("cluster_id", id)).status());
        assertEquals("RESTARTING", state("2.1", id));
        emu.clock().advance(Duration.ofSeconds(3));
        assertEquals("RUNNING", state("2.1", id));

        Http.Answer edit = http.post("/api/2.1/clusters/edit", Map.of("cluster_id", id, "cluster_name", "renamed",
                "spark_version", "15.4.x-scala2.12", "num_workers", 4));
        assertEquals(200, edit.status(), edit.body());
        JsonNode edited = http.get("/api/2.1/clusters/get?cluster_id=" + id).json();
        assertEquals("renamed", edited.path("cluster_name").asText());
        assertEquals(4, edited.path("num_workers").asInt());
        assertEquals("RESTARTING", edited.path("state").asText());

        assertEquals(200, http.post("/api/2.1/clusters/permanent-delete", Map.of("cluster_id", id)).status());
        assertEquals(400, http.get("/api/2.1/clusters/get?cluster_id=" + id).status());
    }

    @Test
    void createWithoutSparkVersionNamesTheField() {
        Http.Answer a = http.post("/api/2.1/clusters/create", Map.of("cluster_name", "x"));
        assertEquals(400, a.status());
        assertEquals("INVALID_PARAMETER_VALUE", a.errorCode());
        assertEquals("Missing required field: spark_version", a.message());
    }

    @Test
    void restartOfATerminatedClusterIsInvalidState() {
        String id = emu.clusters().create("c");
        Http.Answer a = http.post("/api/2.1/clusters/restart", Map.of("cluster_id", id));
        assertEquals("INVALID_STATE", a.errorCode());
        assertEquals("Cluster " + id + " is in unexpected state Terminated.", a.message());
    }

    @Test
    void listPagesThroughEveryClusterOnceAndFiltersByState() {
        List<String> ids = emu.clusters().createMany(250);
        String running1 = emu.clusters().create("r1", "RUNNING");
        String running2 = emu.clusters().create("r2", "RUNNING");

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            JsonNode page = http.get("/api/2.1/clusters/list?page_size=100&page_token=" + token).json();
            page.path("clusters").forEach(c -> seen.add(c.path("cluster_id").asText()));
            token = page.path("next_page_token").asText("");
            pages++;
        } while (!token.isEmpty());
        assertEquals(3, pages);
        assertEquals(252, seen.size());
        assertEquals(ids, seen.subList(0, 250));

        JsonNode running = http.get("/api/2.1/clusters/list?filter_by.cluster_states=RUNNING"
                + "&filter_by.cluster_states=PENDING").json();
        List<String> runningIds = new ArrayList<>();
        running.path("clusters").forEach(c -> runningIds.add(c.path("cluster_id").asText()));
        assertEquals(List.of(running1, running2), runningIds);

        JsonNode second = http.get("/api/2.1/clusters/list?page_size=100&page_token="
                + http.get("/api/2.1/clusters/list?page_size=100").json().path("next_page_token").asText()).json();
        JsonNode back = http.get("/api/2.1/clusters/list?page_size=100&page_token="
                + second.path("prev_page_token").asText()).json();
        assertEquals(ids.get(0), back.path("clusters").get(0).path("cluster_id").asText());
        assertEquals(100, back.path("clusters").size());
    }

    @Test
    void emptyListIsAnEmptyObjectAndBadStateFilterIsRejected() {
        assertEquals("{}", http.get("/api/2.0/clusters/list").body());
        Http.Answer bad = http.get("/api/2.1/clusters/list?filter_by.cluster_states=SLEEPING");
        assertEquals(400, bad.status());
        assertTrue(bad.message().contains("SLEEPING"), bad.message());
    }
}
