package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a wait for a job run needs, and all a wait has to persist to be resumed after a restart: register
 * the same value again (from {@link Waiter.Handle#checkpoint()}) and the wait ends exactly as it would have,
 * with the same progress lines after the resume and the same deadline.
 *
 * @param runId the run; positive
 * @param timeout the wait's timeout as given, for messages
 * @param deadline when the wait fails with {@link DatabricksException#TIMEOUT}, on the waiter's clock
 * @param lastState the last life cycle state reported to the progress listener, or null if none yet
 */
public record RunWait(long runId, Duration timeout, Instant deadline, String lastState) implements Serializable {
    public RunWait {
        Checks.positive(runId, "runId");
        Checks.timeout(timeout, "timeout");
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * A new wait.
     *
     * @param runId the run; positive
     * @param timeout how long to wait from now; positive
     * @param clock the waiter's clock ({@link Waiter#clock()})
     * @return the wait, with its deadline {@code timeout} from now
     */
    public static RunWait of(long runId, Duration timeout, Clock clock) {
        return new RunWait(runId, Checks.timeout(timeout, "timeout"),
                Instant.ofEpochMilli(clock.millis()).plus(timeout), null);
    }

    /**
     * @param state the state just reported
     * @return a copy with that last reported state
     */
    public RunWait withLastState(String state) {
        return Objects.equals(state, lastState) ? this : new RunWait(runId, timeout, deadline, state);
    }
}
