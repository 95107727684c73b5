package io.jenkins.plugins.databricks.emulator.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job run. Its state is a function of the emulator clock, in fractions of the run duration: QUEUED for
 * the first tenth, PENDING until a quarter, RUNNING until nine tenths, TERMINATING for the last tenth, then
 * TERMINATED (or INTERNAL_ERROR) with the job's result state. A cancel requested before TERMINATING moves the
 * run to TERMINATING at once and ends it CANCELED a cancel duration later, as a real cancel takes time.
 * Callers hold the Jobs monitor.
 */
final class Run {
    record TaskRun(long runId, String taskKey) {}

    final long runId;
    final long jobId;
    final String runName;
    final String runType;
    final String creator;
    final long startTime;
    final long duration;
    final String resultState;
    final String output;
    final String idempotencyToken;
    final Map<String, Object> jobParameters;
    final Map<String, Object> overriding;
    final List<TaskRun> tasks = new ArrayList<>();
    /** Per task key, what a submitted run's task ended with: {result state, exit value, error, error trace}. */
    final Map<String, String[]> taskResults = new java.util.HashMap<>();
    /** When runs/cancel was first accepted while the run could still be cancelled; -1 if never. */
    long cancelledAt = -1;
    /** How long a cancelled run stays TERMINATING. */
    final long cancelDuration;

    Run(long runId, long jobId, String runName, String runType, String creator, long startTime, long duration,
        String resultState, String output, String idempotencyToken, Map<String, Object> jobParameters,
        Map<String, Object> overriding, long cancelDuration) {
        this.runId = runId;
        this.jobId = jobId;
        this.runName = runName;
        this.runType = runType;
        this.creator = creator;
        this.startTime = startTime;
        this.duration = duration;
        this.resultState = resultState;
        this.output = output;
        this.idempotencyToken = idempotencyToken;
        this.jobParameters = jobParameters;
        this.overriding = overriding;
        this.cancelDuration = cancelDuration;
    }

    /** Whether runs/cancel at {@code now} still changes the outcome (not once the run is terminating anyway). */
    boolean cancellable(long now) {
        return cancelledAt < 0 && now < terminatingFrom();
    }

    private long terminatingFrom() {
        return startTime + duration * 9 / 10;
    }

    long endTime() {
        return cancelledAt >= 0 ? cancelledAt + cancelDuration : startTime + duration;
    }

    boolean terminal(long now) {
        return now >= endTime();
    }

    boolean cancelled(long now) {
        return cancelledAt >= 0 && terminal(now);
    }

    String lifeCycleState(long now) {
        if (terminal(now)) {
            return !cancelled(now) && resultState.equals("INTERNAL_ERROR") ? "INTERNAL_ERROR" : "TERMINATED";
        }
        if (cancelledAt >= 0 ? now >= cancelledAt : now >= terminatingFrom()) {
            return "TERMINATING";
        }
        if (now < startTime + duration / 10) {
            return "QUEUED";
        }
        return now < startTime + duration / 4 ? "PENDING" : "RUNNING";
    }

    /** Result state once terminal, else null. INTERNAL_ERROR runs report FAILED. */
    String result(long now) {
        if (!terminal(now)) {
            return null;
        }
        if (cancelled(now)) {
            return "CANCELED";
        }
        return resultState.equals("INTERNAL_ERROR") ? "FAILED" : resultState;
    }

    boolean success(long now) {
        return "SUCCESS".equals(result(now));
    }

    String stateMessage(long now) {
        String life = lifeCycleState(now);
        if (life.equals("QUEUED")) {
            return "Queued: waiting for a free slot of the job's concurrent runs";
        }
        if (life.equals("PENDING")) {
            return "Waiting for cluster";
        }
        if (life.equals("RUNNING")) {
            return "In run";
        }
        if (life.equals("TERMINATING")) {
            return cancelledAt >= 0 ? "Run cancellation requested; cleaning up" : "Cleaning up the run's context";
        }
        switch (result(now)) {
            case "SUCCESS":
                return "";
            case "CANCELED":
                return "Run cancelled.";
            case "TIMEDOUT":
                return "Run timed out.";
            case "SUCCESS_WITH_FAILURES":
                return "Some tasks failed, but the run is marked successful.";
            default:
                return life.equals("INTERNAL_ERROR")
                        ? "An internal error occurred while running the job (injected by the emulator)."
                        : "Task " + firstTaskKey() + " failed with message: Workload failed, see run output for details.";
        }
    }

    private String firstTaskKey() {
        return tasks.isEmpty() ? "main" : tasks.get(0).taskKey();
    }

    Map<String, Object> state(long now) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("life_cycle_state", lifeCycleState(now));
        String result = result(now);
        if (result != null) {
            s.put("result_state", result);
        }
        s.put("state_message", stateMessage(now));
        s.put("user_cancelled_or_timedout", cancelled(now) || "TIMEDOUT".equals(result));
        return s;
    }

    Map<String, Object> status(long now) {
        Map<String, Object> s = new LinkedHashMap<>();
        String life = lifeCycleState(now);
        s.put("state", life.equals("INTERNAL_ERROR") ? "TERMINATED" : life);
        if (terminal(now)) {
            Map<String, Object> d = new LinkedHashMap<>();
            String result = result(now);
            String[] codeType;
            switch (life.equals("INTERNAL_ERROR") ? "INTERNAL_ERROR" : result) {
                case "SUCCESS":
                case "SUCCESS_WITH_FAILURES":
                    codeType = new String[] {"SUCCESS", "SUCCESS"};
                    break;
                case "CANCELED":
                    codeType = new String[] {"USER_CANCELED", "SUCCESS"};
                    break;
                case "INTERNAL_ERROR":
                    codeType = new String[] {"INTERNAL_ERROR", "INTERNAL_ERROR"};
                    break;
                default:
                    codeType = new String[] {"RUN_EXECUTION_ERROR", "CLIENT_ERROR"};
            }
            d.put("code", codeType[0]);
            d.put("type", codeType[1]);
            d.put("message", stateMessage(now));
            s.put("termination_details", d);
        }
        return s;
    }
}
