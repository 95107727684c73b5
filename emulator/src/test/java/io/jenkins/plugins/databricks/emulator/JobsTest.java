package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobsTest {
    private DatabricksEmulator emu;
    private Http http;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").manualClock().runDuration(Duration.ofSeconds(2)).start();
        http = new Http(emu.baseUrl(), "dapi-test");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private long runNow(String version, Map<String, ?> body) {
        Http.Answer a = http.post("/api/" + version + "/jobs/run-now", body);
        assertEquals(200, a.status(), a.body());
        return a.json().path("run_id").asLong();
    }

    private JsonNode run(long runId) {
        return http.get("/api/2.2/jobs/runs/get?run_id=" + runId).json();
    }

    @Test
    void runGoesQueuedPendingRunningTerminatingTerminatedSuccess() {
        long jobId = emu.jobs().create("nightly");
        long runId = runNow("2.2", Map.of("job_id", jobId));
        JsonNode r = run(runId);
        assertEquals("QUEUED", r.path("state").path("life_cycle_state").asText());
        assertEquals("QUEUED", r.path("status").path("state").asText());
        assertFalse(r.path("state").has("result_state"));
        assertEquals(jobId, r.path("job_id").asLong());
        assertEquals(emu.baseUrl() + "/?o=1234567890#job/" + jobId + "/run/" + runId, r.path("run_page_url").asText());
        assertEquals(0, r.path("end_time").asLong());

        emu.clock().advance(Duration.ofMillis(200));
        assertEquals("PENDING", run(runId).path("state").path("life_cycle_state").asText());
        emu.clock().advance(Duration.ofMillis(800));
        assertEquals("RUNNING", run(runId).path("state").path("life_cycle_state").asText());
        assertEquals("RUNNING", run(runId).path("status").path("state").asText());
        emu.clock().advance(Duration.ofMillis(800));
        JsonNode terminating = run(runId);
        assertEquals("TERMINATING", terminating.path("state").path("life_cycle_state").asText());
        assertFalse(terminating.path("state").has("result_state"));
        emu.clock().advance(Duration.ofMillis(200));
        JsonNode done = run(runId);
        assertEquals("TERMINATED", done.path("state").path("life_cycle_state").asText());
        assertEquals("SUCCESS", done.path("state").path("result_state").asText());
        assertEquals("SUCCESS", done.path("status").path("termination_details").path("code").asText());
        assertEquals(done.path("start_time").asLong() + 2000, done.path("end_time").asLong());
        assertEquals(done.path("start_time").asLong() + 2000, emu.jobs().endTime(runId));
        assertEquals("main", done.path("tasks").get(0).path("task_key").asText());
    }

    @Test
    void aJobsRunsCanTakeTheirOwnTime() {
        long jobId = emu.jobs().create("long");
        emu.jobs().setRunDuration(jobId, Duration.ofMinutes(10));
        long runId = runNow("2.2", Map.of("job_id", jobId));
        emu.clock().advance(Duration.ofMinutes(5));
        assertEquals("RUNNING", run(runId).path("state").path("life_cycle_state").asText());
        emu.clock().advance(Duration.ofMinutes(5));
        assertEquals("TERMINATED", run(runId).path("state").path("life_cycle_state").asText());
    }

    @Test
    void failingJobEndsFailedWithAMessageAndOutputError() {
        long jobId = emu.jobs().create("broken", "FAILED");
        long runId = runNow("2.1", Map.of("job_id", jobId));
        emu.clock().advance(Duration.ofSeconds(2));
        JsonNode done = run(runId);
        assertEquals("TERMINATED", done.path("state").path("life_cycle_state").asText());
        assertEquals("FAILED", done.path("state").path("result_state").asText());
        assertFalse(done.path("state").path("state_message").asText().isEmpty());
        JsonNode out = http.get("/api/2.1/jobs/runs/get-output?run_id=" + runId).json();
        assertFalse(out.path("error").asText().isEmpty());
        assertEquals(runId, out.path("metadata").path("run_id").asLong());
    }

    @Test
    void jobFailsThroughItsTagOverRest() {
        Http.Answer created = http.post("/api/2.2/jobs/create", Map.of("name", "t",
                "tags", Map.of("emulator_result_state", "FAILED"),
                "tasks", List.of(Map.of("task_key", "only", "notebook_task", Map.of("notebook_path", "/x")))));
        long jobId = created.json().path("job_id").asLong();
        long runId = runNow("2.2", Map.of("job_id", jobId));
        emu.clock().advance(Duration.ofSeconds(2));
        assertEquals("FAILED", run(runId).path("state").path("result_state").asText());
    }

    @Test
    void internalErrorLifeCycle() {
        long jobId = emu.jobs().create("x", "INTERNAL_ERROR");
        long runId = runNow("2.2", Map.of("job_id", jobId));
        emu.clock().advance(Duration.ofSeconds(2));
        assertEquals("INTERNAL_ERROR", run(runId).path("state").path("life_cycle_state").asText());
    }

    @Test
    void idempotencyTokenReturnsTheSameRun() {
        long jobId = emu.jobs().create("j");
        long first = runNow("2.2", Map.of("job_id", jobId, "idempotency_token", "build-42"));
        long again = runNow("2.2", Map.of("job_id", jobId, "idempotency_token", "build-42"));
        long other = runNow("2.2", Map.of("job_id", jobId, "idempotency_token", "build-43"));
        assertEquals(first, again);
        assertNotEquals(first, other);
        assertEquals(2, emu.jobs().runIds(jobId).size());
        Http.Answer tooLong = http.post("/api/2.2/jobs/run-now", Map.of("job_id", jobId, "idempotency_token",
                "x".repeat(65)));
        assertEquals(400, tooLong.status());
    }

    @Test
    void parametersAreRecordedOnTheRun() {
        long jobId = emu.jobs().create("p");
        long runId = runNow("2.2", Map.of("job_id", jobId, "job_parameters", Map.of("env", "prod"),
                "notebook_params", Map.of("day", "monday"), "python_params", List.of("a", "b")));
        JsonNode r = run(runId);
        assertEquals("env", r.path("job_parameters").get(0).path("name").asText());
        assertEquals("prod", r.path("job_parameters").get(0).path("value").asText());
        assertEquals("monday", r.path("overriding_parameters").path("notebook_params").path("day").asText());
        assertEquals("b", r.path("overriding_parameters").path("python_params").get(1).asText());
        Http.Answer wrongType = http.post("/api/2.2/jobs/run-now", Map.of("job_id", jobId, "python_params", "notalist"));
        assertEquals(400, wrongType.status());
        assertEquals("MALFORMED_REQUEST", wrongType.errorCode());
    }

    @Test
    void cancelTakesTimeThroughTerminatingAndEndsCanceled() {
        long jobId = emu.jobs().create("c");
        long runId = runNow("2.2", Map.of("job_id", jobId));
        emu.clock().advance(Duration.ofSeconds(1));
        assertEquals(200, http.post("/api/2.2/jobs/runs/cancel", Map.of("run_id", runId)).status());
        JsonNode r = run(runId);
        assertEquals("TERMINATING", r.path("state").path("life_cycle_state").asText());
        assertFalse(r.path("state").has("result_state"));
        assertEquals(0, r.path("end_time").asLong());
        long cancelledAt = emu.clock().now();
        emu.clock().advance(Duration.ofMillis(500));
        assertEquals(200, http.post("/api/2.2/jobs/runs/cancel", Map.of("run_id", runId)).status());
        emu.clock().advance(Duration.ofMillis(500));
        JsonNode done = run(runId);
        assertEquals("TERMINATED", done.path("state").path("life_cycle_state").asText());
        assertEquals("CANCELED", done.path("state").path("result_state").asText());
        assertEquals("USER_CANCELED", done.path("status").path("termination_details").path("code").asText());
        assertEquals(cancelledAt + 1000, done.path("end_time").asLong(), "a second cancel does not restart it");
        emu.clock().advance(Duration.ofSeconds(5));
        assertEquals("CANCELED", run(runId).path("state").path("result_state").asText());
        assertEquals(200, http.post("/api/2.2/jobs/runs/cancel", Map.of("run_id", runId)).status());
    }

    @Test
    void aCancelWhileTerminatingChangesNothing() {
        long jobId = emu.jobs().create("c");
        long runId = runNow("2.2", Map.of("job_id", jobId));
        emu.clock().advance(Duration.ofMillis(1900));
        assertEquals(200, http.post("/api/2.2/jobs/runs/cancel", Map.of("run_id", runId)).status());
        emu.clock().advance(Duration.ofMillis(100));
        assertEquals("SUCCESS", run(runId).path("state").path("result_state").asText());
    }

    @Test
    void onlyAnInactiveRunCanBeDeletedAndThenDoesNotExist() {
        long jobId = emu.jobs().create("d");
        long runId = runNow("2.2", Map.of("job_id", jobId));
        Http.Answer active = http.post("/api/2.2/jobs/runs/delete", Map.of("run_id", runId));
        assertEquals(400, active.status());
        assertEquals("INVALID_STATE", active.errorCode());
        emu.clock().advance(Duration.ofSeconds(2));
        assertEquals(200, http.post("/api/2.2/jobs/runs/delete", Map.of("run_id", runId)).status());
        Http.Answer gone = http.get("/api/2.2/jobs/runs/get?run_id=" + runId);
        assertEquals(400, gone.status());
        assertEquals("Run " + runId + " does not exist.", gone.message());
    }

    @Test
    void unknownJobAndRunAreInvalidParameter() {
        Http.Answer job = http.post("/api/2.2/jobs/run-now", Map.of("job_id", 12345));
        assertEquals(400, job.status());
        assertEquals("INVALID_PARAMETER_VALUE", job.errorCode());
        assertEquals("Job 12345 does not exist.", job.message());
        assertEquals(400, http.get("/api/2.1/jobs/get?job_id=12345").status());
        Http.Answer run = http.get("/api/2.2/jobs/runs/get?run_id=999");
        assertEquals(400, run.status());
        assertEquals("Run 999 does not exist.", run.message());
        assertEquals("Missing required field: job_id", http.post("/api/2.2/jobs/run-now", Map.of()).message());
    }

    @Test
    void createGetListDelete() {
        long a = http.post("/api/2.2/jobs/create", Map.of("name", "alpha", "tasks", List.of(Map.of("task_key", "t1"))))
                .json().path("job_id").asLong();
        long b = emu.jobs().create("beta");
        JsonNode got = http.get("/api/2.2/jobs/get?job_id=" + a).json();
        assertEquals("alpha", got.path("settings").path("name").asText());
        assertEquals("user@example.com", got.path("creator_user_name").asText());
        assertEquals("t1", got.path("settings").path("tasks").get(0).path("task_key").asText());

        JsonNode page1 = http.get("/api/2.2/jobs/list?limit=1").json();
        assertEquals(a, page1.path("jobs").get(0).path("job_id").asLong());
        assertTrue(page1.path("has_more").asBoolean());
        JsonNode page2 = http.get("/api/2.2/jobs/list?limit=1&page_token=" + page1.path("next_page_token").asText()).json();
        assertEquals(b, page2.path("jobs").get(0).path("job_id").asLong());
        assertFalse(page2.path("has_more").asBoolean());
        assertEquals(1, http.get("/api/2.1/jobs/list?name=beta").json().path("jobs").size());

        assertEquals(200, http.post("/api/2.2/jobs/delete", Map.of("job_id", a)).status());
        assertEquals(400, http.get("/api/2.2/jobs/get?job_id=" + a).status());
        assertEquals(404, http.get("/api/2.0/permissions/jobs/" + a).status());
        assertEquals(400, http.post("/api/2.2/jobs/create", Map.of("tasks", List.of(Map.of("notebook_task", Map.of()))))
                .status());
    }

    @Test
    void submitRunsAndMultiTaskOutputRule() {
        Http.Answer submitted = http.post("/api/2.2/jobs/runs/submit", Map.of("run_name", "once",
                "tasks", List.of(Map.of("task_key", "a"), Map.of("task_key", "b"))));
        assertEquals(200, submitted.status(), submitted.body());
        long runId = submitted.json().path("run_id").asLong();
        emu.clock().advance(Duration.ofSeconds(2));
        JsonNode r = run(runId);
        assertEquals("SUBMIT_RUN", r.path("run_type").asText());
        assertEquals("SUCCESS", r.path("state").path("result_state").asText());
        assertEquals(2, r.path("tasks").size());

        Http.Answer multi = http.get("/api/2.2/jobs/runs/get-output?run_id=" + runId);
        assertEquals(400, multi.status());
        assertEquals("INVALID_PARAMETER_VALUE", multi.errorCode());
        long taskRun = r.path("tasks").get(1).path("run_id").asLong();
        JsonNode task = run(taskRun);
        assertEquals(runId, task.path("parent_run_id").asLong());
        assertEquals("b", task.path("task_key").asText());
        assertEquals("TERMINATED", task.path("state").path("life_cycle_state").asText());
        JsonNode out = http.get("/api/2.2/jobs/runs/get-output?run_id=" + taskRun).json();
        assertEquals("b", out.path("metadata").path("task_key").asText());
        assertFalse(out.path("notebook_output").path("truncated").asBoolean());
    }

    @Test
    void outputOfASuccessfulRunCarriesTheNotebookResult() {
        long jobId = emu.jobs().create("o");
        emu.jobs().setOutput(jobId, "42 rows");
        long runId = runNow("2.2", Map.of("job_id", jobId));
        assertFalse(http.get("/api/2.2/jobs/runs/get-output?run_id=" + runId).json().has("notebook_output"));
        emu.clock().advance(Duration.ofSeconds(2));
        assertEquals("42 rows", http.get("/api/2.2/jobs/runs/get-output?run_id=" + runId).json()
                .path("notebook_output").path("result").asText());
    }

    @Test
    void runsListNewestFirst() {
        long jobId = emu.jobs().create("l");
        long r1 = runNow("2.2", Map.of("job_id", jobId));
        long r2 = runNow("2.2", Map.of("job_id", jobId));
        JsonNode runs = http.get("/api/2.2/jobs/runs/list?job_id=" + jobId).json().path("runs");
        assertEquals(r2, runs.get(0).path("run_id").asLong());
        assertEquals(r1, runs.get(1).path("run_id").asLong());
        assertEquals("QUEUED", emu.jobs().lifeCycleState(r1));
    }

    @Test
    void runsListPagesByTokenBothWaysWithoutTasksUnlessExpanded() {
        long jobId = emu.jobs().create("paged");
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(0, runNow("2.2", Map.of("job_id", jobId)));
        }
        JsonNode p1 = http.get("/api/2.2/jobs/runs/list?limit=3").json();
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(2)), runIds(p1));
        assertTrue(p1.path("has_more").asBoolean());
        assertFalse(p1.has("prev_page_token"));
        assertFalse(p1.path("runs").get(0).has("tasks"), "tasks only with expand_tasks=true");
        JsonNode p2 = http.get("/api/2.2/jobs/runs/list?limit=3&page_token=" + p1.path("next_page_token").asText()).json();
        assertEquals(List.of(ids.get(3), ids.get(4), ids.get(5)), runIds(p2));
        JsonNode p3 = http.get("/api/2.2/jobs/runs/list?limit=3&page_token=" + p2.path("next_page_token").asText()).json();
        assertEquals(List.of(ids.get(6)), runIds(p3));
        assertFalse(p3.path("has_more").asBoolean());
        assertFalse(p3.has("next_page_token"));
        JsonNode back = http.get("/api/2.2/jobs/runs/list?limit=3&page_token=" + p3.path("prev_page_token").asText()).json();
        assertEquals(runIds(p2), runIds(back));
        JsonNode expanded = http.get("/api/2.1/jobs/runs/list?limit=1&expand_tasks=true").json();
        assertEquals("main", expanded.path("runs").get(0).path("tasks").get(0).path("task_key").asText());
        assertEquals(400, http.get("/api/2.2/jobs/runs/list?page_token=bogus").status());
    }

    @Test
    void activeOnlyListsRunsUntilTheyAreTerminatedAndRunsEndingBetweenPagesShiftNothing() {
        long shortJob = emu.jobs().create("short");
        long longJob = emu.jobs().create("long");
        emu.jobs().setRunDuration(longJob, Duration.ofSeconds(10));
        long a = runNow("2.2", Map.of("job_id", longJob));
        long b = runNow("2.2", Map.of("job_id", shortJob));
        long c = runNow("2.2", Map.of("job_id", longJob));
        long d = runNow("2.2", Map.of("job_id", longJob));
        JsonNode p1 = http.get("/api/2.2/jobs/runs/list?active_only=true&limit=2").json();
        assertEquals(List.of(d, c), runIds(p1));
        emu.clock().advance(Duration.ofMillis(1900));
        assertEquals("TERMINATING", emu.jobs().lifeCycleState(b));
        emu.clock().advance(Duration.ofMillis(100));
        JsonNode p2 = http.get("/api/2.2/jobs/runs/list?active_only=true&limit=2&page_token="
                + p1.path("next_page_token").asText()).json();
        assertEquals(List.of(a), runIds(p2), "b ended between the pages; a is not skipped");
        assertEquals(List.of(b), runIds(http.get("/api/2.2/jobs/runs/list?completed_only=true").json()));
    }

    private static List<Long> runIds(JsonNode page) {
        List<Long> out = new java.util.ArrayList<>();
        page.path("runs").forEach(r -> out.add(r.path("run_id").asLong()));
        return out;
    }

    @Test
    void submittedNotebooksEndAsTheirSourceSays() {
        emu.workspace().putNotebook("/Shared/ok", "PYTHON",
                "# Databricks notebook source\ndbutils.notebook.exit(dbutils.widgets.get(\"env\"))");
        emu.workspace().putNotebook("/Shared/bad", "PYTHON", "x = 1\nraise ValueError(\"no rows\")\n");
        Http.Answer submitted = http.post("/api/2.2/jobs/runs/submit", Map.of("run_name", "ci", "tasks", List.of(
                Map.of("task_key", "ok", "notebook_task", Map.of("notebook_path", "/Shared/ok",
                        "base_parameters", Map.of("env", "staging"))),
                Map.of("task_key", "bad", "notebook_task", Map.of("notebook_path", "/Shared/bad")),
                Map.of("task_key", "gone", "notebook_task", Map.of("notebook_path", "/Shared/gone")))));
        assertEquals(200, submitted.status(), submitted.body());
        emu.clock().advance(Duration.ofSeconds(2));
        JsonNode r = run(submitted.json().path("run_id").asLong());
        assertEquals("FAILED", r.path("state").path("result_state").asText());
        JsonNode tasks = r.path("tasks");
        assertEquals("SUCCESS", tasks.get(0).path("state").path("result_state").asText());
        JsonNode ok = http.get("/api/2.2/jobs/runs/get-output?run_id=" + tasks.get(0).path("run_id").asLong()).json();
        assertEquals("staging", ok.path("notebook_output").path("result").asText());
        JsonNode bad = http.get("/api/2.2/jobs/runs/get-output?run_id=" + tasks.get(1).path("run_id").asLong()).json();
        assertEquals("ValueError: no rows", bad.path("error").asText());
        assertTrue(bad.path("error_trace").asText().contains("line 2"), bad.toString());
        JsonNode gone = http.get("/api/2.2/jobs/runs/get-output?run_id=" + tasks.get(2).path("run_id").asLong()).json();
        assertTrue(gone.path("error").asText().contains("Notebook not found: /Shared/gone"), gone.toString());

        Http.Answer noPath = http.post("/api/2.2/jobs/runs/submit", Map.of("tasks", List.of(
                Map.of("task_key", "a", "spark_python_task", Map.of()))));
        assertEquals(400, noPath.status());
        assertEquals("INVALID_PARAMETER_VALUE", noPath.errorCode());
    }
    @Test
    void aNotebookLeavesFilesWithDbutilsFsPutAsARealOneDoes() {
        String report = "<testsuite name=\"etl\" tests=\"2\" failures=\"1\">\n"
                + "  <testcase name=\"rows\"/>\n  <testcase name=\"keys\"><failure message=\"dup\"/></testcase>\n"
                + "</testsuite>\n";
        emu.workspace().putNotebook("/Shared/tests", "PYTHON", "# Databricks notebook source\n"
                + "report = run_tests()\n"
                + "dbutils.fs.put(\"/Volumes/main/ci/reports/junit.xml\", \"\"\"" + report + "\"\"\", True)\n"
                + "dbutils.fs.put('dbfs:/ci/summary.txt', 'passed: 1\\nfailed: 1\\n', overwrite=True)\n"
                + "dbutils.notebook.exit(\"done\")\n");
        emu.workspace().putNotebook("/Shared/twice", "PYTHON",
                "dbutils.fs.put(\"/ci/once.txt\", \"a\")\ndbutils.fs.put(\"/ci/once.txt\", \"b\")\n");
        emu.workspace().putNotebook("/Shared/raises", "PYTHON",
                "raise AssertionError(\"boom\")\ndbutils.fs.put(\"/ci/never.txt\", \"x\", True)\n");
        Http.Answer submitted = http.post("/api/2.2/jobs/runs/submit", Map.of("run_name", "ci", "tasks", List.of(
                Map.of("task_key", "tests", "notebook_task", Map.of("notebook_path", "/Shared/tests")),
                Map.of("task_key", "twice", "notebook_task", Map.of("notebook_path", "/Shared/twice")),
                Map.of("task_key", "raises", "notebook_task", Map.of("notebook_path", "/Shared/raises")))));
        assertEquals(200, submitted.status(), submitted.body());
        emu.clock().advance(Duration.ofSeconds(2));
        JsonNode tasks = run(submitted.json().path("run_id").asLong()).path("tasks");
        assertEquals("SUCCESS", tasks.get(0).path("state").path("result_state").asText());
        assertEquals(report, new String(emu.volumes().read("/Volumes/main/ci/reports/junit.xml").orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("passed: 1\nfailed: 1\n", new String(emu.dbfs().read("/ci/summary.txt").orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8));
        JsonNode twice = http.get("/api/2.2/jobs/runs/get-output?run_id=" + tasks.get(1).path("run_id").asLong())
                .json();
        assertTrue(twice.path("error").asText().contains("FileAlreadyExistsException: /ci/once.txt"), twice.toString());
        assertEquals("a", new String(emu.dbfs().read("/ci/once.txt").orElseThrow(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertFalse(emu.dbfs().exists("/ci/never.txt"), "a put after the raise never runs");
    }
}
