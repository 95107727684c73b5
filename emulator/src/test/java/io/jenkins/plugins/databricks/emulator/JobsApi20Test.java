package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs API 2.0, as the legacy CLI and databricks-api call it: single-task settings, 2.0-shaped runs. */
class JobsApi20Test {
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

    @Test
    void aSingleTaskJobKeepsItsShapeIn20AndIsOneTaskIn21() {
        Map<String, Object> settings = Map.of("name", "legacy", "existing_cluster_id", "0123-456789-abcdefgh",
                "notebook_task", Map.of("notebook_path", "/Shared/etl"), "max_concurrent_runs", 1);
        long jobId = http.post("/api/2.0/jobs/create", settings).json().path("job_id").asLong();
        JsonNode v20 = http.get("/api/2.0/jobs/get?job_id=" + jobId).json().path("settings");
        assertEquals("/Shared/etl", v20.path("notebook_task").path("notebook_path").asText());
        assertEquals("0123-456789-abcdefgh", v20.path("existing_cluster_id").asText());
        assertFalse(v20.has("tasks"));
        assertEquals("SINGLE_TASK", v20.path("format").asText());

        JsonNode v21 = http.get("/api/2.1/jobs/get?job_id=" + jobId).json().path("settings");
        assertEquals(1, v21.path("tasks").size());
        assertEquals("/Shared/etl", v21.path("tasks").get(0).path("notebook_task").path("notebook_path").asText());
        assertEquals("0123-456789-abcdefgh", v21.path("tasks").get(0).path("existing_cluster_id").asText());
        assertFalse(v21.has("notebook_task"));

        JsonNode list = http.get("/api/2.0/jobs/list").json();
        assertEquals(1, list.path("jobs").size());
        assertTrue(list.path("jobs").get(0).path("settings").has("notebook_task"));
    }

    @Test
    void runsAnswerInThe20Shape() {
        long jobId = http.post("/api/2.0/jobs/create", Map.of("name", "legacy", "existing_cluster_id", "c-1",
                "notebook_task", Map.of("notebook_path", "/Shared/etl"))).json().path("job_id").asLong();
        JsonNode started = http.post("/api/2.0/jobs/run-now", Map.of("job_id", jobId,
                "notebook_params", Map.of("env", "staging"))).json();
        long runId = started.path("run_id").asLong();
        assertTrue(started.has("number_in_job"));
        emu.clock().advance(Duration.ofSeconds(2));
        JsonNode run = http.get("/api/2.0/jobs/runs/get?run_id=" + runId).json();
        assertEquals("TERMINATED", run.path("state").path("life_cycle_state").asText());
        assertEquals("SUCCESS", run.path("state").path("result_state").asText());
        assertEquals("/Shared/etl", run.path("task").path("notebook_task").path("notebook_path").asText());
        assertEquals("c-1", run.path("cluster_spec").path("existing_cluster_id").asText());
        assertEquals("staging", run.path("overriding_parameters").path("notebook_params").path("env").asText());
        assertFalse(run.has("tasks"), "2.0 runs have no tasks array");
        assertFalse(run.has("status"), "nor the 2.1 status object");

        JsonNode runs = http.get("/api/2.0/jobs/runs/list?job_id=" + jobId).json();
        assertEquals(List.of(runId), List.of(runs.path("runs").get(0).path("run_id").asLong()));
        JsonNode output = http.get("/api/2.0/jobs/runs/get-output?run_id=" + runId).json();
        assertTrue(output.path("metadata").has("task"));
        assertTrue(output.has("notebook_output"));
    }

    @Test
    void submitResetAndDelete() {
        long runId = http.post("/api/2.0/jobs/runs/submit", Map.of("run_name", "once", "existing_cluster_id", "c-1",
                "spark_python_task", Map.of("python_file", "dbfs:/x.py"))).json().path("run_id").asLong();
        assertEquals("dbfs:/x.py", http.get("/api/2.0/jobs/runs/get?run_id=" + runId).json().path("task")
                .path("spark_python_task").path("python_file").asText());
        long jobId = http.post("/api/2.0/jobs/create", Map.of("name", "a", "notebook_task",
                Map.of("notebook_path", "/a"))).json().path("job_id").asLong();
        assertEquals(200, http.post("/api/2.0/jobs/reset", Map.of("job_id", jobId, "new_settings", Map.of("name", "b",
                "notebook_task", Map.of("notebook_path", "/b")))).status());
        assertEquals("/b", http.get("/api/2.0/jobs/get?job_id=" + jobId).json().path("settings")
                .path("notebook_task").path("notebook_path").asText());
        assertEquals(200, http.post("/api/2.0/jobs/delete", Map.of("job_id", jobId)).status());
        assertEquals(400, http.get("/api/2.0/jobs/get?job_id=" + jobId).status());
    }
}
