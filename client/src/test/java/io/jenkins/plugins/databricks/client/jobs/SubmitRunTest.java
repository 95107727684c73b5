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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One-time runs: the request built from simple inputs, submitting, waiting, and each task's result. */
class SubmitRunTest {
    private static DatabricksEmulator emu;
    private static DatabricksClient client;

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().runDuration(Duration.ofMillis(200)).start();
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> task(Map<String, Object> body, int i) {
        return ((List<Map<String, Object>>) body.get("tasks")).get(i);
    }

    @Test
    void everyTaskTypeBecomesItsDatabricksShape() {
        Map<String, Object> body = SubmitRunRequest.builder()
                .runName("ci #42")
                .existingCluster("0123-456789-abcdefgh")
                .parameters(Map.of("env", "staging"))
                .task(Map.of("type", "notebook", "path", "/Shared/app/tests", "parameters", Map.of("suite", "smoke")))
                .task(Map.of("type", "pythonFile", "path", "/Volumes/main/ci/a/main.py",
                        "libraries", List.of("/Volumes/main/ci/a/app-1.0-py3-none-any.whl", "requests==2.32.3")))
                .task(Map.of("type", "python_wheel", "package_name", "app", "entry_point", "main",
                        "depends_on", List.of("notebook")))
                .task(Map.of("type", "jar", "main_class", "com.acme.Main", "parameters", List.of("--x", "1"),
                        "libraries", List.of("dbfs:/ci/app.jar")))
                .task(Map.of("type", "sql_file", "path", "/Shared/app/q.sql", "warehouse_id", "abc123def456"))
                .idempotencyToken("build-42")
                .build().toBody();
        assertEquals("ci #42", body.get("run_name"));
        assertEquals("build-42", body.get("idempotency_token"));
        assertEquals(Map.of("notebook_path", "/Shared/app/tests", "source", "WORKSPACE",
                "base_parameters", Map.of("env", "staging", "suite", "smoke")), task(body, 0).get("notebook_task"));
        assertEquals("notebook", task(body, 0).get("task_key"));
        assertEquals("0123-456789-abcdefgh", task(body, 0).get("existing_cluster_id"));
        assertEquals(Map.of("python_file", "/Volumes/main/ci/a/main.py", "source", "WORKSPACE",
                "parameters", List.of("--env=staging")), task(body, 1).get("spark_python_task"));
        assertEquals(List.of(Map.of("whl", "/Volumes/main/ci/a/app-1.0-py3-none-any.whl"),
                Map.of("pypi", Map.of("package", "requests==2.32.3"))), task(body, 1).get("libraries"));
        assertEquals(Map.of("package_name", "app", "entry_point", "main", "named_parameters", Map.of("env", "staging")),
                task(body, 2).get("python_wheel_task"));
        assertEquals(List.of(Map.of("task_key", "notebook")), task(body, 2).get("depends_on"));
        assertEquals(Map.of("main_class_name", "com.acme.Main", "parameters", List.of("--x", "1")),
                task(body, 3).get("spark_jar_task"));
        assertEquals(Map.of("file", Map.of("path", "/Shared/app/q.sql", "source", "WORKSPACE"),
                "warehouse_id", "abc123def456", "parameters", Map.of("env", "staging")), task(body, 4).get("sql_task"));
        assertFalse(task(body, 4).containsKey("existing_cluster_id"), "SQL runs on its warehouse");
    }

    @Test
    void serverlessAndGitSource() {
        Map<String, Object> body = SubmitRunRequest.builder().serverless()
                .gitSource("https://github.com/acme/etl", null, null, null, "0a1b2c3d4e5f")
                .task(Map.of("type", "notebook", "path", "notebooks/tests"))
                .task(Map.of("type", "python_file", "path", "jobs/main.py", "libraries", List.of("pandas")))
                .build().toBody();
        assertEquals(Map.of("git_url", "https://github.com/acme/etl", "git_provider", "gitHub",
                "git_commit", "0a1b2c3d4e5f"), body.get("git_source"));
        assertEquals("GIT", ((Map<?, ?>) task(body, 0).get("notebook_task")).get("source"));
        assertFalse(task(body, 0).containsKey("environment_key"), "serverless notebooks need no environment");
        assertEquals("default", task(body, 1).get("environment_key"));
        assertEquals(List.of(Map.of("environment_key", "default", "spec", Map.of("client", "1",
                "dependencies", List.of("pandas")))), body.get("environments"));
        Map<String, Object> cluster = SubmitRunRequest.builder()
                .newCluster(Map.of("spark_version", "15.4.x-scala2.12", "node_type_id", "i3.xlarge", "num_workers", 2))
                .task(Map.of("type", "notebook", "path", "/Shared/x")).build().toBody();
        assertEquals(2L, ((Map<?, ?>) task(cluster, 0).get("new_cluster")).get("num_workers"));
    }

