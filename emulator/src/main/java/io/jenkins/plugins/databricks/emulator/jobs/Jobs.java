package io.jenkins.plugins.databricks.emulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.Identity;
import io.jenkins.plugins.databricks.emulator.iam.Permissions;
import io.jenkins.plugins.databricks.emulator.iam.Users;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.Json;
import io.jenkins.plugins.databricks.emulator.workspace.ObjectType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Jobs and their runs. A job's runs all end with the job's configured result state (SUCCESS unless a test
 * says otherwise, or the job's settings carry the tag {@code emulator_result_state}). Thread-safe
 * (guarded by this).
 */
public final class Jobs {
    /** Tag in a job's settings that makes its runs end with this result state. */
    static final String RESULT_TAG = "emulator_result_state";
    static final Set<String> RESULT_STATES = Set.of("SUCCESS", "FAILED", "TIMEDOUT", "CANCELED",
            "SUCCESS_WITH_FAILURES", "INTERNAL_ERROR");

    private final EmulatorClock clock;
    private final Duration runDuration;
    private final Duration cancelDuration;
    private final Permissions permissions;
    private final Users users;
    private final RunViews views;
    private final Map<Long, Job> jobs = new LinkedHashMap<>();
    private final Map<Long, Run> runs = new LinkedHashMap<>();
    private final Map<Long, Run> taskRuns = new HashMap<>();
    private final Map<String, Long> idempotency = new HashMap<>();
    private long nextJobId = 100_000_000_000_001L;
    private long nextRunId = 500_000_000_000_001L;

    public Jobs(EmulatorClock clock, Duration runDuration, Duration cancelDuration, Permissions permissions, Users users,
         String baseUrl) {
        this.clock = clock;
        this.runDuration = runDuration;
        this.cancelDuration = cancelDuration;
        this.permissions = permissions;
        this.users = users;
        this.views = new RunViews(baseUrl);
    }

    /** A job with one notebook task whose runs succeed. */
    public long create(String name) {
        return create(name, "SUCCESS");
    }

    /** A job whose runs end with {@code resultState} (SUCCESS, FAILED, TIMEDOUT, CANCELED, SUCCESS_WITH_FAILURES, or INTERNAL_ERROR for an INTERNAL_ERROR life cycle). */
    public long create(String name, String resultState) {
        return createWithId(0, name, resultState);
    }

    /** Like {@link #create(String, String)} with a chosen job id (such as the documentation's 42); 0 picks one. */
    public long createWithId(long jobId, String name, String resultState) {
        if (jobId < 0) {
            throw new IllegalArgumentException("job id must be positive, got " + jobId);
        }
        Objects.requireNonNull(name, "name");
        checkResultState(resultState);
        ObjectNode settings = Json.object();
        settings.put("name", name);
        ArrayNode tasks = settings.putArray("tasks");
        ObjectNode task = tasks.addObject();
        task.put("task_key", "main");
        task.putObject("notebook_task").put("notebook_path", "/Shared/" + name);
        settings.put("max_concurrent_runs", 1);
        settings.put("format", "MULTI_TASK");
        Identity creator = new Identity("0", users.currentUserName(), users.currentUserName(), false);
        return createJob(jobId, settings, creator, resultState);
    }

    /** Changes the result state of the job's future runs. */
    public synchronized void setResultState(long jobId, String resultState) {
        checkResultState(resultState);
        job(jobId, () -> new IllegalArgumentException("no job " + jobId)).resultState = resultState;
    }

    /** How long the job's future runs take in emulator time (instead of the emulator's run duration). */
    public synchronized void setRunDuration(long jobId, Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        job(jobId, () -> new IllegalArgumentException("no job " + jobId)).runDuration = duration;
    }

    /** Deletes a run as {@code runs/delete} does, but also an active one (a test simulating a lost run). */
    public synchronized void deleteRun(long runId) {
        Run r = runs.remove(runId);
        if (r == null) {
            throw new IllegalArgumentException("no run " + runId);
        }
        r.tasks.forEach(t -> taskRuns.remove(t.runId()));
    }

    /** The end_time a run has or will have, in emulator epoch milliseconds. */
    public synchronized long endTime(long runId) {
        Run r = runs.get(runId);
        if (r == null) {
            throw new IllegalArgumentException("no run " + runId);
        }
        return r.endTime();
    }

    /** The notebook output ({@code notebook_output.result}) of the job's successful runs. */
    public synchronized void setOutput(long jobId, String output) {
        job(jobId, () -> new IllegalArgumentException("no job " + jobId)).output = Objects.requireNonNull(output);
    }

    public synchronized boolean exists(long jobId) {
        Job j = jobs.get(jobId);
        return j != null && !j.hidden;
    }

    /** Ids of the job's runs, oldest first. */
    public synchronized List<Long> runIds(long jobId) {
        List<Long> out = new ArrayList<>();
        runs.values().stream().filter(r -> r.jobId == jobId).forEach(r -> out.add(r.runId));
        return out;
    }

    /** A run's current life_cycle_state. */
    public synchronized String lifeCycleState(long runId) {
        Run r = runs.get(runId);
        if (r == null) {
            throw new IllegalArgumentException("no run " + runId);
        }
        return r.lifeCycleState(clock.now());
    }

    private static void checkResultState(String resultState) {
        if (resultState == null || !RESULT_STATES.contains(resultState)) {
            throw new IllegalArgumentException("resultState must be one of " + new java.util.TreeSet<>(RESULT_STATES)
                    + ", got " + resultState);
        }
    }

    // ---- REST operations ----

    long createJob(ObjectNode settings, Identity creator, String resultState) {
        return createJob(0, settings, creator, resultState);
    }

    private long createJob(long chosenId, ObjectNode settings, Identity creator, String resultState) {
        long id;
        synchronized (this) {
            if (chosenId > 0 && jobs.containsKey(chosenId)) {
                throw new IllegalArgumentException("job id " + chosenId + " is already in use");
            }
            id = chosenId > 0 ? chosenId : nextJobId++;
            jobs.put(id, new Job(id, creator.userName(), clock.now(), settings, resultState, false));
        }
        permissions.grant(ObjectType.byUrlType("jobs").orElseThrow().objectId(Long.toString(id)),
                new Permissions.Grant(creator.aclField(), creator.userName(), "IS_OWNER"));
        return id;
    }

    public synchronized Job get(long jobId) {
        return job(jobId, () -> ApiException.invalidParameter("Job " + jobId + " does not exist."));
    }

    private Job job(long jobId, java.util.function.Supplier<RuntimeException> missing) {
        Job j = jobs.get(jobId);
        if (j == null || j.hidden) {
            throw missing.get();
        }
        return j;
    }

    synchronized void delete(long jobId) {
        get(jobId);
        jobs.remove(jobId);
        permissions.forget(ObjectType.byUrlType("jobs").orElseThrow().objectId(Long.toString(jobId)));
    }

    public synchronized void replaceSettings(long jobId, ObjectNode settings) {
        get(jobId).settings = settings;
    }

    synchronized List<Job> visibleJobs() {
        List<Job> out = new ArrayList<>();
        jobs.values().stream().filter(j -> !j.hidden).forEach(out::add);
        return out;
    }

    synchronized List<Run> allRuns() {
        return new ArrayList<>(runs.values());
    }

    /** run-now: a new run, or the existing one when the idempotency token was seen before for this job. */
    synchronized Run runNow(long jobId, Identity who, String idempotencyToken, Map<String, Object> jobParameters,
                            Map<String, Object> overriding) {
        Job job = get(jobId);
        if (idempotencyToken != null) {
            Long existing = idempotency.get(jobId + "/" + idempotencyToken);
            if (existing != null && runs.containsKey(existing)) {
                return runs.get(existing);
            }
        }
        String result = job.resultState;
        JsonNode tag = job.settings.path("tags").path(RESULT_TAG);
        if (tag.isTextual() && RESULT_STATES.contains(tag.asText())) {
            result = tag.asText();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (JsonNode p : job.settings.path("parameters")) {
            if (p.path("name").isTextual()) {
                params.put(p.get("name").asText(), p.path("default").asText(""));
            }
        }
        Map<String, Object> effective = new LinkedHashMap<>(params);
        effective.putAll(jobParameters);
        List<Map<String, Object>> parameterList = new ArrayList<>();
        effective.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", k);
            if (params.containsKey(k)) {
                m.put("default", params.get(k));
            }
            m.put("value", v);
            parameterList.add(m);
        });
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("list", parameterList);
        Run run = newRun(jobId, job.settings.path("name").asText("Untitled"), "JOB_RUN", who, result, job.output,
                idempotencyToken, wrapped, overriding, taskKeys(job.settings));
        if (idempotencyToken != null) {
            idempotency.put(jobId + "/" + idempotencyToken, run.runId);
        }
        return run;
    }

    /** runs/submit: a one-time run of an ephemeral (hidden) job. */
    synchronized Run submit(ObjectNode settings, Identity who, String idempotencyToken) {
        return submit(settings, who, idempotencyToken, "SUCCESS", "", Map.of());
    }

    /**
     * runs/submit whose outcome the caller decided (from the notebooks it runs): the run's result state, its
     * notebook output, and per task key {result state, notebook exit value, error, error trace}.
     */
    synchronized Run submit(ObjectNode settings, Identity who, String idempotencyToken, String resultState,
                            String output, Map<String, String[]> taskResults) {
        if (idempotencyToken != null) {
            Long existing = idempotency.get("submit/" + idempotencyToken);
            if (existing != null && runs.containsKey(existing)) {
                return runs.get(existing);
            }
        }
        long jobId = nextJobId++;
        jobs.put(jobId, new Job(jobId, who.userName(), clock.now(), settings, "SUCCESS", true));
        Run run = newRun(jobId, settings.path("run_name").asText("Untitled"), "SUBMIT_RUN", who, resultState, output,
                idempotencyToken, Map.of(), Map.of(), taskKeys(settings));
        run.taskResults.putAll(taskResults);
        if (idempotencyToken != null) {
            idempotency.put("submit/" + idempotencyToken, run.runId);
        }
        return run;
    }

    private Run newRun(long jobId, String name, String type, Identity who, String result, String output, String token,
                       Map<String, Object> jobParameters, Map<String, Object> overriding, List<String> taskKeys) {
        Job job = jobs.get(jobId);
        Duration duration = job != null && job.runDuration != null ? job.runDuration : runDuration;
        Run run = new Run(nextRunId++, jobId, name, type, who.userName(), clock.now(), duration.toMillis(), result,
                output, token, jobParameters, overriding, cancelDuration.toMillis());
        for (String key : taskKeys) {
            Run.TaskRun t = new Run.TaskRun(nextRunId++, key);
            run.tasks.add(t);
            taskRuns.put(t.runId(), run);
        }
        runs.put(run.runId, run);
        return run;
    }

    private static List<String> taskKeys(JsonNode settings) {
        List<String> keys = new ArrayList<>();
        for (JsonNode t : settings.path("tasks")) {
            keys.add(t.path("task_key").asText("task" + (keys.size() + 1)));
        }
        if (keys.isEmpty()) {
            keys.add("main");
        }
        return keys;
    }

    synchronized Run run(long runId) {
        Run r = runs.get(runId);
        if (r == null) {
            throw ApiException.invalidParameter("Run " + runId + " does not exist.");
        }
        return r;
    }

    /** The parent run of a task run id, if it is one. */
    synchronized Optional<Run> parentOfTask(long taskRunId) {
        return Optional.ofNullable(taskRuns.get(taskRunId));
    }

    /** Starts cancelling: the run is TERMINATING now and TERMINATED CANCELED a cancel duration later. */
    synchronized void cancel(long runId) {
        Run r = run(runId);
        long now = clock.now();
        if (r.cancellable(now)) {
            r.cancelledAt = now;
        }
    }

    /** runs/delete: only a run that is no longer active. */
    synchronized void deleteInactive(long runId) {
        Run r = run(runId);
        if (!r.terminal(clock.now())) {
            throw ApiException.invalidState("Run " + runId + " is active and cannot be deleted.");
        }
        deleteRun(runId);
    }

    public synchronized void reset() {
        jobs.clear();
        runs.clear();
        taskRuns.clear();
        idempotency.clear();
    }

    public Predicate<String> existence() {
        return id -> {
            try {
                return exists(Long.parseLong(id));
            } catch (NumberFormatException e) {
                return false;
            }
        };
    }

    long now() {
        return clock.now();
    }

    /** The runs/get answer. */
    synchronized Map<String, Object> runJson(Run r) {
        return views.run(r, clock.now());
    }

    /** runs/get accepts the run id of a task run too, and then describes that task run. */
    synchronized Map<String, Object> runOrTaskRunJson(long runId) {
        Run parent = taskRuns.get(runId);
        if (parent == null) {
            return views.run(run(runId), clock.now());
        }
        return views.taskRun(parent, task(parent, runId), clock.now());
    }

    /** runs/get-output of a task run or of a single-task run. */
    synchronized Map<String, Object> output(long runId) {
        long now = clock.now();
        Run parent = taskRuns.get(runId);
        if (parent != null) {
            Run.TaskRun t = task(parent, runId);
            return views.output(parent, views.taskRun(parent, t, now), parent.taskResults.get(t.taskKey()), now);
        }
        Run r = run(runId);
        if (r.tasks.size() > 1) {
            throw ApiException.invalidParameter("Retrieving the output of runs with multiple tasks is not supported. "
                    + "Please retrieve the output of each individual task run instead.");
        }
        return views.output(r, views.run(r, now), r.tasks.isEmpty() ? null
                : r.taskResults.get(r.tasks.get(0).taskKey()), now);
    }

    /** The settings of any job, also the hidden job of a submitted run (for the Jobs 2.0 run view). */
    synchronized Optional<ObjectNode> settingsOf(long jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(j -> j.settings.deepCopy());
    }

    private static Run.TaskRun task(Run parent, long taskRunId) {
        return parent.tasks.stream().filter(t -> t.runId() == taskRunId).findFirst().orElseThrow();
    }
}
