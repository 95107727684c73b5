package io.jenkins.plugins.databricks.client.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Job runs: run-now with parameters and idempotency, waiting with progress, outcomes, cancel, output. */
class JobsTest {
    private static final String RUN_NOW = "/api/2.2/jobs/run-now";
    private static DatabricksEmulator emu;
    private static DatabricksClient client;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().runDuration(Duration.ofMillis(300)).start();
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
    void runNowAndWaitReportsASuccessfulOutcome() throws Exception {
        long job = emu.jobs().create("nightly");
        long runId = client.jobs().runNow(RunNowRequest.builder(job)
                .jobParameters(Map.of("env", "staging", "date", "2026-11-25")).build());
        RunOutcome outcome = client.jobs().waitForRun(runId, Duration.ofSeconds(30), progress::add);
        assertTrue(outcome.success(), outcome.summary());
        assertEquals("TERMINATED", outcome.lifeCycleState());
        assertEquals("SUCCESS", outcome.resultState());
        assertEquals(runId, outcome.runId());
        assertTrue(outcome.runPageUrl() != null && outcome.runPageUrl().contains(String.valueOf(runId)),
                outcome.runPageUrl());
        assertTrue(progress.get(0).startsWith("Run " + runId + " is "), progress.toString());
        assertTrue(progress.get(0).contains(outcome.runPageUrl()), "the first line links the run: " + progress);
        assertTrue(progress.get(progress.size() - 1).contains("-> TERMINATED SUCCESS"), progress.toString());
        Map<String, Object> map = outcome.toMap();
        assertEquals(List.of("run_id", "run_page_url", "life_cycle_state", "result_state", "state_message", "success",
                "termination_details", "run"), List.copyOf(map.keySet()));
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(map);
            out.writeObject(outcome);
        }
    }

    @Test
    void aFailedRunIsAnOutcomeNotAnException() throws Exception {
        long job = emu.jobs().create("flaky", "FAILED");
        long runId = client.jobs().runNow(RunNowRequest.builder(job).build());
        RunOutcome outcome = client.jobs().waitForRun(runId, Duration.ofSeconds(30), null);
        assertFalse(outcome.success());
        assertEquals("FAILED", outcome.resultState());
        assertTrue(outcome.summary().contains("FAILED"), outcome.summary());
    }

    @Test
    void idempotencyTokenMakesRunNowSafeToRetry() throws Exception {
        long job = emu.jobs().create("once");
        emu.faults().next(1, RUN_NOW, Fault.closeMidAnswer());
        long runId = client.jobs().runNow(RunNowRequest.builder(job).idempotencyToken("build-42-attempt-1").build());
        assertEquals(2, emu.requestCount("POST", RUN_NOW), "repeated after the answer was cut off");
        assertEquals(List.of(runId), emu.jobs().runIds(job), "still exactly one run");
    }

    @Test
    void withoutIdempotencyTokenRunNowIsNotRepeated() {
        long job = emu.jobs().create("no-token");
        emu.faults().next(1, RUN_NOW, Fault.status(500));
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.jobs().runNow(RunNowRequest.builder(job).build()));
        assertTrue(e.getMessage().contains("not safe to repeat"), e.getMessage());
        assertEquals(1, emu.requestCount("POST", RUN_NOW));
    }

    @Test
    void cancelEndsTheRunAsCanceled() throws Exception {
        try (DatabricksEmulator slow = TestSupport.emulator().runDuration(Duration.ofMinutes(10)).start()) {
            DatabricksClient c = TestSupport.client(slow).build();
            long job = slow.jobs().create("long");
            long runId = c.jobs().runNow(RunNowRequest.builder(job).build());
            c.jobs().cancel(runId);
            c.jobs().cancel(runId);
            RunOutcome outcome = c.jobs().waitForRun(runId, Duration.ofSeconds(30), null);
            assertEquals("CANCELED", outcome.resultState());
            assertFalse(outcome.success());
        }
    }

    @Test
    void aRunDeletedDuringTheWaitEndsItSayingSo() throws Exception {
        long runId = client.jobs().runNow(RunNowRequest.builder(emu.jobs().create("doomed")).build());
        emu.jobs().deleteRun(runId);
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.jobs().waitForRun(runId, Duration.ofSeconds(30), null));
        assertTrue(e.isNotFound(), e.getMessage());
        assertTrue(e.getMessage().contains("Run " + runId + " no longer exists"), e.getMessage());
    }

    @Test
    void waitTimesOutNamingTheRunAndItsState() {
        try (DatabricksEmulator slow = TestSupport.emulator().manualClock().start()) {
            DatabricksClient c = TestSupport.client(slow).build();
            long job = slow.jobs().create("stuck");
            DatabricksException e = assertThrows(DatabricksException.class, () -> c.jobs().waitForRun(
                    c.jobs().runNow(RunNowRequest.builder(job).build()), Duration.ofMillis(200), null));
            assertEquals(DatabricksException.TIMEOUT, e.errorCode());
            assertTrue(e.getMessage().matches("TIMEOUT: Run \\d+ did not finish within PT0\\.2S; it is \\w+ \\(.+\\)"),
                    e.getMessage());
        }
    }

    @Test
    void outputOfAFinishedRun() throws Exception {
        long job = emu.jobs().create("with-output");
        emu.jobs().setOutput(job, "42 rows written");
        long runId = client.jobs().runNow(RunNowRequest.builder(job).notebookParams(Map.of("x", "1")).build());
        client.jobs().waitForRun(runId, Duration.ofSeconds(30), null);
        Map<String, Object> output = client.jobs().getOutput(runId);
        assertTrue(String.valueOf(output).contains("42 rows written"), String.valueOf(output));
        assertEquals(runId, ((Number) client.jobs().getRun(runId).get("run_id")).longValue());
    }

    @Test
    void unknownJobIsNotFound() {
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.jobs().runNow(RunNowRequest.builder(987654).build()));
        assertTrue(e.isNotFound() || e.statusCode() == 400, e.getMessage());
    }

    @Test
    void requestsAreValidatedBeforeAnyCall() {
        assertEquals("jobId must be a positive number, got 0",
                assertThrows(IllegalArgumentException.class, () -> RunNowRequest.builder(0)).getMessage());
        assertEquals("idempotencyToken must be at most 64 characters, got 65", assertThrows(
                IllegalArgumentException.class, () -> RunNowRequest.builder(1).idempotencyToken("t".repeat(65)))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunNowRequest.builder(1)
                .notebookParams(Map.of("a", "1")).jarParams(List.of("x")).build()).getMessage()
                .startsWith("notebookParams and jarParams cannot be used together"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunNowRequest.builder(1)
                .jobParameters(Map.of(" ", "1"))).getMessage().startsWith("jobParameters has an empty parameter name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.jobs().waitForRun(-1,
                Duration.ofSeconds(1), null)).getMessage().startsWith("runId must be a positive number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.jobs().runNow(null)).getMessage()
                .startsWith("request must not be null"));
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void runStateOfARunNotWaitedForLeavesSuccessOpenUntilItEnds() throws Exception {
        long job = emu.jobs().create("nightly");
        long runId = client.jobs().runNow(RunNowRequest.builder(job).build());
        Map<String, Object> started = client.jobs().runState(runId);
        assertEquals(List.of("run_id", "run_page_url", "life_cycle_state", "result_state", "state_message", "success",
                "termination_details", "run"), List.copyOf(started.keySet()));
        assertEquals(runId, started.get("run_id"));
        assertTrue(String.valueOf(started.get("run_page_url")).contains(String.valueOf(runId)));
        assertFalse(Jobs.TERMINAL_STATES.contains(started.get("life_cycle_state")), started.toString());
        assertNull(started.get("success"), "not known while the run goes on");

        client.jobs().waitForRun(runId, Duration.ofSeconds(30), null);
        Map<String, Object> ended = client.jobs().runState(runId);
        assertEquals("TERMINATED", ended.get("life_cycle_state"));
        assertEquals(Boolean.TRUE, ended.get("success"));
    }

    @Test
    void parameterValuesMayBeNumbersAndBooleansButNotNested() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("env", "staging");
        values.put("shards", 3);
        values.put("dry_run", true);
        assertEquals(Map.of("env", "staging", "shards", "3", "dry_run", "true"),
                RunNowRequest.builder(7).jobParameters(values).build().jobParameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunNowRequest.builder(7).jobParameters(Map.of("dates", List.of("a", "b"))));
        assertEquals("jobParameters.dates: a parameter value must be a string, number or boolean, got "
                + List.of("a", "b").getClass().getSimpleName(), e.getMessage());
    }

    @Test
    void bodyCarriesEveryParameterKind() {
        Map<String, Object> body = RunNowRequest.builder(7).jobParameters(Map.of("a", "1")).pythonParams(List.of("--x"))
                .jarParams(List.of("j")).idempotencyToken("tok").build().toBody();
        assertEquals(Map.of("job_id", 7L, "job_parameters", Map.of("a", "1"), "python_params", List.of("--x"),
                "jar_params", List.of("j"), "idempotency_token", "tok"), body);
    }
}
