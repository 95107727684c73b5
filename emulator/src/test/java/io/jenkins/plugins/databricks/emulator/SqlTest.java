package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.ColumnInfoTypeName;
import com.databricks.sdk.service.sql.CreateWarehouseRequest;
import com.databricks.sdk.service.sql.EndpointInfo;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ListWarehousesRequest;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.ServiceErrorCode;
import com.databricks.sdk.service.sql.State;
import com.databricks.sdk.service.sql.StatementParameterListItem;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.sql.StopRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SQL warehouses and the Statement Execution API, through the Databricks SDK for Java (a third-party client)
 * and raw HTTP: shapes, states, errors, chunks and cancellation as a workspace answers them.
 */
class SqlTest {
    private static final String TOKEN = "dapi-sql-test";
    private DatabricksEmulator emu;
    private WorkspaceClient sdk;
    private Http http;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token(TOKEN).manualClock().warehouseStartDuration(Duration.ofSeconds(5))
                .sqlChunkRows(2).start();
        sdk = new WorkspaceClient(new DatabricksConfig().setHost(emu.baseUrl()).setToken(TOKEN).setAuthType("pat"));
        http = new Http(emu.baseUrl(), TOKEN);
        emu.sql().execute("CREATE TABLE main.default.orders (order_id BIGINT, customer STRING, amount DECIMAL(10,2),"
                + " placed DATE, seen TIMESTAMP, paid BOOLEAN);"
                + "INSERT INTO main.default.orders VALUES (1, 'Ada', 120.50, DATE '2026-11-30', "
                + "TIMESTAMP '2026-11-30 10:15:00', true), (2, 'Grace', 75.00, DATE '2026-12-01', NULL, false), "
                + "(3, NULL, 9.99, DATE '2026-12-02', TIMESTAMP '2026-12-02 00:00:01.5', true)");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private String runningWarehouse() {
        String id = sdk.warehouses().create(new CreateWarehouseRequest().setName("ci").setClusterSize("2X-Small"))
                .getResponse().getId();
        emu.clock().advance(Duration.ofSeconds(5));
        return id;
    }

    private StatementResponse run(String warehouse, String sql, StatementParameterListItem... params) {
        return sdk.statementExecution().executeStatement(new ExecuteStatementRequest().setWarehouseId(warehouse)
                .setStatement(sql).setWaitTimeout("30s").setParameters(List.of(params)));
    }

    @Test
    void aWarehouseStartsStopsAndIsListedAsTheSdkExpects() {
        String id = sdk.warehouses().create(new CreateWarehouseRequest().setName("etl").setClusterSize("Small")
                .setAutoStopMins(10L)).getResponse().getId();
        assertEquals(State.STARTING, sdk.warehouses().get(id).getState());
        emu.clock().advance(Duration.ofSeconds(5));
        assertEquals(State.RUNNING, sdk.warehouses().get(id).getState());
        assertEquals("/sql/1.0/warehouses/" + id, sdk.warehouses().get(id).getOdbcParams().getPath());
        sdk.warehouses().stop(new StopRequest().setId(id));
        assertEquals(State.STOPPING, sdk.warehouses().get(id).getState());
        emu.clock().advance(Duration.ofSeconds(1));
        assertEquals(State.STOPPED, sdk.warehouses().get(id).getState());
        List<String> names = new ArrayList<>();
        for (EndpointInfo w : sdk.warehouses().list(new ListWarehousesRequest())) {
            names.add(w.getName() + ":" + w.getState());
        }
        assertEquals(List.of("etl:STOPPED"), names);
        InvalidParameterValue bad = assertThrows(InvalidParameterValue.class, () -> sdk.warehouses().create(
                new CreateWarehouseRequest().setName("x").setClusterSize("Huge")));
        assertTrue(bad.getMessage().contains("2X-Small"), bad.getMessage());
    }

    @Test
    void aWarehouseStopsAfterItsAutoStopMinutesWithoutStatements() {
        String id = sdk.warehouses().create(new CreateWarehouseRequest().setName("etl").setClusterSize("Small")
                .setAutoStopMins(10L)).getResponse().getId();
        emu.clock().advance(Duration.ofSeconds(5));
        emu.clock().advance(Duration.ofMinutes(9));
        assertEquals(State.RUNNING, sdk.warehouses().get(id).getState());
        emu.clock().advance(Duration.ofMinutes(1));
        assertEquals(State.STOPPING, sdk.warehouses().get(id).getState());
    }

