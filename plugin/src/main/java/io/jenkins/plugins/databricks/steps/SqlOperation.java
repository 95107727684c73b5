package io.jenkins.plugins.databricks.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.databricks.AgentClient;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.sql.RowFile;
import io.jenkins.plugins.databricks.client.sql.SqlScript;
import io.jenkins.plugins.databricks.client.sql.SqlValues;
import io.jenkins.plugins.databricks.client.sql.StatementRequest;
import io.jenkins.plugins.databricks.client.sql.StatementState;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * What {@code databricksSql} does once its arguments are checked: read the statements (one, or a {@code file:}
 * script split at its semicolons), make sure the warehouse runs, send each statement with its named parameters, stop
 * at the first that does not succeed (naming it and quoting Databricks' message), and turn the last one's result into
 * the step's value, writing every row to {@code outputFile} on the agent that holds the workspace. Pipeline waits
 * durably ({@link SqlWaitExecution}); freestyle waits here, and an abort cancels the statement.
 */
public final class SqlOperation implements DatabricksOperationStep.BuildOperation, Serializable {
    private static final long serialVersionUID = 1L;
    static final String FILE_PREFIX = "file:";
    /** A .sql file larger than this is refused: a script is code, its data belongs in tables. */
    static final long MAX_SCRIPT_BYTES = 1024 * 1024;
    /** The step's value lives in the build's program state: more rows belong in outputFile. */
    static final int MAX_ROWS_LIMIT = 100_000;

    private final String statement;
    /** The script's path in the workspace, or null for an inline statement. */
    private final String scriptFile;
    private final String warehouse;
    private final String catalog;
    private final String schema;
    private final LinkedHashMap<String, Object> parameters;
    private final int maxRows;
    private final String outputFile;
    private final int timeoutMinutes;

    public SqlOperation(String statement, String warehouse, String catalog, String schema, Map<String, Object> parameters,
            int maxRows, String outputFile, int timeoutMinutes, @CheckForNull FilePath workspace)
            throws AbortException {
        String s = Arguments.required("statement", statement, "one SQL statement, or file: and a .sql file of the"
                + " build's workspace, such as file:checks/orders.sql");
        if (s.startsWith(FILE_PREFIX)) {
            String path = s.substring(FILE_PREFIX.length()).strip();
            if (path.isEmpty() || Arguments.leavesWorkspace(path)) {
                throw new AbortException("statement: '" + s + "' must name a .sql file inside the build's workspace,"
                        + " such as file:checks/orders.sql");
            }
            this.scriptFile = path;
            this.statement = null;
        } else {
            this.scriptFile = null;
            this.statement = s;
        }
        this.warehouse = Arguments.required("warehouse", warehouse, "the SQL warehouse's id (1234567890abcdef) or"
                + " name");
        this.catalog = catalog;
        this.schema = schema;
        this.parameters = new LinkedHashMap<>();
        if (parameters != null) {
            parameters.forEach((k, v) -> this.parameters.put(k, v instanceof CharSequence cs ? cs.toString() : v));
        }
        try {
            StatementRequest.checkParameters(this.parameters);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        if (maxRows < 0 || maxRows > MAX_ROWS_LIMIT) {
            throw new AbortException("maxRows must be 0 to " + MAX_ROWS_LIMIT + " (rows in the step's value; every"
                    + " row goes to outputFile), not " + maxRows);
        }
        this.maxRows = maxRows;
        this.outputFile = outputFile == null ? null : checkOutputFile(outputFile);
        this.timeoutMinutes = Arguments.minutes("timeout", timeoutMinutes);
        if ((scriptFile != null || this.outputFile != null) && workspace == null) {
            throw new AbortException("databricksSql with " + (scriptFile != null ? "a file: statement" : "outputFile")
                    + " uses the build's workspace; call it inside a node { } block");
        }
    }

    /** @return the trimmed path, checked: inside the workspace, ending in .csv or .jsonl */
    public static String checkOutputFile(String file) throws AbortException {
        String f = file.strip();
        if (Arguments.leavesWorkspace(f)) {
            throw new AbortException("outputFile '" + f + "' must be a file inside the build's workspace, such as"
                    + " results/orders.csv; absolute paths and paths that lead out of it are refused");
        }
        try {
            RowFile.Format.forFileName(f);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return f;
    }

    String warehouse() {
        return warehouse;
    }

    int timeoutMinutes() {
        return timeoutMinutes;
    }

    boolean needsWorkspace() {
        return scriptFile != null || outputFile != null;
    }

    /** How many of the first rows a wait keeps for statement {@code index} of {@code count}. */
    int keepRows(int index, int count) {
        return index == count - 1 ? maxRows : 0;
    }

    /**
     * The statements to run: the inline one, or the file's, split at the semicolons that end them.
     *
     * @param ws the build's workspace; may be null for an inline statement
     */
    List<String> statements(@CheckForNull FilePath ws) throws IOException, InterruptedException {
        if (scriptFile == null) {
            return List.of(statement);
        }
        if (ws == null) {
            throw new AbortException("databricksSql with a file: statement reads the build's workspace; call it inside"
                    + " a node { } block");
        }
        FilePath file = ws.child(scriptFile);
        if (!file.exists() || file.isDirectory()) {
            throw new AbortException("statement: file:" + scriptFile + " is not a file of the build's workspace ("
                    + ws.getRemote() + ")");
        }
        if (file.length() > MAX_SCRIPT_BYTES) {
            throw new AbortException("statement: file:" + scriptFile + " has " + file.length() + " bytes; a SQL"
                    + " script may have at most " + MAX_SCRIPT_BYTES);
        }
        List<String> found = SqlScript.split(file.readToString());
        if (found.isEmpty()) {
            throw new AbortException("statement: file:" + scriptFile + " holds no SQL statement");
        }
        return new ArrayList<>(found);
    }

    /** The request for one statement, with the step's catalog, schema and parameters. */
    StatementRequest request(String warehouseId, String sql) {
        return StatementRequest.builder(warehouseId, sql).catalog(catalog).schema(schema).parameters(parameters)
                .build();
    }

    /** @return how messages name statement {@code index} (from 0) of {@code count} */
    String describe(int index, int count, String statementId) {
        String where = scriptFile == null ? "SQL statement" : "statement " + (index + 1) + " of " + count + " in file:"
                + scriptFile;
        return statementId == null ? where : where + " (" + statementId + ")";
    }

    /** The failure for a statement that ended without succeeding: Databricks' own message, and which one it was. */
    AbortException failure(StatementState s, int index, int count, String sql) {
        String message = s.errorMessage() == null || s.errorMessage().isBlank()
                ? (s.errorCode() == null ? "" : s.errorCode()) : s.errorMessage();
        String head = sql.length() > 120 ? sql.substring(0, 117).replaceAll("\\s+", " ") + "..."
                : sql.replaceAll("\\s+", " ");
        return new AbortException(describe(index, count, s.statementId()) + " " + s.state()
                + (message.isEmpty() ? "" : ": " + message) + (count > 1 ? "; the statements after it were not run"
                : "") + " [" + head + "]");
    }

    /**
     * The step's value from the last statement; with {@code outputFile}, every row written there first, on the agent.
     */
    Object value(DatabricksClient client, StatementState done, @CheckForNull FilePath ws,
            AgentClientSource agent, PrintStream log) throws IOException, InterruptedException {
        if (outputFile != null) {
            if (ws == null) {
                throw new AbortException("databricksSql with outputFile writes to the build's workspace; call it"
                        + " inside a node { } block");
            }
            FilePath target = ws.child(outputFile);
            FilePath parent = target.getParent();
            if (parent != null) {
                parent.mkdirs();
            }
            long rows = target.act(new WriteRows(agent.get(), done, ws.getRemote()));
            log.println("Databricks: wrote " + rows + " row(s) of " + done.statementId() + " to " + outputFile);
        }
        List<List<String>> rows = maxRows == 0 ? List.of() : client.statements().firstRows(done, maxRows);
        Map<String, Object> value = SqlValues.answer(done, rows);
        log.println("Databricks: " + done.totalRowCount() + " row(s)" + (rows.size() < done.totalRowCount()
                ? ", the first " + rows.size() + " in the step's value" : ""));
        return value;
    }

    /** Makes the client for the agent only when rows go to a file. */
    interface AgentClientSource {
        AgentClient get() throws IOException, InterruptedException;
    }

    /** Freestyle (and any caller without a durable wait): runs the statements here, blocking this thread. */
    @Override
    public Object perform(DatabricksTarget target, OperationInputs in) throws IOException, InterruptedException {
        Run<?, ?> run = in.run();
        FilePath workspace = in.workspace();
        PrintStream log = in.listener().getLogger();
        DatabricksClient client = DatabricksConnector.client(target, run);
        List<String> sqls = statements(workspace);
        String warehouseId = client.warehouses().prepare(warehouse, line -> log.println("Databricks: " + line));
        long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
        StatementState last = null;
        for (int i = 0; i < sqls.size(); i++) {
            int keep = keepRows(i, sqls.size());
            StatementState s = client.statements().execute(request(warehouseId, sqls.get(i)), keep);
            log.println("Databricks: running " + describe(i, sqls.size(), s.statementId()));
            try {
                Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                s = client.statements().await(s, left, log::println, keep);
            } catch (InterruptedException e) {
                cancelAbandoned(client, s.statementId(), log);
                throw e;
            } catch (DatabricksException e) {
                if (DatabricksException.TIMEOUT.equals(e.errorCode())) {
                    cancelAbandoned(client, s.statementId(), log);
                }
                throw e;
            }
            if (!s.succeeded()) {
                throw failure(s, i, sqls.size(), sqls.get(i));
            }
            last = s;
        }
        StatementState done = last;
        return value(client, done, workspace, () -> DatabricksConnector.agentClient(target, run), log);
    }

    private static void cancelAbandoned(DatabricksClient client, String id, PrintStream log) {
        boolean interrupted = Thread.interrupted();
        try {
            client.statements().cancel(id);
            log.println("Databricks: statement " + id + " cancelled");
        } catch (InterruptedException e) {
            interrupted = true;
            log.println("Databricks: statement " + id + " may still run: the build was aborted again while cancelling"
                    + " it");
        } catch (DatabricksException e) {
            log.println("Databricks: statement " + id + " may still run: cancelling it failed: " + e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Streams every row of a result into a file, where the file is: one row in memory at a time. */
    private static final class WriteRows extends MasterToSlaveFileCallable<Long> {
        private static final long serialVersionUID = 1L;
        private final AgentClient client;
        private final StatementState done;
        private final String root;

        WriteRows(AgentClient client, StatementState done, String root) {
            this.client = client;
            this.done = done;
            this.root = root;
        }

        @Override
        public Long invoke(File file, VirtualChannel channel) throws IOException, InterruptedException {
            // a link on the way must not carry the rows out of the workspace
            File parent = file.getCanonicalFile().getParentFile();
            String inside = new File(root).getCanonicalPath();
            if (parent == null || !(parent.getPath() + File.separator).startsWith(inside + File.separator)) {
                throw new AbortException("outputFile " + file + " leads out of the build's workspace");
            }
            try (RowFile rows = RowFile.create(file.toPath(), RowFile.Format.forFileName(file.getName()),
                    done.columns())) {
                return client.build().statements().readAll(done, rows);
            } catch (DatabricksException e) {
                throw new AbortException("Databricks " + client.displayName() + ": " + e.getMessage());
            }
        }
    }
}
