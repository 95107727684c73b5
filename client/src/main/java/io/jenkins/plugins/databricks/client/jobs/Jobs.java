package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Job runs ({@code /api/2.2/jobs/*}). Obtained from {@link DatabricksClient#jobs()}.
 */
public final class Jobs {
    /** Life cycle states after which a run does not change any more. */
    public static final Set<String> TERMINAL_STATES = Set.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR");

    public static final String BASE = "/api/2.2/jobs/";

    private final DatabricksClient client;

    public Jobs(DatabricksClient client) {
        this.client = client;
    }

    /**
     * Triggers a run of a job. Without an idempotency token the request is not repeated after a failure that
     * may have reached the server (a second run could start); with one it is.
     *
     * @param request the job and its parameters
     * @return the new run's id
     * @throws InterruptedException when interrupted
     * @throws DatabricksException on failure (404 or RESOURCE_DOES_NOT_EXIST for an unknown job)
     */
    public long runNow(RunNowRequest request) throws InterruptedException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null; build one with RunNowRequest.builder(jobId)");
        }
        Map<String, Object> answer = Checks.map(client.send("POST", BASE + "run-now", List.of(), request.toBody(),
                request.idempotencyToken() != null), "run-now");
        Object runId = answer.get("run_id");
        if (!(runId instanceof Number)) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", "run-now answered without a run_id");
        }
        return ((Number) runId).longValue();
    }

    /**
     * @param runId the run id; positive
     * @return the run ({@code state}, {@code run_page_url}, {@code tasks}, ...)
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> getRun(long runId) throws InterruptedException {
        Checks.positive(runId, "runId");
        return Checks.map(client.send("GET", BASE + "runs/get", List.of(Map.entry("run_id", String.valueOf(runId))),
                null, true), "runs/get");
    }

    /**
     * A run as it is now, in the keys of {@link RunOutcome#toMap()}, for callers that do not wait for it to end.
     * While the run has not reached a terminal state, {@code success} is null (not yet known) rather than false.
     *
     * @param runId the run id; positive
     * @return {@code run_id, run_page_url, life_cycle_state, result_state, state_message, success,
     *         termination_details, run}
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> runState(long runId) throws InterruptedException {
        RunOutcome now = outcome(runId, getRun(runId));
        Map<String, Object> m = now.toMap();
        if (now.lifeCycleState() == null || !TERMINAL_STATES.contains(now.lifeCycleState())) {
            m.put("success", null);
        }
        return m;
    }

    /**
     * Polls a run until it reaches a terminal life cycle state.
     *
     * @param runId the run id; positive
     * @param timeout how long to wait; positive
     * @param listener receives the run page URL and every state change; may be null
     * @return the outcome; a failed run is an outcome with {@code success() == false}, not an exception
     * @throws InterruptedException when interrupted (the run goes on; cancel it if that is wanted)
     * @throws DatabricksException with code {@link DatabricksException#TIMEOUT} when the timeout passes first
     */
    public RunOutcome waitForRun(long runId, Duration timeout, ProgressListener listener) throws InterruptedException {
        Checks.positive(runId, "runId");
        Checks.timeout(timeout, "timeout");
        ProgressListener progress = Checks.listener(listener);
        long deadline = System.nanoTime() + timeout.toNanos();
        RunTracker tracker = new RunTracker(runId, null);
        int poll = 0;
        while (true) {
            Map<String, Object> run;
            try {
                run = getRun(runId);
            } catch (DatabricksException e) {
                throw e.isNotFound() ? tracker.gone(e) : e;
            }
            RunOutcome now = tracker.observe(run, progress);
            if (RunTracker.terminal(now)) {
                return now;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw tracker.timeout(timeout);
            }
            client.pollSchedule().sleepBefore(++poll, deadline);
        }
    }

    /**
     * Asks Databricks to cancel a run; returns before the run has stopped. Safe to repeat.
     *
     * @param runId the run id; positive
     * @throws InterruptedException when interrupted
     */
    public void cancel(long runId) throws InterruptedException {
        Checks.positive(runId, "runId");
        client.send("POST", BASE + "runs/cancel", List.of(), Map.of("run_id", runId), true);
    }

    /**
     * The output of a single-task run ({@code notebook_output}, {@code logs}, {@code error}, ...).
     *
     * @param runId the run id; positive
     * @return the output
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> getOutput(long runId) throws InterruptedException {
        Checks.positive(runId, "runId");
        return Checks.map(client.send("GET", BASE + "runs/get-output",
                List.of(Map.entry("run_id", String.valueOf(runId))), null, true), "runs/get-output");
    }

    /**
     * Starts a one-time run ({@code runs/submit}). Without an idempotency token the request is not repeated after
     * a failure that may have reached the server; with one it is.
     *
     * @param request the run
     * @return the new run's id
     * @throws DatabricksException when the workspace refuses the run (such as INVALID_PARAMETER_VALUE)
     */
    public long submit(SubmitRunRequest request) throws InterruptedException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null; build one with SubmitRunRequest.builder()");
        }
        Map<String, Object> answer = Checks.map(client.send("POST", BASE + "runs/submit", List.of(),
                request.toBody(), request.idempotencyToken() != null), "runs/submit");
        Object runId = answer.get("run_id");
        if (!(runId instanceof Number)) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", "runs/submit answered without a run_id");
        }
        return ((Number) runId).longValue();
    }

    /**
     * Submits a one-time run, waits for it with {@link #waitForRun}, and reads each task's result.
     *
     * @param request the run
     * @param timeout how long to wait; positive
     * @param listener receives the run page URL and every state change; may be null
     * @return as {@link #runResult(RunOutcome)}; a failed run is a result with {@code success} false
     * @throws DatabricksException with code {@link DatabricksException#TIMEOUT} when the timeout passes first
     */
    public Map<String, Object> submitAndWait(SubmitRunRequest request, Duration timeout, ProgressListener listener)
            throws InterruptedException {
        Checks.timeout(timeout, "timeout");
        long runId = submit(request);
        return runResult(waitForRun(runId, timeout, listener));
    }

    /** One task's result: its state and, once it ended, what {@code runs/get-output} says of it. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> taskResult(Object taskKey, Object runId, String pageUrl, RunOutcome state,
            TextBudget budget) throws InterruptedException {
        Map<String, Object> t = new java.util.LinkedHashMap<>();
        t.put("task_key", taskKey);
        t.put("run_id", runId);
        t.put("run_page_url", pageUrl);
        t.put("life_cycle_state", state.lifeCycleState());
        t.put("result_state", state.resultState());
        t.put("state_message", state.stateMessage());
        t.put("success", state.success());
        Map<String, Object> output = Map.of();
        if (runId instanceof Number && TERMINAL_STATES.contains(String.valueOf(state.lifeCycleState()))) {
            try {
                output = getOutput(((Number) runId).longValue());
            } catch (DatabricksException e) {
                if (!e.isNotFound() && e.statusCode() != 400) {
                    throw e;
                }
                output = Map.of("error", "runs/get-output: " + e.getMessage());
            }
        }
        Map<String, Object> nb = output.get("notebook_output") instanceof Map
                ? (Map<String, Object>) output.get("notebook_output") : Map.of();
        budget.put(t, "notebook_result", nb.get("result"), Boolean.TRUE.equals(nb.get("truncated")));
        budget.put(t, "error", output.get("error"), false);
        budget.put(t, "error_trace", output.get("error_trace"), false);
        budget.put(t, "logs", output.get("logs"), Boolean.TRUE.equals(output.get("logs_truncated")));
        return t;
    }

    /** The most characters of one text field of a task result (a notebook's exit value, an error, its trace, logs). */
    public static final int TASK_TEXT_LIMIT = 64 * 1024;
    /** The most characters of all text fields of one run's result together. */
    public static final int RESULT_TEXT_LIMIT = 1024 * 1024;

    /**
     * Keeps a run's result small enough for a Pipeline value that is saved with the program state: each text field
     * is cut at {@link #TASK_TEXT_LIMIT} characters and all of them together at {@link #RESULT_TEXT_LIMIT}; a cut
     * field has its {@code <field>_truncated} flag set. The full text stays on the run's page.
     */
    private static final class TextBudget {
        private int left = RESULT_TEXT_LIMIT;

        void put(Map<String, Object> task, String field, Object value, boolean truncatedAlready) {
            boolean truncated = truncatedAlready;
            if (value instanceof String text) {
                int keep = Math.min(text.length(), Math.min(TASK_TEXT_LIMIT, left));
                if (keep < text.length()) {
                    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
                        keep--; // never split a character in two
                    }
                    value = text.substring(0, keep);
                    truncated = true;
                }
                left -= keep;
            }
            task.put(field, value);
            task.put(field + "_truncated", truncated);
        }
    }

    /**
     * The tasks of a {@link #runResult} that did not succeed, for a message: {@code key RESULT: error}, joined by
     * {@code "; "}; empty when every task succeeded or none is listed.
     *
     * @param result what {@link #runResult} returned
     * @return the summary
     */
    public static String failedTasks(Map<String, Object> result) {
        List<String> failed = new java.util.ArrayList<>();
        if (result != null && result.get("tasks") instanceof List<?> tasks) {
            for (Object o : tasks) {
                if (o instanceof Map<?, ?> t && !Boolean.TRUE.equals(t.get("success"))) {
                    failed.add(t.get("task_key") + " " + t.get("result_state")
                            + (t.get("error") == null ? "" : ": " + t.get("error")));
                }
            }
        }
        return String.join("; ", failed);
    }

    /**
     * A finished run with each task's result: for every task, {@code runs/get-output} of its task run.
     *
     * @param outcome a run in a terminal state, as {@link #waitForRun} returns it
     * @return {@link RunOutcome#toMap()} plus {@code tasks}: per task {@code task_key, run_id, run_page_url,
     *         life_cycle_state, result_state, state_message, success, notebook_result} (a notebook's
     *         {@code dbutils.notebook.exit} value, or null), {@code notebook_result_truncated}, {@code error} and
     *         {@code error_trace} (null unless it failed), {@code logs} (a Python or JAR task's stdout, when
     *         Databricks returns it); each text at most {@link #TASK_TEXT_LIMIT} characters, all of them together at
     *         most {@link #RESULT_TEXT_LIMIT}, with {@code notebook_result_truncated}, {@code error_truncated},
     *         {@code error_trace_truncated} and {@code logs_truncated} saying whether Databricks or this limit cut it
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> runResult(RunOutcome outcome) throws InterruptedException {
        if (outcome == null) {
            throw new IllegalArgumentException("outcome must not be null");
        }
        Map<String, Object> out = outcome.toMap();
        List<Map<String, Object>> tasks = new java.util.ArrayList<>();
        TextBudget budget = new TextBudget();
        Object listed = outcome.run() == null ? null : outcome.run().get("tasks");
        if (listed instanceof List) {
            for (Object o : (List<Object>) listed) {
                if (!(o instanceof Map)) {
                    continue;
                }
                Map<String, Object> task = (Map<String, Object>) o;
                Object taskRunId = task.get("run_id");
                tasks.add(taskResult(task.get("task_key"), taskRunId, runLink(task),
                        outcome(taskRunId instanceof Number ? ((Number) taskRunId).longValue() : 0, task), budget));
            }
        }
        if (tasks.isEmpty() && outcome.runId() > 0
                && TERMINAL_STATES.contains(String.valueOf(outcome.lifeCycleState()))) {
            // a Jobs API 2.0 run lists no tasks: its one task's output is the run's
            tasks.add(taskResult(null, outcome.runId(), outcome.runPageUrl(), outcome, budget));
        }
        out.put("tasks", tasks);
        return out;
    }

    /**
     * A run's result read afresh: {@link #getRun} then {@link #runResult(RunOutcome)}.
     *
     * @param runId the run id; positive
     * @return as {@link #runResult(RunOutcome)}
     */
    public Map<String, Object> runResult(long runId) throws InterruptedException {
        return runResult(outcome(runId, getRun(runId)));
    }

    /**
     * The address of a run's page: the {@code run_page_url} Databricks gave, when it is an http(s) address on
     * this workspace's host, else one built from the host, job id and run id. Safe to show as a link.
     *
     * @param run a run or task run as {@code runs/get} returns it (needs {@code run_id}; {@code job_id} helps)
     * @return the address, or null when the run has neither a usable address nor a job and run id
     */
    public String runLink(Map<String, ?> run) {
        if (run == null) {
            return null;
        }
        Object given = run.get("run_page_url");
        if (given != null && isOnHost(given.toString())) {
            return given.toString();
        }
        Object runId = run.get("run_id");
        if (!(runId instanceof Number)) {
            return null;
        }
        Object jobId = run.get("job_id");
        if (!(jobId instanceof Number) || ((Number) jobId).longValue() <= 0) {
            return null;
        }
        return runPageUrl(((Number) jobId).longValue(), ((Number) runId).longValue());
    }

    /**
     * Builds a run page address on this workspace: {@code <host>/jobs/<jobId>/runs/<runId>}.
     *
     * @param jobId the job id (a one-time run has one too); positive
     * @param runId the run id; positive
     * @return the address
     */
    public String runPageUrl(long jobId, long runId) {
        Checks.positive(jobId, "jobId");
        Checks.positive(runId, "runId");
        return client.host() + "/jobs/" + jobId + "/runs/" + runId;
    }

    private boolean isOnHost(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            java.net.URI h = java.net.URI.create(client.host());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && h.getHost() != null
                    && h.getHost().equalsIgnoreCase(u.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    public static RunOutcome outcome(long runId, Map<String, Object> run) {
        Map<String, Object> state = run.get("state") instanceof Map ? (Map<String, Object>) run.get("state") : Map.of();
        Map<String, Object> status = run.get("status") instanceof Map ? (Map<String, Object>) run.get("status")
                : Map.of();
        String lifeCycle = Checks.string(state, "life_cycle_state");
        if (lifeCycle == null) {
            lifeCycle = Checks.string(status, "state");
        }
        String result = Checks.string(state, "result_state");
        String message = Checks.string(state, "state_message");
        if (result == null && status.get("termination_details") instanceof Map) {
            Map<String, Object> details = (Map<String, Object>) status.get("termination_details");
            result = Checks.string(details, "code");
            if (message == null) {
                message = Checks.string(details, "message");
            }
        }
        return new RunOutcome(runId, Checks.string(run, "run_page_url"), lifeCycle, result, message,
                "SUCCESS".equals(result), run);
    }
}