    @Test
    void aQueryAnswersTypedManifestAndRowsInChunks() {
        String wh = runningWarehouse();
        StatementResponse r = run(wh, "SELECT * FROM main.default.orders ORDER BY order_id");
        assertEquals(StatementState.SUCCEEDED, r.getStatus().getState());
        List<String> types = new ArrayList<>();
        for (ColumnInfo c : r.getManifest().getSchema().getColumns()) {
            types.add(c.getName() + ":" + c.getTypeName() + ":" + c.getTypeText());
        }
        assertEquals(List.of("order_id:LONG:BIGINT", "customer:STRING:STRING", "amount:DECIMAL:DECIMAL(10,2)",
                "placed:DATE:DATE", "seen:TIMESTAMP:TIMESTAMP", "paid:BOOLEAN:BOOLEAN"), types);
        assertEquals(3L, r.getManifest().getTotalRowCount());
        assertEquals(2L, r.getManifest().getTotalChunkCount());
        assertFalse(r.getManifest().getTruncated());
        List<List<String>> rows = rows(r.getResult().getDataArray());
        assertEquals(List.of("1", "Ada", "120.50", "2026-11-30", "2026-11-30T10:15:00.000Z", "true"), rows.get(0));
        assertEquals(Arrays.asList("2", "Grace", "75.00", "2026-12-01", null, "false"), rows.get(1));
        assertEquals(1L, r.getResult().getNextChunkIndex());
        ResultData second = sdk.statementExecution().getStatementResultChunkN(r.getStatementId(), 1);
        assertEquals(2L, second.getRowOffset());
        assertNull(second.getNextChunkIndex());
        assertEquals(Arrays.asList("3", null, "9.99", "2026-12-02", "2026-12-02T00:00:01.500Z", "true"),
                rows(second.getDataArray()).get(0));
    }

