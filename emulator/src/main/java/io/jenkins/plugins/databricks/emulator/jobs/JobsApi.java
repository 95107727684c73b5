package io.jenkins.plugins.databricks.emulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Router;
import io.jenkins.plugins.databricks.emulator.workspace.FileStore;
import io.jenkins.plugins.databricks.emulator.workspace.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/2.1/jobs/*} and {@code /api/2.2/jobs/*} (same behaviour under both versions). */
public final class JobsApi {
    private static final List<String> VERSIONS = List.of("2.1", "2.2");
    static final int MAX_IDEMPOTENCY_TOKEN = 64;

    private final Jobs jobs;
    private final SubmitOutcomes outcomes;

    public JobsApi(Jobs jobs, Workspace workspace, FileStore volumes, FileStore dbfs) {
        this.jobs = jobs;
        this.outcomes = new SubmitOutcomes(workspace, volumes, dbfs);
    }

    public void register(Router r) {
        r.add("POST", VERSIONS, "/jobs/create", this::create);
        r.add("GET", VERSIONS, "/jobs/get", req -> jobJson(jobs.get(req.longValue("job_id")), true));
        r.add("GET", VERSIONS, "/jobs/list", this::list);
        r.add("POST", VERSIONS, "/jobs/delete", req -> {
            jobs.delete(req.longValue("job_id"));
            return Map.of();
        });
        r.add("POST", VERSIONS, "/jobs/reset", req -> {
            long id = req.longValue("job_id");
            jobs.get(id);
            jobs.replaceSettings(id, settings(req.body().get("new_settings"), "new_settings"));
            return Map.of();
        });
        r.add("POST", VERSIONS, "/jobs/update", this::update);
        r.add("POST", VERSIONS, "/jobs/run-now", this::runNow);
        r.add("POST", VERSIONS, "/jobs/runs/submit", this::submit);
        r.add("GET", VERSIONS, "/jobs/runs/get", req -> jobs.runOrTaskRunJson(req.longValue("run_id")));
        r.add("GET", VERSIONS, "/jobs/runs/list", this::listRuns);
        r.add("POST", VERSIONS, "/jobs/runs/cancel", req -> {
            jobs.cancel(req.longValue("run_id"));
            return Map.of();
        });
        r.add("GET", VERSIONS, "/jobs/runs/get-output", req -> jobs.output(req.longValue("run_id")));
        r.add("POST", VERSIONS, "/jobs/runs/delete", req -> {
            jobs.deleteInactive(req.longValue("run_id"));
            return Map.of();
        });
    }

    private Object create(ApiRequest req) {
        ObjectNode settings = settings(req.body(), "body");
        settings.putIfAbsent("name", settings.textNode("Untitled"));
        settings.putIfAbsent("max_concurrent_runs", settings.numberNode(1));
        settings.putIfAbsent("format", settings.textNode("MULTI_TASK"));
        return Map.of("job_id", jobs.createJob(settings, req.identity(), "SUCCESS"));
    }

    private Object update(ApiRequest req) {
        long id = req.longValue("job_id");
        ObjectNode current = jobs.get(id).settings.deepCopy();
        JsonNode changes = req.body().get("new_settings");
        if (changes != null && !changes.isNull()) {
            current.setAll(settings(changes, "new_settings"));
        }
        JsonNode remove = req.body().get("fields_to_remove");
        if (remove != null && remove.isArray()) {
            remove.forEach(f -> current.remove(f.asText()));
        }
        jobs.replaceSettings(id, current);
        return Map.of();
    }

