package io.jenkins.plugins.databricks.emulator.sql;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.Json;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Statements of the Statement Execution API. A statement waits (PENDING) while its warehouse starts, runs on the
 * engine (RUNNING) on a thread of its own, and ends SUCCEEDED, FAILED or CANCELED. The engine runs in real time;
 * the warehouse's start follows the emulator clock, and a PENDING statement begins when it is next read after its
 * warehouse is RUNNING.
 */
public final class Statements {
    private static final Logger LOG = Logger.getLogger(Statements.class.getName());

    private final Warehouses warehouses;
    private final SqlEngine engine;
    private final ExecutorService executor;
    private final Map<String, Stmt> byId = new ConcurrentHashMap<>();

    /** One statement; its mutable fields are guarded by itself. */
    static final class Stmt {
        final String id = UUID.randomUUID().toString();
        final String warehouseId;
        final String text;
        final String catalog;
        final String schema;
        final List<SqlEngine.Param> params;
        final long rowLimit;
        final long byteLimit;
        String state = "PENDING";
        SqlEngine.Result result;
        SqlFailure failure;
        java.sql.Statement running;
        boolean cancelRequested;

        Stmt(String warehouseId, String text, String catalog, String schema, List<SqlEngine.Param> params,
                long rowLimit, long byteLimit) {
            this.warehouseId = warehouseId;
            this.text = text;
            this.catalog = catalog;
            this.schema = schema;
            this.params = params;
            this.rowLimit = rowLimit;
            this.byteLimit = byteLimit;
        }

        synchronized boolean done() {
            return !state.equals("PENDING") && !state.equals("RUNNING");
        }
    }

    Statements(Warehouses warehouses, SqlEngine engine, ExecutorService executor) {
        this.warehouses = warehouses;
        this.engine = engine;
        this.executor = executor;
    }

    Stmt submit(String warehouseId, String text, String catalog, String schema, List<SqlEngine.Param> params,
            long rowLimit, long byteLimit) {
        warehouses.statementArrives(warehouseId);
        Stmt s = new Stmt(warehouseId, text, catalog, schema, List.copyOf(params), rowLimit, byteLimit);
        byId.put(s.id, s);
        refresh(s);
        return s;
    }

    Stmt get(String id) {
        Stmt s = byId.get(id);
        if (s == null) {
            throw ApiException.doesNotExist("Statement " + id + " not found");
        }
        refresh(s);
        return s;
    }

    /** A PENDING statement whose warehouse is RUNNING now begins. */
    private void refresh(Stmt s) {
        synchronized (s) {
            if (!s.state.equals("PENDING") || !warehouses.isRunning(s.warehouseId)) {
                return;
            }
            s.state = "RUNNING";
        }
        warehouses.statementBegins(s.warehouseId);
        executor.execute(() -> run(s));
    }

