package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.sql.StatementAnswers;
import io.jenkins.plugins.databricks.client.sql.StatementState;
import io.jenkins.plugins.databricks.client.sql.StatementWait;
import io.jenkins.plugins.databricks.client.sql.Statements;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A wait for a SQL statement to end ({@link Waiter#waitForStatement}). Statements have no listing: each due
 * wait is one {@code GET /api/2.0/sql/statements/{id}}, whose last answer (SUCCEEDED, FAILED, CANCELED, CLOSED)
 * is the result.
 */
final class StatementEntry extends WaitEntry<StatementState, StatementWait> {
    private final String statementId;
    private final int keepRows;
    private String lastState;

    StatementEntry(PollEngine engine, DatabricksClient client, StatementWait wait, ProgressListener listener) {
        super(engine, client, listener, wait.timeout(), wait.deadline());
        this.statementId = wait.statementId();
        this.keepRows = wait.keepRows();
        this.lastState = wait.lastState();
    }

    @Override
    PollEngine.Kind kind() {
        return PollEngine.Kind.STATEMENTS;
    }

    @Override
    Object id() {
        return statementId;
    }

    @Override
    Transport.Request readRequest() {
        return Transport.Request.json("GET", Statements.BASE + statementId, List.of(), null, true);
    }

    @Override
    String readName() {
        return "sql/statements/get";
    }

    @Override
    boolean stillMoving(Map<String, Object> listed) {
        return true;
    }

    @Override
    void observe(Map<String, Object> answer, boolean read, PollEngine.Cycle cycle) {
        if (ended || result.isDone()) {
            return;
        }
        StatementState now = StatementAnswers.fromAnswer(answer, keepRows);
        if (!now.state().equals(lastState)) {
            String line = lastState == null ? "Statement " + statementId + " is " + now.state()
                    : "Statement " + statementId + ": " + lastState + " -> " + now.state();
            // before the line goes out: a listener that saves the checkpoint then saves this state
            lastState = now.state();
            lines.progress(line);
        }
        if (now.done()) {
            finish(now);
        } else {
            next(cycle);
        }
    }

    @Override
    void readFailed(Throwable error, PollEngine.Cycle cycle) {
        if (error instanceof DatabricksException && ((DatabricksException) error).isNotFound()) {
            DatabricksException e = (DatabricksException) error;
            fail(new DatabricksException(e.method(), e.path(), e.statusCode(), "RESOURCE_DOES_NOT_EXIST",
                    "Statement " + statementId + " no longer exists in the workspace: its result expired, or this"
                            + " credential may no longer see it (" + e.serverMessage() + ")", e.attempts(), e));
            return;
        }
        fail(error);
    }

    @Override
    DatabricksException timeoutException() {
        return new DatabricksException(DatabricksException.TIMEOUT, "Statement " + statementId
                + " did not finish within " + timeout + "; it is " + lastState);
    }

    @Override
    public StatementWait checkpoint() {
        synchronized (group) {
            return new StatementWait(statementId, timeout, deadlineInstant, lastState, keepRows);
        }
    }

    @Override
    public CompletableFuture<String> cancel(Duration timeout) {
        Checks.timeout(timeout, "timeout");
        stop();
        result.completeExceptionally(new CancellationException("the wait for statement " + statementId
                + " was cancelled"));
        return cancelStatement(engine, client, statementId, timeout);
    }

    /** {@code POST .../cancel}, bounded by {@code timeout}; never fails: the answer says what happened. */
    static CompletableFuture<String> cancelStatement(PollEngine engine, DatabricksClient client, String id,
            Duration timeout) {
        CompletableFuture<Object> sent = client.sendAsync(Transport.Request.json("POST", Statements.BASE + id
                + "/cancel", List.of(), Map.of(), true), engine.scheduler, engine.blocking);
        CompletableFuture<String> said = new CompletableFuture<>();
        ScheduledFuture<?> timer = engine.scheduler.schedule(() -> {
            if (said.complete("Statement " + id + " may still be running: the cancel request got no answer within "
                    + timeout)) {
                sent.cancel(false);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        sent.whenComplete((answer, error) -> {
            timer.cancel(false);
            said.complete(error == null ? "Asked Databricks to cancel statement " + id
                    : "Statement " + id + " may still be running: cancelling it failed: " + error.getMessage());
        });
        return said;
    }
}