    @Test
    void badTasksAreRefusedNamingTheParameterAndTheAcceptedValues() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder()
                .task(Map.of("type", "dlt_pipeline", "path", "/x")));
        assertEquals("tasks[0].type 'dlt_pipeline' is not a task type; expected one of notebook, python_file,"
                + " python_wheel, jar, sql_file", type.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder()
                .task(Map.of("type", "notebook", "notebook_path", "/x")));
        assertTrue(key.getMessage().startsWith("tasks[0] (notebook) has an unknown key 'notebook_path'"),
                key.getMessage());
        IllegalArgumentException need = assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder()
                .task(Map.of("type", "sql_file", "path", "/x.sql")));
        assertEquals("tasks[0] (sql_file) needs 'warehouse_id'", need.getMessage());
        IllegalArgumentException compute = assertThrows(IllegalArgumentException.class,
                () -> SubmitRunRequest.builder().task(Map.of("type", "notebook", "path", "/x")).build());
        assertTrue(compute.getMessage().contains("has no compute: set one of existingClusterId, newCluster or"
                + " serverless"), compute.getMessage()); // the step's parameter names
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder()
                .serverless().existingCluster("0123-456789-abcdefgh").task(Map.of("type", "notebook", "path", "/x"))
                .build());
        assertEquals("existingClusterId, newCluster and serverless are alternatives; set one of them",
                two.getMessage());
        IllegalArgumentException jar = assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder()
                .serverless().task(Map.of("type", "jar", "main_class", "M")).build());
        assertTrue(jar.getMessage().contains("serverless compute does not run JAR tasks"), jar.getMessage());
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> SubmitRunRequest.builder().serverless().task(Map.of("type", "notebook", "path", "nb")).build());
        assertTrue(relative.getMessage().startsWith("tasks[0].path 'nb' is not absolute"), relative.getMessage());
        IllegalArgumentException deps = assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder()
                .serverless().task(Map.of("type", "notebook", "path", "/a", "depends_on", List.of("b"))).build());
        assertTrue(deps.getMessage().contains("names 'b', which is not a task key"), deps.getMessage());
        IllegalArgumentException refs = assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder()
                .gitSource("https://github.com/a/b", null, "main", "v1", null));
        assertEquals("gitUrl needs exactly one of gitBranch, gitTag and gitCommit, got 2", refs.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SubmitRunRequest.builder().build());
    }

    @Test
    void aSubmittedRunReportsEachTasksResult() throws Exception {
        emu.workspace().putNotebook("/Shared/app/tests", "PYTHON", "# Databricks notebook source\n"
                + "dbutils.notebook.exit(dbutils.widgets.get(\"env\"))\n");
        emu.workspace().putNotebook("/Shared/app/checks", "PYTHON", "raise AssertionError(\"3 rows missing\")\n");
        SubmitRunRequest request = SubmitRunRequest.builder().serverless().parameters(Map.of("env", "staging"))
                .task(Map.of("type", "notebook", "key", "tests", "path", "/Shared/app/tests"))
                .task(Map.of("type", "notebook", "key", "checks", "path", "/Shared/app/checks"))
                .build();
        List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, Object> result = client.jobs().submitAndWait(request, Duration.ofSeconds(30), progress::add);
        assertEquals(false, result.get("success"));
        assertEquals("FAILED", result.get("result_state"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) result.get("tasks");
        assertEquals("tests", tasks.get(0).get("task_key"));
        assertEquals(true, tasks.get(0).get("success"));
        assertEquals("staging", tasks.get(0).get("notebook_result"));
        assertNull(tasks.get(0).get("error"));
        assertEquals(false, tasks.get(1).get("success"));
        assertEquals("AssertionError: 3 rows missing", tasks.get(1).get("error"));
        assertEquals("checks FAILED: AssertionError: 3 rows missing", Jobs.failedTasks(result),
                "the failed tasks for a message, the successful one left out");
        assertTrue(String.valueOf(tasks.get(1).get("error_trace")).contains("Traceback"), tasks.toString());
        assertTrue(String.valueOf(tasks.get(1).get("run_page_url")).startsWith(emu.baseUrl()), tasks.toString());
        assertTrue(progress.get(0).contains(String.valueOf(result.get("run_page_url"))), progress.toString());
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(result);
            out.writeObject(request);
        }
    }

    @Test
    void anIdempotencyTokenMakesSubmitSafeToRepeat() throws Exception {
        emu.workspace().putNotebook("/Shared/nb", "SQL", "select 1");
        SubmitRunRequest request = SubmitRunRequest.builder().serverless().idempotencyToken("build-7")
                .task(Map.of("type", "notebook", "path", "/Shared/nb")).build();
        emu.faults().next(1, "/api/2.2/jobs/runs/submit", Fault.closeMidAnswer());
        long first = client.jobs().submit(request);
        assertEquals(first, client.jobs().submit(request), "the same token gives the same run");
        assertEquals(3, emu.requestCount("POST", "/api/2.2/jobs/runs/submit"));
        Map<String, Object> result = client.jobs().runResult(client.jobs().waitForRun(first, Duration.ofSeconds(30),
                null));
        assertEquals(true, result.get("success"));

        SubmitRunRequest noToken = SubmitRunRequest.builder().serverless()
                .task(Map.of("type", "notebook", "path", "/Shared/nb")).build();
        emu.faults().next(1, "/api/2.2/jobs/runs/submit", Fault.closeMidAnswer());
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.jobs().submit(noToken));
        assertTrue(e.getMessage().contains("not safe to repeat"), e.getMessage());
    }

    @Test
    void runLinksStayOnTheWorkspace() {
        Jobs jobs = client.jobs();
        assertEquals(client.host() + "/jobs/12/runs/34", jobs.runPageUrl(12, 34));
        assertEquals(emu.baseUrl() + "/?o=1#job/1/run/2", jobs.runLink(Map.of("run_page_url",
                emu.baseUrl() + "/?o=1#job/1/run/2", "run_id", 2L, "job_id", 1L)));
        assertEquals(client.host() + "/jobs/1/runs/2", jobs.runLink(Map.of("run_page_url",
                "javascript:alert(1)", "run_id", 2L, "job_id", 1L)), "a page address off the workspace is rebuilt");
        assertEquals(client.host() + "/jobs/1/runs/2", jobs.runLink(Map.of("run_page_url",
                "https://evil.example.com/x", "run_id", 2L, "job_id", 1L)));
        assertNull(jobs.runLink(Map.of()));
    }

    @Test
    void aRunListingNoTasksReportsItsOwnOutput() throws Exception {
        long job = emu.jobs().create("legacy");
        emu.jobs().setOutput(job, "42 rows");
        long runId = client.jobs().runNow(RunNowRequest.builder(job).build());
        RunOutcome done = client.jobs().waitForRun(runId, Duration.ofSeconds(30), null);
        Map<String, Object> noTasks = new java.util.LinkedHashMap<>(done.run());
        noTasks.remove("tasks");
        Map<String, Object> result = client.jobs().runResult(new RunOutcome(runId, done.runPageUrl(),
                done.lifeCycleState(), done.resultState(), done.stateMessage(), done.success(), noTasks));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) result.get("tasks");
        assertEquals(1, tasks.size());
        assertEquals("42 rows", tasks.get(0).get("notebook_result"));
        assertEquals(runId, tasks.get(0).get("run_id"));
    }

    @Test
    void aHugeNotebookResultIsCutToTheDocumentedSize() throws Exception {
        long job = emu.jobs().create("big-output");
        String megabyte = "0123456789abcdef".repeat(64 * 1024);
        emu.jobs().setOutput(job, megabyte);
        long runId = client.jobs().runNow(RunNowRequest.builder(job).build());
        Map<String, Object> result = client.jobs().runResult(client.jobs().waitForRun(runId, Duration.ofSeconds(30),
                null));
        @SuppressWarnings("unchecked")
        Map<String, Object> task = ((List<Map<String, Object>>) result.get("tasks")).get(0);
        assertEquals(megabyte.substring(0, Jobs.TASK_TEXT_LIMIT), task.get("notebook_result"));
        assertEquals(true, task.get("notebook_result_truncated"));
        assertEquals(false, task.get("logs_truncated"));
        assertEquals(false, task.get("error_trace_truncated"));

        emu.jobs().setOutput(job, "42 rows");
        long small = client.jobs().runNow(RunNowRequest.builder(job).build());
        @SuppressWarnings("unchecked")
        Map<String, Object> smallTask = ((List<Map<String, Object>>) client.jobs().runResult(client.jobs()
                .waitForRun(small, Duration.ofSeconds(30), null)).get("tasks")).get(0);
        assertEquals("42 rows", smallTask.get("notebook_result"));
        assertEquals(false, smallTask.get("notebook_result_truncated"));
    }
}