    private void run(Stmt s) {
        SqlEngine.Result result = null;
        SqlFailure failure = null;
        boolean cancelled = false;
        try {
            result = engine.run(s.text, s.catalog, s.schema, s.params, s.rowLimit, s.byteLimit, st -> {
                synchronized (s) {
                    if (s.cancelRequested) {
                        throw new SqlEngine.Cancelled();
                    }
                    s.running = st;
                }
            });
        } catch (SqlFailure e) {
            failure = e;
        } catch (SqlEngine.Cancelled e) {
            cancelled = true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "statement " + s.id + " broke the emulator's engine", e);
            failure = new SqlFailure("INTERNAL_ERROR", "XX000", String.valueOf(e));
        } finally {
            warehouses.statementEnds(s.warehouseId);
        }
        synchronized (s) {
            s.running = null;
            if (cancelled || s.cancelRequested) {
                s.state = "CANCELED";
            } else if (failure != null) {
                s.state = "FAILED";
                s.failure = failure;
            } else {
                s.state = "SUCCEEDED";
                s.result = result;
            }
            s.notifyAll();
        }
    }

    /** Cancels a pending or running statement; an ended one stays as it is. */
    void cancel(String id) {
        Stmt s = get(id);
        java.sql.Statement running;
        synchronized (s) {
            if (s.done()) {
                return;
            }
            s.cancelRequested = true;
            if (s.state.equals("PENDING")) {
                s.state = "CANCELED";
                s.notifyAll();
                return;
            }
            running = s.running;
        }
        if (running != null) {
            try {
                running.cancel();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "cancelling statement " + id, e);
            }
        }
    }

    /** Waits up to {@code millis} of real time for a running statement to end. */
    void await(Stmt s, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (s) {
            while (s.state.equals("RUNNING")) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                s.wait(left);
            }
        }
    }

    /** The statement as GET and POST answer it: status, and when it succeeded the manifest and first chunk. */
    byte[] json(Stmt s, String chunkLinkBase) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statement_id", s.id);
        Map<String, Object> status = new LinkedHashMap<>();
        SqlEngine.Result result;
        synchronized (s) {
            status.put("state", s.state);
            if (s.failure != null) {
                status.put("error", Map.of("error_code", "BAD_REQUEST", "message", s.failure.databricksMessage()));
                status.put("sql_state", s.failure.sqlState());
            }
            result = s.result;
        }
        out.put("status", status);
        if (result == null) {
            return Json.bytes(out);
        }
        out.put("manifest", manifest(result));
        if (result.chunks().isEmpty()) {
            return Json.bytes(out);
        }
        return withResult(out, "result", result, 0, s.id, chunkLinkBase);
    }

    /** {@code GET .../result/chunks/{n}}: the chunk alone. */
    byte[] chunk(String id, int index, String chunkLinkBase) {
        Stmt s = get(id);
        SqlEngine.Result result;
        synchronized (s) {
            if (!s.state.equals("SUCCEEDED")) {
                throw ApiException.invalidState("Statement " + id + " is " + s.state + "; its result has no chunks");
            }
            result = s.result;
        }
        if (index < 0 || index >= result.chunks().size()) {
            throw ApiException.invalidParameter("chunk_index " + index + " is out of range: the result has "
                    + result.chunks().size() + " chunk(s), 0 to " + (result.chunks().size() - 1));
        }
        return withResult(null, null, result, index, id, chunkLinkBase);
    }

    private static Map<String, Object> manifest(SqlEngine.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "JSON_ARRAY");
        List<Map<String, Object>> cols = new ArrayList<>();
        for (SqlEngine.Column c : r.columns()) {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("position", c.position());
            col.put("type_name", c.typeName());
            col.put("type_text", c.typeText());
            if (c.precision() != null) {
                col.put("type_precision", c.precision());
                col.put("type_scale", c.scale());
            }
            cols.add(col);
        }
        m.put("schema", Map.of("column_count", cols.size(), "columns", cols));
        m.put("total_chunk_count", r.chunks().size());
        List<Map<String, Object>> chunks = new ArrayList<>();
        for (SqlEngine.Chunk c : r.chunks()) {
            chunks.add(Map.of("chunk_index", c.index(), "row_offset", c.rowOffset(), "row_count", c.rowCount(),
                    "byte_count", c.byteCount()));
        }
        m.put("chunks", chunks);
        m.put("total_row_count", r.totalRows());
        m.put("total_byte_count", r.totalBytes());
        m.put("truncated", r.truncated());
        return m;
    }

    /** Writes {@code outer} (or the chunk alone) with the chunk's ready-made data_array spliced in. */
    private static byte[] withResult(Map<String, Object> outer, String field, SqlEngine.Result r, int index,
            String id, String chunkLinkBase) {
        SqlEngine.Chunk c = r.chunks().get(index);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("chunk_index", c.index());
        data.put("row_offset", c.rowOffset());
        data.put("row_count", c.rowCount());
        data.put("byte_count", c.byteCount());
        if (index + 1 < r.chunks().size()) {
            data.put("next_chunk_index", index + 1);
            data.put("next_chunk_internal_link", chunkLinkBase + id + "/result/chunks/" + (index + 1));
        }
        byte[] head = Json.bytes(data);
        byte[] array = (",\"data_array\":").getBytes(StandardCharsets.US_ASCII);
        byte[] inner = new byte[head.length - 1 + array.length + c.dataArray().length + 1];
        System.arraycopy(head, 0, inner, 0, head.length - 1);
        System.arraycopy(array, 0, inner, head.length - 1, array.length);
        System.arraycopy(c.dataArray(), 0, inner, head.length - 1 + array.length, c.dataArray().length);
        inner[inner.length - 1] = '}';
        if (outer == null) {
            return inner;
        }
        byte[] before = Json.bytes(outer);
        byte[] name = (",\"" + field + "\":").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[before.length - 1 + name.length + inner.length + 1];
        System.arraycopy(before, 0, all, 0, before.length - 1);
        System.arraycopy(name, 0, all, before.length - 1, name.length);
        System.arraycopy(inner, 0, all, before.length - 1 + name.length, inner.length);
        all[all.length - 1] = '}';
        return all;
    }

    void closeEnded() {
        for (Stmt s : byId.values()) {
            synchronized (s) {
                if (s.done()) {
                    s.state = "CLOSED";
                    s.result = null;
                }
            }
        }
    }

    int count() {
        return byId.size();
    }

    void reset() {
        for (Stmt s : byId.values()) {
            try {
                cancel(s.id);
            } catch (ApiException e) {
                // already gone
            }
        }
        byId.clear();
    }
}
