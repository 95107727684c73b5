package io.jenkins.plugins.databricks.client.sql;

import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.jobs.RunWait;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything a wait for a SQL statement needs, and all it has to persist to be resumed after a restart (see
 * {@link RunWait}).
 *
 * @param statementId the statement
 * @param timeout the wait's timeout as given, for messages
 * @param deadline when the wait fails with {@link DatabricksException#TIMEOUT}, on the waiter's clock
 * @param lastState the last state reported to the progress listener, or null if none yet
 * @param keepRows how many of the first rows the final state keeps (0: none)
 */
public record StatementWait(String statementId, Duration timeout, Instant deadline, String lastState, int keepRows)
        implements Serializable {
    public StatementWait {
        statementId = Checks.id(statementId, "statementId", "01ef-...");
        Checks.timeout(timeout, "timeout");
        Objects.requireNonNull(deadline, "deadline");
        if (keepRows < 0) {
            throw new IllegalArgumentException("keepRows must not be negative, got " + keepRows);
        }
    }

    /**
     * A new wait.
     *
     * @param statementId the statement, as {@link Statements#execute} answered
     * @param timeout how long to wait from now; positive
     * @param keepRows how many of the first rows to keep
     * @param clock the waiter's clock ({@link Waiter#clock()})
     * @return the wait
     */
    public static StatementWait of(String statementId, Duration timeout, int keepRows, Clock clock) {
        return new StatementWait(statementId, Checks.timeout(timeout, "timeout"),
                Instant.ofEpochMilli(clock.millis()).plus(timeout), null, keepRows);
    }
}
