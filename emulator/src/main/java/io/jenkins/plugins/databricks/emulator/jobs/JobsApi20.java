package io.jenkins.plugins.databricks.emulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Json;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/2.0/jobs/*}: the single-task Jobs API that the legacy Databricks CLI, the {@code databricks-api}
 * package and many scripts still call. A 2.0 job is one task whose fields ({@code notebook_task},
 * {@code existing_cluster_id}, {@code new_cluster}, {@code libraries}, ...) sit at the top of the settings; it is
 * stored as a 2.1 job with one task, so both versions see the same jobs and runs. Runs answer in the 2.0 shape:
 * {@code task} and {@code cluster_spec} instead of {@code tasks}, and no {@code status}.
 */
public final class JobsApi20 {
    private static final String P = "/api/2.0/jobs";
    /** The fields of a 2.0 job that belong to its task in 2.1. */
    private static final Set<String> TASK_FIELDS = Set.of("notebook_task", "spark_jar_task", "spark_python_task",
            "spark_submit_task", "pipeline_task", "python_wheel_task", "sql_task", "dbt_task", "run_job_task",
            "existing_cluster_id", "new_cluster", "job_cluster_key", "libraries", "max_retries",
            "min_retry_interval_millis", "retry_on_timeout");
    private static final String TASK_KEY = "main";

    private final Jobs jobs;

    public JobsApi20(Jobs jobs) {
        this.jobs = jobs;
    }

    public void register(Router r) {
        r.add("POST", P + "/create", req -> Map.of("job_id",
                jobs.createJob(toMultiTask(req.body()), req.identity(), "SUCCESS")));
        r.add("GET", P + "/get", req -> job(jobs.get(req.longValue("job_id"))));
        r.add("GET", P + "/list", req -> list());
        r.add("POST", P + "/reset", req -> {
            long id = req.longValue("job_id");
            jobs.get(id);
            JsonNode s = req.body().get("new_settings");
            if (s == null || !s.isObject()) {
                throw ApiException.missingField("new_settings");
            }
            jobs.replaceSettings(id, toMultiTask(s));
            return Map.of();
        });
        r.add("POST", P + "/delete", req -> {
            jobs.delete(req.longValue("job_id"));
            return Map.of();
        });
        r.add("POST", P + "/run-now", this::runNow);
        r.add("POST", P + "/runs/submit", req -> {
            ObjectNode settings = toMultiTask(req.body());
            Run run = jobs.submit(settings, req.identity(), req.optString("idempotency_token").orElse(null));
            return Map.of("run_id", run.runId);
        });
        r.add("GET", P + "/runs/get", req -> run(jobs.run(req.longValue("run_id"))));
        r.add("GET", P + "/runs/list", this::listRuns);
        r.add("POST", P + "/runs/cancel", req -> {
            jobs.cancel(req.longValue("run_id"));
            return Map.of();
        });
        r.add("GET", P + "/runs/get-output", req -> {
            long runId = req.longValue("run_id");
            Map<String, Object> out = new LinkedHashMap<>(jobs.output(runId));
            out.put("metadata", run(jobs.run(runId)));
            return out;
        });
    }

    /** 2.0 settings (task fields at the top) as the 2.1 job with one task the emulator stores. */
    private static ObjectNode toMultiTask(JsonNode node) {
        if (!node.isObject()) {
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected a map");
        }
        ObjectNode settings = ((ObjectNode) node).deepCopy();
        settings.remove("job_id");
        if (settings.has("tasks")) {
            return settings; // already 2.1-shaped: stored as given
        }
        ObjectNode task = Json.object();
        task.put("task_key", TASK_KEY);
        for (String f : List.copyOf(TASK_FIELDS)) {
            JsonNode v = settings.remove(f);
            if (v != null) {
                task.set(f, v);
            }
        }
        settings.putArray("tasks").add(task);
        settings.putIfAbsent("name", settings.textNode("Untitled"));
        settings.putIfAbsent("max_concurrent_runs", settings.numberNode(1));
        settings.put("format", "SINGLE_TASK");
        return settings;
    }

