package io.jenkins.plugins.databricks.emulator.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of runs, task runs and run output at a given emulator time. */
final class RunViews {
    private final String baseUrl;

    RunViews(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code <baseUrl>/?o=1234567890#job/<jobId>/run/<runId>}, like a workspace's run page link. */
    String pageUrl(long jobId, long runId) {
        return baseUrl + "/?o=1234567890#job/" + jobId + "/run/" + runId;
    }

    Map<String, Object> run(Run r, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", r.jobId);
        out.put("run_id", r.runId);
        out.put("number_in_job", r.runId);
        out.put("original_attempt_run_id", r.runId);
        out.put("creator_user_name", r.creator);
        out.put("run_name", r.runName);
        out.put("run_page_url", pageUrl(r.jobId, r.runId));
        out.put("run_type", r.runType);
        out.put("state", r.state(now));
        out.put("status", r.status(now));
        out.put("start_time", r.startTime);
        boolean done = r.terminal(now);
        out.put("end_time", done ? r.endTime() : 0L);
        out.put("setup_duration", 0L);
        out.put("execution_duration", done ? r.endTime() - r.startTime : 0L);
        out.put("cleanup_duration", 0L);
        if (done) {
            out.put("run_duration", r.endTime() - r.startTime);
        }
        out.put("trigger", "ONE_TIME");
        out.put("format", "MULTI_TASK");
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Run.TaskRun t : r.tasks) {
            tasks.add(task(r, t, now));
        }
        out.put("tasks", tasks);
        Object params = r.jobParameters.get("list");
        if (params instanceof List && !((List<?>) params).isEmpty()) {
            out.put("job_parameters", params);
        }
        if (!r.overriding.isEmpty()) {
            out.put("overriding_parameters", r.overriding);
        }
        return out;
    }

    /** A task as listed in its run's {@code tasks}. Tasks share their run's timeline. */
    Map<String, Object> task(Run r, Run.TaskRun t, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", t.runId());
        m.put("task_key", t.taskKey());
        Map<String, Object> state = r.state(now);
        String[] own = r.taskResults.get(t.taskKey());
        if (own != null && state.containsKey("result_state") && !"CANCELED".equals(state.get("result_state"))) {
            state.put("result_state", own[0]);
            state.put("state_message", own[2] == null ? "" : own[2]);
        }
        m.put("state", state);
        m.put("status", r.status(now));
        m.put("run_page_url", pageUrl(r.jobId, t.runId()));
        m.put("start_time", r.startTime);
        m.put("end_time", r.terminal(now) ? r.endTime() : 0L);
        m.put("attempt_number", 0);
        return m;
    }

    /** runs/get of a task run id. */
    Map<String, Object> taskRun(Run parent, Run.TaskRun t, long now) {
        Map<String, Object> m = task(parent, t, now);
        m.put("job_id", parent.jobId);
        m.put("parent_run_id", parent.runId);
        m.put("run_name", parent.runName);
        return m;
    }

    /**
     * runs/get-output of a task with its own outcome ({result state, exit value, error, error trace}), or of the
     * run as a whole when {@code own} is null.
     */
    Map<String, Object> output(Run r, Map<String, Object> metadata, String[] own, long now) {
        if (own == null || r.result(now) == null || "CANCELED".equals(r.result(now))) {
            return output(r, metadata, now);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metadata", metadata);
        if (own[0].equals("SUCCESS")) {
            Map<String, Object> nb = new LinkedHashMap<>();
            nb.put("result", own[1] == null ? "" : own[1]);
            nb.put("truncated", false);
            out.put("notebook_output", nb);
        } else {
            out.put("error", own[2]);
            out.put("error_trace", own[3]);
        }
        return out;
    }

    /** runs/get-output: metadata, plus the notebook result or the error once the run has ended. */
    Map<String, Object> output(Run r, Map<String, Object> metadata, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metadata", metadata);
        String result = r.result(now);
        if (result == null || result.equals("CANCELED")) {
            return out;
        }
        if (result.equals("SUCCESS") || result.equals("SUCCESS_WITH_FAILURES")) {
            Map<String, Object> nb = new LinkedHashMap<>();
            nb.put("result", r.output);
            nb.put("truncated", false);
            out.put("notebook_output", nb);
        } else {
            out.put("error", r.stateMessage(now));
            out.put("error_trace", "com.databricks.emulator.InjectedFailure: run " + r.runId + " ended with " + result);
        }
        return out;
    }
}
