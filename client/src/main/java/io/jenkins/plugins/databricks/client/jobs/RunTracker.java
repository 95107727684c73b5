package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.time.Duration;
import java.util.Map;

/**
 * What a run wait says and decides at each look at the run, whoever looks ({@link Jobs#waitForRun} or a
 * {@link Waiter}): the same progress lines, the same end, the same timeout message. Keeps only what the next
 * look and the timeout message need, so a waiting run costs little memory.
 */
public final class RunTracker {
    private final long runId;
    /** The last life cycle state reported (as text, "null" when the run had none), or null before the first. */
    private String last;
    private String runPageUrl;
    /** The run's start_time (epoch ms), or -1 until seen. */
    private long startTime = -1;

    public RunTracker(long runId, String lastReported) {
        this.runId = runId;
        this.last = lastReported;
    }

    public long runId() {
        return runId;
    }

    public String lastReported() {
        return last;
    }

    public long startTime() {
        return startTime;
    }

    /**
     * Reports a state change, if any, and says where the run is.
     *
     * @param run a run object (runs/get, or an entry of runs/list)
     * @param progress where the lines go
     * @return the run as an outcome; terminal when {@link #terminal(RunOutcome)}
     */
    public RunOutcome observe(Map<String, Object> run, ProgressListener progress) {
        RunOutcome now = Jobs.outcome(runId, run);
        String state = now.lifeCycleState();
        if (now.runPageUrl() != null) {
            runPageUrl = now.runPageUrl();
        }
        if (run.get("start_time") instanceof Number) {
            startTime = ((Number) run.get("start_time")).longValue();
        }
        if (!String.valueOf(state).equals(last)) {
            String line = last == null
                    ? "Run " + runId + " is " + state + (now.runPageUrl() == null ? "" : ": " + now.runPageUrl())
                    : "Run " + runId + ": " + last + " -> " + state
                        + (now.resultState() == null ? "" : " " + now.resultState())
                        + (now.stateMessage() == null || now.stateMessage().isBlank() ? "" : ": " + now.stateMessage());
            // before the line goes out: a listener that saves the wait's checkpoint then saves this state
            last = String.valueOf(state);
            progress.progress(line);
        }
        return now;
    }

    public static boolean terminal(RunOutcome now) {
        return now.lifeCycleState() != null && Jobs.TERMINAL_STATES.contains(now.lifeCycleState());
    }

    public DatabricksException timeout(Duration timeout) {
        return new DatabricksException(DatabricksException.TIMEOUT, "Run " + runId + " did not finish within "
                + timeout + "; it is " + last + (runPageUrl == null ? "" : " (" + runPageUrl + ")"));
    }

    /** A runs/get that says the run does not exist: it was deleted, or the credential lost sight of it. */
    public DatabricksException gone(DatabricksException cause) {
        return new DatabricksException(cause.method(), cause.path(), cause.statusCode(), "RESOURCE_DOES_NOT_EXIST",
                "Run " + runId + " no longer exists in the workspace: it was deleted, or this credential may no"
                        + " longer see it (" + cause.serverMessage() + ")", cause.attempts(), cause);
    }
}