    /** The 2.0 view of stored settings: a single task's fields lifted to the top; several tasks stay a list. */
    private static ObjectNode toSingleTask(ObjectNode stored) {
        ObjectNode settings = stored.deepCopy();
        JsonNode tasks = settings.get("tasks");
        if (tasks == null || !tasks.isArray() || tasks.size() != 1) {
            return settings;
        }
        settings.remove("tasks");
        tasks.get(0).properties().forEach(e -> {
            if (TASK_FIELDS.contains(e.getKey())) {
                settings.set(e.getKey(), e.getValue());
            }
        });
        settings.put("format", "SINGLE_TASK");
        return settings;
    }

    private static Map<String, Object> job(Job j) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", j.id);
        out.put("creator_user_name", j.creator);
        out.put("settings", toSingleTask(j.settings));
        out.put("created_time", j.createdTime);
        return out;
    }

    /** 2.0 lists every job in one answer (it has no paging). */
    private Object list() {
        List<Map<String, Object>> all = new ArrayList<>();
        jobs.visibleJobs().forEach(j -> all.add(job(j)));
        Map<String, Object> out = new LinkedHashMap<>();
        if (!all.isEmpty()) {
            out.put("jobs", all);
        }
        out.put("has_more", false);
        return out;
    }

    private Object runNow(ApiRequest req) {
        long jobId = req.longValue("job_id");
        Map<String, Object> overriding = new LinkedHashMap<>();
        JsonNode nb = req.body().get("notebook_params");
        if (nb != null && nb.isObject() && nb.size() > 0) {
            Map<String, Object> m = new LinkedHashMap<>();
            nb.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
            overriding.put("notebook_params", m);
        }
        for (String f : List.of("python_params", "jar_params", "spark_submit_params")) {
            JsonNode v = req.body().get(f);
            if (v != null && v.isArray() && v.size() > 0) {
                List<String> values = new ArrayList<>();
                v.forEach(x -> values.add(x.asText()));
                overriding.put(f, values);
            }
        }
        Run run = jobs.runNow(jobId, req.identity(), req.optString("idempotency_token").orElse(null), Map.of(),
                overriding);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run.runId);
        out.put("number_in_job", run.runId);
        return out;
    }

    private Object listRuns(ApiRequest req) {
        Long jobId = req.optLong("job_id").orElse(null);
        boolean activeOnly = req.optBoolean("active_only").orElse(false);
        boolean completedOnly = req.optBoolean("completed_only").orElse(false);
        int limit = (int) Math.max(1, Math.min(1000, req.optLong("limit").orElse(25L)));
        long offset = Math.max(0, req.optLong("offset").orElse(0L));
        long now = jobs.now();
        List<Run> all = jobs.allRuns();
        List<Run> matching = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            Run r = all.get(i);
            if ((jobId == null || r.jobId == jobId) && (!activeOnly || !r.terminal(now))
                    && (!completedOnly || r.terminal(now))) {
                matching.add(r);
            }
        }
        int from = (int) Math.min(offset, matching.size());
        int to = Math.min(matching.size(), from + limit);
        List<Map<String, Object>> page = new ArrayList<>();
        matching.subList(from, to).forEach(r -> page.add(run(r)));
        Map<String, Object> out = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            out.put("runs", page);
        }
        out.put("has_more", to < matching.size());
        return out;
    }

    /** A run in the 2.0 shape: the 2.1 answer without tasks and status, with task and cluster_spec. */
    private Map<String, Object> run(Run r) {
        Map<String, Object> out = new LinkedHashMap<>(jobs.runJson(r));
        out.remove("tasks");
        out.remove("status");
        out.remove("format");
        out.remove("job_parameters");
        ObjectNode settings = jobs.settingsOf(r.jobId).map(JobsApi20::toSingleTask).orElse(Json.object());
        ObjectNode task = Json.object();
        ObjectNode clusterSpec = Json.object();
        settings.properties().forEach(e -> {
            if (e.getKey().endsWith("_task")) {
                task.set(e.getKey(), e.getValue());
            } else if (TASK_FIELDS.contains(e.getKey()) && (e.getKey().endsWith("cluster_id")
                    || e.getKey().equals("new_cluster") || e.getKey().equals("libraries"))) {
                clusterSpec.set(e.getKey(), e.getValue());
            }
        });
        if (!task.isEmpty()) {
            out.put("task", task);
        }
        if (!clusterSpec.isEmpty()) {
            out.put("cluster_spec", clusterSpec);
        }
        return out;
    }
}