    @Test
    void rowLimitTruncatesAndSaysSo() {
        String wh = runningWarehouse();
        StatementResponse r = sdk.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(wh).setStatement("SELECT order_id FROM main.default.orders").setRowLimit(2L));
        assertEquals(2L, r.getManifest().getTotalRowCount());
        assertTrue(r.getManifest().getTruncated());
    }

    @Test
    void catalogAndSchemaOfTheRequestNameTablesAndNewCatalogsWork() {
        String wh = runningWarehouse();
        StatementResponse r = sdk.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(wh).setStatement("SELECT count(*) AS n FROM orders").setCatalog("main")
                .setSchema("default"));
        assertEquals(List.of(List.of("3")), rows(r.getResult().getDataArray()));
        assertEquals(StatementState.SUCCEEDED, run(wh, "CREATE CATALOG IF NOT EXISTS qa").getStatus().getState());
        assertEquals(StatementState.SUCCEEDED, run(wh, "CREATE SCHEMA qa.checks").getStatus().getState());
        assertEquals(StatementState.SUCCEEDED, run(wh, "CREATE TABLE qa.checks.t AS SELECT 7 AS x")
                .getStatus().getState());
        assertEquals(List.of(List.of("7")), rows(run(wh, "SELECT x FROM qa.checks.t").getResult().getDataArray()));
    }

    @Test
    void parametersAreDataNeverSql() {
        String wh = runningWarehouse();
        String hostile = "x'); DROP TABLE main.default.orders; --";
        StatementResponse r = run(wh, "SELECT :v AS v, :n + 1 AS n, :d AS d",
                new StatementParameterListItem().setName("v").setValue(hostile),
                new StatementParameterListItem().setName("n").setValue("41").setType("INT"),
                new StatementParameterListItem().setName("d").setValue("2026-12-06").setType("DATE"));
        assertEquals(StatementState.SUCCEEDED, r.getStatus().getState(), String.valueOf(r.getStatus().getError()));
        assertEquals(List.of(List.of(hostile, "42", "2026-12-06")), rows(r.getResult().getDataArray()));
        assertEquals(List.of("v:STRING", "n:INT", "d:DATE"), r.getManifest().getSchema().getColumns().stream()
                .map(c -> c.getName() + ":" + c.getTypeName()).toList());
        assertEquals(List.of(List.of("3")), rows(run(wh, "SELECT count(*) FROM main.default.orders")
                .getResult().getDataArray()));
        StatementResponse unbound = run(wh, "SELECT :missing");
        assertEquals(StatementState.FAILED, unbound.getStatus().getState());
        assertTrue(unbound.getStatus().getError().getMessage().startsWith("[UNBOUND_SQL_PARAMETER]"));
    }

    @Test
    void failuresComeBackAsFailedWithDatabricksErrorClasses() {
        String wh = runningWarehouse();
        StatementResponse syntax = run(wh, "SELEC 1");
        assertEquals(StatementState.FAILED, syntax.getStatus().getState());
        assertEquals(ServiceErrorCode.BAD_REQUEST, syntax.getStatus().getError().getErrorCode());
        assertEquals("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601",
                syntax.getStatus().getError().getMessage());
        assertEquals("42601", syntax.getStatus().getSqlState());
        StatementResponse missing = run(wh, "SELECT * FROM main.default.nope");
        assertTrue(missing.getStatus().getError().getMessage().startsWith("[TABLE_OR_VIEW_NOT_FOUND]"),
                missing.getStatus().getError().getMessage());
        StatementResponse two = run(wh, "SELECT 1; SELECT 2");
        assertTrue(two.getStatus().getError().getMessage().startsWith("[PARSE_SYNTAX_ERROR]"));
        assertEquals(StatementState.SUCCEEDED, run(wh, "SELECT 1;").getStatus().getState());
    }

    @Test
    void aStatementOnAStoppedWarehouseStartsItAndRunsWhenItIsUp() {
        emu.sql().warehouses().createStopped("0123456789abcdef", "stopped");
        Http.Answer posted = http.post("/api/2.0/sql/statements/", Map.of("warehouse_id", "0123456789abcdef",
                "statement", "SELECT 1 AS one", "wait_timeout", "0s"));
        assertEquals(200, posted.status(), posted.body());
        assertEquals("PENDING", posted.json().path("status").path("state").asText());
        assertEquals("STARTING", emu.sql().warehouses().state("0123456789abcdef"));
        String id = posted.json().path("statement_id").asText();
        assertEquals("PENDING", http.get("/api/2.0/sql/statements/" + id).json().path("status").path("state")
                .asText());
        emu.clock().advance(Duration.ofSeconds(5));
        JsonNode done = awaitEnd(id);
        assertEquals("SUCCEEDED", done.path("status").path("state").asText());
        assertEquals("1", done.path("result").path("data_array").path(0).path(0).asText());
    }

    @Test
    void aLongStatementIsCancelled() {
        String wh = runningWarehouse();
        Http.Answer posted = http.post("/api/2.0/sql/statements", Map.of("warehouse_id", wh,
                "statement", "SELECT sum(i) FROM range(1000000000000) t(i)", "wait_timeout", "0s"));
        String id = posted.json().path("statement_id").asText();
        assertEquals("RUNNING", posted.json().path("status").path("state").asText());
        assertEquals(200, http.post("/api/2.0/sql/statements/" + id + "/cancel", Map.of()).status());
        assertEquals("CANCELED", awaitEnd(id).path("status").path("state").asText());
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingRuns() {
        String wh = runningWarehouse();
        Http.Answer wait = http.post("/api/2.0/sql/statements", Map.of("warehouse_id", wh, "statement", "SELECT 1",
                "wait_timeout", "3s"));
        assertEquals(400, wait.status());
        assertTrue(wait.json().path("message").asText().contains("between 5s and 50s"));
        Http.Answer type = http.post("/api/2.0/sql/statements", Map.of("warehouse_id", wh, "statement", "SELECT :x",
                "parameters", List.of(Map.of("name", "x", "value", "1", "type", "NUMBER"))));
        assertEquals(400, type.status());
        assertTrue(type.json().path("message").asText().contains("DECIMAL(p,s)"), type.body());
        assertEquals(404, http.post("/api/2.0/sql/statements", Map.of("warehouse_id", "nope", "statement",
                "SELECT 1")).status());
        assertEquals(0, emu.sql().statementCount());
    }

    /** Reads the statement until it is no longer PENDING or RUNNING (the engine ends it on its own thread). */
    private JsonNode awaitEnd(String id) {
        for (int i = 0; i < 6000; i++) {
            JsonNode s = http.get("/api/2.0/sql/statements/" + id).json();
            String state = s.path("status").path("state").asText();
            if (!state.equals("PENDING") && !state.equals("RUNNING")) {
                return s;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("statement " + id + " did not end within a minute");
    }

    private static List<List<String>> rows(Collection<Collection<String>> data) {
        List<List<String>> out = new ArrayList<>();
        for (Collection<String> row : data) {
            out.add(new ArrayList<>(row));
        }
        return out;
    }
}
