package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.sql.StatementState;
import io.jenkins.plugins.databricks.client.sql.StatementWait;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import io.jenkins.plugins.databricks.steps.durable.DatabricksWaits;
import io.jenkins.plugins.databricks.steps.sql.SqlStep;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code databricksSql} in Pipeline: each statement is sent from the plugin's pool and waited for by the controller's
 * {@link Waiter} (no thread held, through a restart); the next statement of a script goes out when the one before
 * succeeded. An abort cancels the statement that runs.
 *
 * <p>What survives a restart: the statements (read once, at the start), the warehouse id, which statement the
 * checkpoint belongs to, and whether the next one was being sent when Jenkins went down: such a statement may or may
 * not have run, so it is not sent twice; the step fails and says so.
 */
public final class SqlWaitExecution extends DurableWaitExecution<StatementState, StatementWait> {
    private static final long serialVersionUID = 1L;

    private final transient SqlStep step;
    private SqlOperation operation;
    private ArrayList<String> statements;
    private String warehouseId;
    private Instant deadline;
    /** The statement the checkpoint belongs to, from 0. */
    private int index;
    /** The next statement's request is out and its id not yet saved. */
    private boolean sending;

    public SqlWaitExecution(SqlStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    protected DatabricksTarget resolve() throws Exception {
        operation = (SqlOperation) step.operation(DatabricksOperationStep.pipelineInputs(getContext()));
        return DatabricksConnector.resolve(step.getWorkspace(), step.getHost(), step.getCredentialsId());
    }

    @Override
    protected StatementWait begin(DatabricksClient client, Waiter waiter, Run<?, ?> build, PrintStream log)
            throws Exception {
        statements = new ArrayList<>(operation.statements(workspace()));
        warehouseId = client.warehouses().prepare(operation.warehouse(), line -> log.println("Databricks: " + line));
        Duration timeout = Duration.ofMinutes(operation.timeoutMinutes());
        deadline = waiter.clock().instant().plus(timeout);
        return send(client, 0, log);
    }

    private StatementWait send(DatabricksClient client, int i, PrintStream log) throws InterruptedException {
        StatementState s = client.statements().execute(operation.request(warehouseId, statements.get(i)), 0);
        index = i;
        log.println("Databricks: running " + operation.describe(i, statements.size(), s.statementId()));
        return new StatementWait(s.statementId(), Duration.ofMinutes(operation.timeoutMinutes()), deadline, null,
                operation.keepRows(i, statements.size()));
    }

    @Override
    protected Waiter.Handle<StatementState, StatementWait> register(Waiter waiter, DatabricksClient client,
            StatementWait wait, ProgressListener progress) {
        return waiter.waitForStatement(client, wait, progress);
    }

    @Override
    protected StatementWait next(DatabricksClient client, StatementState result, StatementWait wait, Run<?, ?> build,
            PrintStream log) throws Exception {
        int count = statements.size();
        if (sending) {
            throw new AbortException("Jenkins restarted while " + operation.describe(index + 1, count, null) + " was"
                    + " being sent; it may or may not have run, so it is not sent again: check the warehouse's query"
                    + " history, then run the step again");
        }
        if (!result.succeeded()) {
            throw operation.failure(result, index, count, statements.get(index));
        }
        if (index + 1 >= count) {
            return null;
        }
        sending = true;
        getContext().saveState();
        StatementWait following = send(client, index + 1, log);
        sending = false;
        return following;
    }

    @Override
    protected Object finish(DatabricksClient client, StatementState result, StatementWait wait, Run<?, ?> build,
            PrintStream log) throws Exception {
        DatabricksTarget where = target();
        return operation.value(client, result, workspace(), () -> DatabricksConnector.agentClient(where, build), log);
    }

    private FilePath workspace() throws Exception {
        return operation.needsWorkspace() ? getContext().get(FilePath.class) : null;
    }

    @Override
    protected CompletableFuture<String> abandon(DatabricksClient client, StatementWait wait) {
        return DatabricksWaits.waiter().cancelStatement(client, wait.statementId(), CANCEL_TIMEOUT);
    }

    @Override
    protected boolean cancelOnTimeout() {
        return true; // a statement nobody waits for only costs warehouse time
    }

    @Override
    protected String stoppedBeforeAnswer() {
        return "the build was aborted before Databricks answered the request to run the statement; if it had reached"
                + " Databricks, the statement may run: see the warehouse's query history";
    }

    @Override
    protected String describe(StatementWait wait) {
        return operation == null || statements == null ? "SQL statement " + wait.statementId()
                : operation.describe(index, statements.size(), wait.statementId());
    }
}
