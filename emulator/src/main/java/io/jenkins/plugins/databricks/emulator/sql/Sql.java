package io.jenkins.plugins.databricks.emulator.sql;

import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * The emulator's Databricks SQL: warehouses, the Statement Execution API and the engine behind them. Tests and
 * the demo seed tables through {@link #execute}.
 */
public final class Sql implements AutoCloseable {
    static final int CHUNK_BYTES = 4 * 1024 * 1024;

    private final Warehouses warehouses;
    private final Statements statements;
    private final SqlEngine engine;

    public Sql(EmulatorClock clock, Duration warehouseStart, int chunkRows, String creator, ExecutorService executor) {
        this.warehouses = new Warehouses(clock, warehouseStart, Duration.ofSeconds(1), creator);
        this.engine = new SqlEngine(chunkRows, CHUNK_BYTES);
        this.statements = new Statements(warehouses, engine, executor);
    }

    public void register(Router router) {
        new SqlApi(warehouses, statements).register(router);
    }

    public Warehouses warehouses() {
        return warehouses;
    }

    /** Statements received through the API since the start or the last reset. */
    public int statementCount() {
        return statements.count();
    }

    /**
     * Runs SQL on the engine directly, outside any warehouse (to seed tables): {@code main.default} is the current
     * schema. Statements separated by {@code ;} run in order.
     *
     * @throws IllegalArgumentException with Databricks' message when one fails
     */
    public void execute(String sqlText) {
        for (String one : sqlText.split(";")) {
            if (one.isBlank()) {
                continue;
            }
            try {
                engine.run(one, null, null, List.of(), 0, 0, s -> { });
            } catch (SqlFailure e) {
                throw new IllegalArgumentException(e.databricksMessage(), e);
            }
        }
    }

    /**
     * Closes every statement that has ended, as a workspace does after a while: its state becomes CLOSED and its
     * result is dropped (a long benchmark would otherwise keep every result it ever made).
     */
    public void closeEndedStatements() {
        statements.closeEnded();
    }

    public void reset() {
        statements.reset();
        warehouses.reset();
        engine.reset();
    }

    @Override
    public void close() {
        engine.close();
    }

}
