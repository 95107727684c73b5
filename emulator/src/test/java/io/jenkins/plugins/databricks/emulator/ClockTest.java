package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClockTest {

    @Test
    void manualClockStandsStillUntilAdvanced() throws Exception {
        EmulatorClock clock = EmulatorClock.manual();
        long t0 = clock.now();
        Thread.sleep(20);
        assertEquals(t0, clock.now());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(t0 + 300_000, clock.now());
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofMillis(-1)));
    }

    @Test
    void fastClockRunsAheadOfWallTime() throws Exception {
        EmulatorClock clock = EmulatorClock.fast(100);
        long t0 = clock.now();
        Thread.sleep(50);
        assertTrue(clock.now() - t0 >= 4000, "moved " + (clock.now() - t0) + " ms");
        assertThrows(IllegalArgumentException.class, () -> EmulatorClock.fast(0));
    }

    /** Default (real) time: a cluster and a run finish on their own, with no test driving the clock. */
    @Test
    void realClockMovesLifecyclesWithoutHelp() throws Exception {
        try (DatabricksEmulator emu = DatabricksEmulator.builder().token("dapi-test")
                .clusterStartDuration(Duration.ofMillis(300)).runDuration(Duration.ofMillis(300)).start()) {
            Http http = new Http(emu.baseUrl(), "dapi-test");
            String id = emu.clusters().create("c");
            http.post("/api/2.1/clusters/start", Map.of("cluster_id", id));
            long runId = http.post("/api/2.2/jobs/run-now", Map.of("job_id", emu.jobs().create("j"))).json()
                    .path("run_id").asLong();
            assertEquals("PENDING", emu.clusters().state(id));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!emu.clusters().state(id).equals("RUNNING") || !emu.jobs().lifeCycleState(runId).equals("TERMINATED")) {
                assertTrue(System.nanoTime() < deadline, "lifecycles did not finish");
                Thread.sleep(50);
            }
        }
    }

    @Test
    void builderRejectsBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> DatabricksEmulator.builder().port(-1));
        assertThrows(IllegalArgumentException.class, () -> DatabricksEmulator.builder().token(" "));
        assertThrows(IllegalArgumentException.class, () -> DatabricksEmulator.builder().servicePrincipal("a:b", "s"));
        assertThrows(IllegalArgumentException.class,
                () -> DatabricksEmulator.builder().accessTokenLifetime(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> DatabricksEmulator.builder().clusterStartDuration(Duration.ofSeconds(-1)));
        try (DatabricksEmulator emu = DatabricksEmulator.builder().token("t").manualClock().start()) {
            assertThrows(IllegalArgumentException.class, () -> emu.clusters().create("x", "SLEEPING"));
            assertThrows(IllegalArgumentException.class, () -> emu.jobs().create("x", "MAYBE"));
            assertThrows(IllegalArgumentException.class, () -> emu.clusters().failNextStart("nope", "C", "m"));
        }
    }
}