    /** Checks the parts of job settings the emulator uses; everything else is stored as given. */
    private static ObjectNode settings(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw ApiException.missingField(field);
        }
        if (!node.isObject()) {
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected a map for '" + field + "'");
        }
        ObjectNode s = ((ObjectNode) node).deepCopy();
        s.remove("job_id");
        if (s.has("name") && !s.get("name").isTextual()) {
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected a string for field 'name'");
        }
        JsonNode tasks = s.get("tasks");
        if (tasks != null && !tasks.isNull()) {
            if (!tasks.isArray()) {
                throw ApiException.malformed("Invalid JSON given in the body of the request - expected an array for "
                        + "field 'tasks'");
            }
            List<String> keys = new ArrayList<>();
            for (JsonNode t : tasks) {
                if (!t.isObject() || !t.path("task_key").isTextual() || t.get("task_key").asText().isEmpty()) {
                    throw ApiException.invalidParameter("Every task needs a task_key.");
                }
                String key = t.get("task_key").asText();
                if (keys.contains(key)) {
                    throw ApiException.invalidParameter("Task key " + key + " is used by more than one task.");
                }
                keys.add(key);
            }
        }
        return s;
    }

    private static Map<String, Object> jobJson(Job j, boolean withTasks) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", j.id);
        out.put("creator_user_name", j.creator);
        out.put("run_as_user_name", j.creator);
        out.put("run_as_owner", true);
        ObjectNode settings = j.settings.deepCopy();
        if (!withTasks) {
            settings.remove("tasks");
            settings.remove("job_clusters");
        }
        out.put("settings", settings);
        out.put("created_time", j.createdTime);
        return out;
    }

    private Object list(ApiRequest req) {
        int limit = req.optLong("limit").map(l -> {
            if (l < 1 || l > 100) {
                throw ApiException.invalidParameter("limit must be between 1 and 100, got " + l);
            }
            return l.intValue();
        }).orElse(20);
        long offset = req.optLong("offset").orElse(0L);
        if (offset < 0) {
            throw ApiException.invalidParameter("offset must not be negative, got " + offset);
        }
        String name = req.optString("name").orElse(null);
        boolean expand = req.optBoolean("expand_tasks").orElse(false);
        long after = 0;
        String token = req.optString("page_token").orElse("");
        if (!token.isEmpty()) {
            try {
                after = Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw ApiException.invalidParameter("Invalid page_token");
            }
        }
        List<Job> matching = new ArrayList<>();
        for (Job j : jobs.visibleJobs()) {
            if (j.id > after && (name == null || name.equals(j.settings.path("name").asText()))) {
                matching.add(j);
            }
        }
        int from = (int) Math.min(offset, matching.size());
        int to = Math.min(matching.size(), from + limit);
        List<Map<String, Object>> page = new ArrayList<>();
        matching.subList(from, to).forEach(j -> page.add(jobJson(j, expand)));
        Map<String, Object> out = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            out.put("jobs", page);
        }
        boolean more = to < matching.size();
        out.put("has_more", more);
        if (more) {
            out.put("next_page_token", Long.toString(matching.get(to - 1).id));
        }
        return out;
    }

    /**
     * Newest first (start time, then run id, descending). A page token names the run to continue after
     * ({@code next_page_token}) or before ({@code prev_page_token}), so runs that start or end between pages do
     * not shift the listing. {@code tasks} only with {@code expand_tasks=true}, as on a real workspace.
     */
    private Object listRuns(ApiRequest req) {
        Long jobId = req.optLong("job_id").orElse(null);
        boolean activeOnly = req.optBoolean("active_only").orElse(false);
        boolean completedOnly = req.optBoolean("completed_only").orElse(false);
        boolean expand = req.optBoolean("expand_tasks").orElse(false);
        if (activeOnly && completedOnly) {
            throw ApiException.invalidParameter("active_only and completed_only cannot both be true");
        }
        int limit = req.optLong("limit").map(l -> {
            if (l < 1 || l > 25) {
                throw ApiException.invalidParameter("limit must be between 1 and 25, got " + l);
            }
            return l.intValue();
        }).orElse(20);
        String token = req.optString("page_token").orElse("");
        long offset = Math.max(0, req.optLong("offset").orElse(0L));
        long now = jobs.now();
        List<Run> matching = new ArrayList<>();
        List<Run> all = jobs.allRuns();
        for (int i = all.size() - 1; i >= 0; i--) {
            Run r = all.get(i);
            if ((jobId == null || r.jobId == jobId) && (!activeOnly || !r.terminal(now))
                    && (!completedOnly || r.terminal(now))) {
                matching.add(r);
            }
        }
        int from;
        int to;
        if (token.isEmpty()) {
            from = (int) Math.min(offset, matching.size());
            to = Math.min(matching.size(), from + limit);
        } else {
            boolean forward = token.startsWith("n");
            long anchor = runTokenAnchor(token);
            // runs are newest first, and run ids grow with start time: "after" means a smaller run id
            int firstOlder = 0;
            while (firstOlder < matching.size() && matching.get(firstOlder).runId >= anchor) {
                firstOlder++;
            }
            if (forward) {
                from = firstOlder;
                to = Math.min(matching.size(), from + limit);
            } else {
                int firstNotNewer = 0;
                while (firstNotNewer < matching.size() && matching.get(firstNotNewer).runId > anchor) {
                    firstNotNewer++;
                }
                to = firstNotNewer;
                from = Math.max(0, to - limit);
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        matching.subList(from, to).forEach(r -> {
            Map<String, Object> json = jobs.runJson(r);
            if (!expand) {
                json.remove("tasks");
            }
            page.add(json);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            out.put("runs", page);
        }
        // has_more only with a token to follow it: token-paging clients stop where the token stops
        boolean more = to < matching.size() && to > from;
        out.put("has_more", more);
        if (more) {
            out.put("next_page_token", "n" + matching.get(to - 1).runId);
        }
        if (from > 0 && to > from) {
            out.put("prev_page_token", "p" + matching.get(from).runId);
        }
        return out;
    }

    private static long runTokenAnchor(String token) {
        if (token.length() > 1 && (token.charAt(0) == 'n' || token.charAt(0) == 'p')) {
            try {
                return Long.parseLong(token.substring(1));
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw ApiException.invalidParameter("Invalid page_token");
    }

    private Object runNow(ApiRequest req) {
        long jobId = req.longValue("job_id");
        String token = idempotencyToken(req);
        Map<String, Object> jobParameters = stringMap(req, "job_parameters");
        Map<String, Object> overriding = new LinkedHashMap<>();
        Map<String, Object> notebook = stringMap(req, "notebook_params");
        if (!notebook.isEmpty()) {
            overriding.put("notebook_params", notebook);
        }
        for (String f : List.of("python_params", "jar_params", "spark_submit_params")) {
            List<String> values = stringList(req, f);
            if (!values.isEmpty()) {
                overriding.put(f, values);
            }
        }
        Run run = jobs.runNow(jobId, req.identity(), token, jobParameters, overriding);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run.runId);
        out.put("number_in_job", run.runId);
        return out;
    }

    private Object submit(ApiRequest req) {
        ObjectNode settings = settings(req.body(), "body");
        req.optString("run_name");
        SubmitOutcomes.Outcome outcome = outcomes.decide(settings);
        Run run = jobs.submit(settings, req.identity(), idempotencyToken(req), outcome.resultState(),
                outcome.output(), outcome.taskResults());
        return Map.of("run_id", run.runId);
    }

    private static String idempotencyToken(ApiRequest req) {
        String token = req.optString("idempotency_token").orElse(null);
        if (token != null && token.length() > MAX_IDEMPOTENCY_TOKEN) {
            throw ApiException.invalidParameter("idempotency_token must be at most " + MAX_IDEMPOTENCY_TOKEN
                    + " characters, got " + token.length());
        }
        return token == null || token.isEmpty() ? null : token;
    }

    private static Map<String, Object> stringMap(ApiRequest req, String field) {
        JsonNode n = req.body().get(field);
        Map<String, Object> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected a map for field '"
                    + field + "'");
        }
        n.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw ApiException.malformed("Invalid JSON given in the body of the request - expected a string for "
                        + field + "." + e.getKey());
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static List<String> stringList(ApiRequest req, String field) {
        JsonNode n = req.body().get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected an array for field '"
                    + field + "'");
        }
        for (JsonNode v : n) {
            if (!v.isValueNode() || v.isNull()) {
                throw ApiException.malformed("Invalid JSON given in the body of the request - expected strings in '"
                        + field + "'");
            }
            out.add(v.asText());
        }
        return out;
    }
}
