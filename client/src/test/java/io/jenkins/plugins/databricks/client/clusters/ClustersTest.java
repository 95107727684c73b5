package io.jenkins.plugins.databricks.client.clusters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.client.wait.PollSchedule;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cluster operations against an emulator on a real clock with short lifecycle durations. */
class ClustersTest {
    private static final String GET = "/api/2.1/clusters/get";
    private static final String START = "/api/2.1/clusters/start";
    private static DatabricksEmulator emu;
    private static DatabricksClient client;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().clusterStartDuration(Duration.ofMillis(300))
                .clusterTerminateDuration(Duration.ofMillis(200)).start();
        client = TestSupport.client(emu).rateLimit(1000).build();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.reset();
    }

    @Test
    void getReadsTheCluster() throws Exception {
        String id = emu.clusters().create("etl", "RUNNING");
        Map<String, Object> c = client.clusters().get(id);
        assertEquals("etl", c.get("cluster_name"));
        assertEquals("RUNNING", c.get("state"));
    }

    @Test
    void unknownClusterReadsAsNotFound() {
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.clusters().get("0000-000000-nothere"));
        assertTrue(e.isNotFound(), e.getMessage());
        assertTrue(e.getMessage().contains("0000-000000-nothere"), e.getMessage());
    }

    @Test
    void clusterIdIsValidatedBeforeAnyRequest() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.clusters().get(" ")).getMessage()
                .startsWith("clusterId must not be empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.clusters().ensureRunning("../x", Duration.ofMinutes(1), null));
        assertTrue(e.getMessage().startsWith("clusterId '../x' is not a valid id"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> client.clusters().ensureRunning("0123-456789-abc", Duration.ZERO, null)).getMessage()
                .startsWith("timeout must be a positive duration"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> client.clusters().ensureRunning("0123-456789-abc", null, null)).getMessage()
                .startsWith("timeout"));
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void listFollowsEveryPage() throws Exception {
        emu.clusters().createMany(250);
        List<Map<String, Object>> all = client.clusters().list();
        assertEquals(250, all.size());
        assertEquals(250, all.stream().map(c -> c.get("cluster_id")).distinct().count());
        assertEquals(3, emu.requestCount("GET", "/api/2.1/clusters/list"), "pages of 100");
    }

    @Test
    void listFiltersByState() throws Exception {
        emu.clusters().create("a", "RUNNING");
        emu.clusters().create("b", "TERMINATED");
        emu.clusters().create("c", "PENDING");
        List<Map<String, Object>> some = client.clusters().list(List.of("running", "PENDING"));
        assertEquals(2, some.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.clusters().list(List.of("STARTED")));
        assertEquals("states 'STARTED' is not accepted; expected one of PENDING, RUNNING, RESTARTING, RESIZING,"
                + " TERMINATING, TERMINATED, ERROR, UNKNOWN", e.getMessage());
    }

    @Test
    void startDoesNotWaitAndIsFineWhenAlreadyRunning() throws Exception {
        String stopped = emu.clusters().create("stopped");
        assertEquals("PENDING", client.clusters().start(stopped).get("state"));
        String running = emu.clusters().create("running", "RUNNING");
        assertEquals("RUNNING", client.clusters().start(running).get("state"));
    }

    @Test
    void ensureRunningStartsATerminatedClusterAndReportsEachStateChange() throws Exception {
        String id = emu.clusters().create("nightly");
        Map<String, Object> c = client.clusters().ensureRunning(id, Duration.ofSeconds(30), progress::add);
        assertEquals("RUNNING", c.get("state"));
        assertEquals(1, emu.requestCount("POST", START));
        assertEquals("Cluster 'nightly' (" + id + ") is TERMINATED", progress.get(0).replaceFirst(":.*", ""));
        assertEquals("Starting cluster 'nightly' (" + id + ")", progress.get(1));
        assertTrue(progress.stream().anyMatch(p -> p.contains("TERMINATED -> PENDING")), progress.toString());
        assertTrue(progress.get(progress.size() - 1).contains("PENDING -> RUNNING"), progress.toString());
    }

    @Test
    void ensureRunningOnARunningClusterSendsNoStart() throws Exception {
        String id = emu.clusters().create("up", "RUNNING");
        client.clusters().ensureRunning(id, Duration.ofSeconds(5), progress::add);
        assertEquals(1, emu.requestCount("GET", GET));
        assertEquals(0, emu.requestCount("POST", START));
        assertEquals(List.of("Cluster 'up' (" + id + ") is RUNNING"), progress);
    }

    @Test
    void ensureRunningWaitsForAPendingClusterWithoutStartingIt() throws Exception {
        String id = emu.clusters().create("starting", "PENDING");
        assertEquals("RUNNING", client.clusters().ensureRunning(id, Duration.ofSeconds(30), null).get("state"));
        assertEquals(0, emu.requestCount("POST", START));
    }

    @Test
    void ensureRunningWaitsForTerminationThenStarts() throws Exception {
        String id = emu.clusters().create("stopping", "RUNNING");
        client.clusters().terminate(id);
        assertEquals("TERMINATING", emu.clusters().state(id));
        assertEquals("RUNNING", client.clusters().ensureRunning(id, Duration.ofSeconds(30), progress::add)
                .get("state"));
        assertEquals(1, emu.requestCount("POST", START));
        assertTrue(progress.stream().anyMatch(p -> p.contains("TERMINATING -> TERMINATED")), progress.toString());
    }

    @Test
    void startFailureNamesStateMessageAndTerminationReason() {
        String id = emu.clusters().create("broken");
        emu.clusters().failNextStart(id, "BOOTSTRAP_TIMEOUT", "Instance bootstrap failed");
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.clusters().ensureRunning(id, Duration.ofSeconds(30), progress::add));
        assertEquals(DatabricksException.CLUSTER_START_FAILED, e.errorCode());
        assertTrue(e.getMessage().contains("failed to start: it is TERMINATED"), e.getMessage());
        assertTrue(e.getMessage().contains("Instance bootstrap failed"), e.getMessage());
        assertTrue(e.getMessage().contains("termination reason: BOOTSTRAP_TIMEOUT"), e.getMessage());
    }

    @Test
    void ensureRunningTimesOutNamingTheLastState() {
        try (DatabricksEmulator frozen = TestSupport.emulator().manualClock().start()) {
            DatabricksClient c = TestSupport.client(frozen).build();
            String id = frozen.clusters().create("slow");
            DatabricksException e = assertThrows(DatabricksException.class,
                    () -> c.clusters().ensureRunning(id, Duration.ofMillis(300), null));
            assertEquals(DatabricksException.TIMEOUT, e.errorCode());
            assertEquals(0, e.statusCode());
            assertTrue(e.getMessage().contains("did not reach RUNNING within PT0.3S; it is PENDING"), e.getMessage());
        }
    }

    @Test
    void terminateIsSafeToRepeat() throws Exception {
        String id = emu.clusters().create("done", "RUNNING");
        client.clusters().terminate(id);
        client.clusters().terminate(id);
        assertTrue(List.of("TERMINATING", "TERMINATED").contains(emu.clusters().state(id)));
    }

    @Test
    void defaultPollScheduleFollowsTheSdks() {
        PollSchedule p = PollSchedule.defaults();
        assertTrue(p.delay(1).compareTo(Duration.ofSeconds(1)) >= 0 && p.delay(1).compareTo(Duration.ofMillis(1100)) <= 0);
        assertTrue(p.delay(3).compareTo(Duration.ofSeconds(3)) >= 0 && p.delay(3).compareTo(Duration.ofMillis(3300)) <= 0);
        assertTrue(p.delay(50).compareTo(Duration.ofSeconds(10)) >= 0 && p.delay(50).compareTo(Duration.ofSeconds(11)) <= 0);
        assertEquals(Duration.ofMinutes(20), Clusters.DEFAULT_START_TIMEOUT);
    }
}
