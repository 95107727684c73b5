package io.jenkins.plugins.databricks.client.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warehouses and statements against the emulator's DuckDB-backed SQL, over real sockets. */
class SqlTest {
    private DatabricksEmulator emu;
    private DatabricksClient client;
    private String warehouse;

    @BeforeEach
    void start() {
        emu = TestSupport.emulator().warehouseStartDuration(Duration.ZERO).sqlChunkRows(3).start();
        client = TestSupport.client(emu).rateLimit(1000).build();
        warehouse = emu.sql().warehouses().create("ci-warehouse");
        emu.sql().execute("CREATE TABLE main.default.orders (id BIGINT, who STRING, amount DECIMAL(10,2), ok BOOLEAN,"
                + " day DATE, ratio DOUBLE); INSERT INTO main.default.orders SELECT i, 'c' || (i % 3), i * 1.25, "
                + "i % 2 = 0, DATE '2026-12-01' + i::INT, i / 4 FROM range(1, 11) t(i)");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private StatementState run(String sql, Map<String, ?> params, int keep) throws InterruptedException {
        StatementState first = client.statements().execute(StatementRequest.builder(warehouse, sql)
                .parameters(params).build(), keep);
        return client.statements().await(first, Duration.ofMinutes(1), null, keep);
    }

    @Test
    void aWarehouseIsFoundByIdOrNameAndAMissingOneNamesWhatThereIs() throws Exception {
        assertEquals(warehouse, client.warehouses().find("ci-warehouse").get("id"));
        assertEquals(warehouse, client.warehouses().find(warehouse).get("id"));
        assertEquals(warehouse, client.warehouses().find("CI-Warehouse").get("id"));
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.warehouses().find("nope"));
        assertTrue(e.getMessage().contains("'ci-warehouse' (" + warehouse + ")"), e.getMessage());
    }

    @Test
    void rowsComeTypedAcrossChunksAndOnlyAsFarAsAsked() throws Exception {
        StatementState done = run("SELECT * FROM main.default.orders ORDER BY id", Map.of(), 2);
        assertTrue(done.succeeded());
        assertEquals(10, done.totalRowCount());
        assertEquals(4, done.totalChunkCount());
        assertEquals(2, done.firstRows().size());
        emu.resetCounters();
        List<List<String>> five = client.statements().firstRows(done, 5);
        assertEquals(5, five.size());
        assertEquals(2, emu.requestCount("GET", "/api/2.0/sql/statements/" + done.statementId()
                + "/result/chunks/0") + emu.requestCount("GET", "/api/2.0/sql/statements/" + done.statementId()
                + "/result/chunks/1"), "chunks 0 and 1 only");
        assertEquals(0, emu.requestCount("GET", "/api/2.0/sql/statements/" + done.statementId()
                + "/result/chunks/2"));
        Map<String, Object> row = SqlValues.row(done.columns(), five.get(3));
        assertEquals(4L, row.get("id"));
        assertEquals("c1", row.get("who"));
        assertEquals(new BigDecimal("5.00"), row.get("amount"));
        assertEquals(Boolean.TRUE, row.get("ok"));
        assertEquals("2026-12-05", row.get("day"));
        assertEquals(1.0, row.get("ratio"));
        assertEquals(List.of(Map.of("name", "id", "type", "BIGINT"), Map.of("name", "who", "type", "STRING")),
                SqlValues.columns(done.columns()).subList(0, 2));
    }

    @Test
    void namedParametersAreSentTypedAndStayData() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("who", "c1'; DROP TABLE main.default.orders; --");
        params.put("min", 3);
        params.put("day", LocalDate.of(2026, 12, 4));
        params.put("nothing", null);
        StatementState done = run("SELECT count(*) AS n, :who AS who, :nothing IS NULL AS none FROM "
                + "main.default.orders WHERE id >= :min AND day >= :day", params, 10);
        assertTrue(done.succeeded(), done.errorMessage());
        assertEquals(Arrays.asList("8", "c1'; DROP TABLE main.default.orders; --", "true"), done.firstRows().get(0));
        assertTrue(run("SELECT count(*) FROM main.default.orders", Map.of(), 1).succeeded());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> StatementRequest
                .builder(warehouse, "SELECT :x").parameters(Map.of("x", new Object())).build());
        assertTrue(bad.getMessage().startsWith("parameters: x is a Object"), bad.getMessage());
    }

    @Test
    void aFailedStatementCarriesDatabricksMessage() throws Exception {
        StatementState failed = run("SELEC 1", Map.of(), 0);
        assertEquals("FAILED", failed.state());
        assertEquals("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601", failed.errorMessage());
    }

    @Test
    void aStatementOnAStoppedWarehouseIsFollowedUntilItEnds() throws Exception {
        emu.close();
        emu = TestSupport.emulator().manualClock().warehouseStartDuration(Duration.ofSeconds(30)).start();
        client = TestSupport.client(emu).rateLimit(1000).build();
        emu.sql().warehouses().createStopped("00000000000000aa", "stopped");
        StatementState first = client.statements().execute(StatementRequest.builder("00000000000000aa",
                "SELECT 42 AS answer").build(), 5);
        assertEquals("PENDING", first.state());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread advancer = new Thread(() -> {
            while (!lines.contains("Statement " + first.statementId() + " is PENDING")) {
                Thread.onSpinWait();
            }
            emu.clock().advance(Duration.ofSeconds(30));
        });
        advancer.start();
        StatementState done = client.statements().await(first, Duration.ofMinutes(1), lines::add, 5);
        advancer.join();
        assertEquals(List.of(List.of("42")), done.firstRows());
        assertEquals("Statement " + first.statementId() + " is SUCCEEDED", lines.get(lines.size() - 1));
    }

    @Test
    void theWaiterFollowsAStatementWithoutAThreadResumesFromItsCheckpointAndCancels() throws Exception {
        emu.close();
        emu = TestSupport.emulator().manualClock().warehouseStartDuration(Duration.ofSeconds(30)).start();
        client = TestSupport.client(emu).rateLimit(1000).build();
        emu.sql().warehouses().createStopped("00000000000000bb", "stopped");
        java.util.concurrent.ScheduledExecutorService scheduler =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            Waiter waiter = Waiter.builder(scheduler).build();
            StatementState first = client.statements().execute(StatementRequest.builder("00000000000000bb",
                    "SELECT 7 AS seven").build(), 5);
            List<String> lines = new CopyOnWriteArrayList<>();
            Waiter.Handle<StatementState, StatementWait> h = waiter.waitForStatement(client,
                    StatementWait.of(first.statementId(), Duration.ofMinutes(5), 5, waiter.clock()), lines::add);
            TestSupport.await("the first look", () -> lines.size() == 1);
            assertEquals("Statement " + first.statementId() + " is PENDING", lines.get(0));
            StatementWait saved = h.detach();
            assertEquals("PENDING", saved.lastState());
            emu.clock().advance(Duration.ofSeconds(30));
            // resumed: the same wait, in a new registration (as after a restart)
            Waiter.Handle<StatementState, StatementWait> resumed = waiter.waitForStatement(client, saved, lines::add);
            StatementState done = resumed.result().get(1, java.util.concurrent.TimeUnit.MINUTES);
            assertEquals(List.of(List.of("7")), done.firstRows());
            assertTrue(lines.contains("Statement " + first.statementId() + ": PENDING -> SUCCEEDED")
                    || lines.contains("Statement " + first.statementId() + ": PENDING -> RUNNING"), lines.toString());
            assertEquals(0, waiter.activeWaits());

            String warehouse2 = emu.sql().warehouses().create("up");
            emu.clock().advance(Duration.ofSeconds(30));
            StatementState longOne = client.statements().execute(StatementRequest.builder(warehouse2,
                    "SELECT sum(i) FROM range(1000000000000) t(i)").build(), 0);
            Waiter.Handle<StatementState, StatementWait> running = waiter.waitForStatement(client,
                    StatementWait.of(longOne.statementId(), Duration.ofMinutes(5), 0, waiter.clock()), null);
            assertEquals("Asked Databricks to cancel statement " + longOne.statementId(),
                    running.cancel(Duration.ofSeconds(30)).get(1, java.util.concurrent.TimeUnit.MINUTES));
            StatementState cancelled = null;
            for (int i = 0; i < 6000 && (cancelled == null || !cancelled.done()); i++) {
                cancelled = client.statements().get(longOne.statementId(), 0);
                Thread.sleep(10);
            }
            assertEquals("CANCELED", cancelled.state());
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void everyRowGoesToACsvOrJsonLinesFileAndARetriedChunkIsNotWrittenTwice(@TempDir Path dir) throws Exception {
        StatementState done = run("SELECT id, who, amount, ok FROM main.default.orders ORDER BY id", Map.of(), 0);
        emu.faults().next(1, "/api/2.0/sql/statements/" + done.statementId() + "/result/chunks/2",
                io.jenkins.plugins.databricks.emulator.faults.Fault.closeMidAnswer());
        Path csv = dir.resolve("orders.csv");
        try (RowFile f = RowFile.create(csv, RowFile.Format.CSV, done.columns())) {
            assertEquals(10, client.statements().readAll(done, f));
        }
        assertEquals(2, emu.requestCount("GET", "/api/2.0/sql/statements/" + done.statementId()
                + "/result/chunks/2"), "the broken chunk was read twice");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(11, lines.size());
        assertEquals("id,who,amount,ok", lines.get(0));
        assertEquals("7,c1,8.75,false", lines.get(7));
        Path jsonl = dir.resolve("orders.jsonl");
        try (RowFile f = RowFile.create(jsonl, RowFile.Format.JSONL, done.columns())) {
            client.statements().readAll(done, f);
        }
        List<String> objects = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        assertEquals(10, objects.size());
        assertEquals("{\"id\":2,\"who\":\"c2\",\"amount\":2.50,\"ok\":true}", objects.get(1));
    }

    @Test
    void aRowFileCutsBackToItsMark(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.csv");
        List<StatementState.Column> cols = List.of(new StatementState.Column("v", "STRING", "STRING"));
        try (RowFile f = RowFile.create(file, RowFile.Format.CSV, cols)) {
            f.row(new String[] {"a,b"});
            long mark = f.mark();
            f.row(new String[] {"lost"});
            f.reset(mark);
            f.row(new String[] {null});
            f.row(new String[] {"say \"hi\""});
        }
        assertEquals("v\r\n\"a,b\"\r\n\r\n\"say \"\"hi\"\"\"\r\n", Files.readString(file));
        assertEquals(RowFile.Format.JSONL, RowFile.Format.forFileName("out.JSONL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RowFile.Format.forFileName("out.txt"))
                .getMessage().contains(".csv"));
    }

    @Test
    void aScriptSplitsAtItsStatementEndsOnly() {
        List<String> parts = SqlScript.split("-- setup\nCREATE TABLE t (s STRING);\n"
                + "INSERT INTO t VALUES ('a;b'), (\"c;\"); /* ; */\n SELECT `x;y` FROM t -- last; one\n;\n -- only a comment;");
        assertEquals(List.of("-- setup\nCREATE TABLE t (s STRING)", "INSERT INTO t VALUES ('a;b'), (\"c;\")",
                "/* ; */\n SELECT `x;y` FROM t -- last; one"), new ArrayList<>(parts));
        assertFalse(SqlScript.split("  ").iterator().hasNext());
    }

    @Test
    void aStoppedWarehouseIsStartedOnceAndADeletedOneIsRefused() throws Exception {
        emu.sql().warehouses().createStopped("0123456789abcdef", "reporting");
        List<String> said = new CopyOnWriteArrayList<>();
        assertEquals("0123456789abcdef", client.warehouses().prepare("reporting", said::add));
        assertEquals(1, emu.requestCount("POST", "/api/2.0/sql/warehouses/0123456789abcdef/start"));
        assertTrue(said.get(0).contains("'reporting' (0123456789abcdef) was STOPPED; starting it"), said.toString());
        said.clear();
        assertEquals(warehouse, client.warehouses().prepare(warehouse, said::add));
        assertTrue(said.get(0).endsWith("is RUNNING"), said.toString());
        assertEquals(0, emu.requestCount("POST", "/api/2.0/sql/warehouses/" + warehouse + "/start"));
        client.send("DELETE", "/api/2.0/sql/warehouses/" + warehouse, List.of(), null, false);
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.warehouses().prepare(warehouse, null));
        assertTrue(e.getMessage().contains("is DELETED") || e.getMessage().contains("is DELETING")
                || e.getMessage().contains("no SQL warehouse"), e.getMessage());
    }

    @Test
    void theStepsValueHoldsTypedRowsAndSaysWhenItIsCut() throws Exception {
        StatementState done = run("SELECT id, amount, ok FROM main.default.orders ORDER BY id", Map.of(), 2);
        Map<String, Object> value = SqlValues.answer(done, client.statements().firstRows(done, 4));
        assertEquals(10L, value.get("row_count"));
        assertEquals(true, value.get("truncated"));
        assertEquals(done.statementId(), value.get("statement_id"));
        assertEquals(List.of(Map.of("name", "id", "type", "BIGINT"), Map.of("name", "amount", "type",
                "DECIMAL(10,2)"), Map.of("name", "ok", "type", "BOOLEAN")), value.get("columns"));
        List<?> rows = (List<?>) value.get("rows");
        assertEquals(4, rows.size());
        assertEquals(Map.of("id", 4L, "amount", new BigDecimal("5.00"), "ok", true), rows.get(3));
        StatementState all = run("SELECT id FROM main.default.orders WHERE id < 3", Map.of(), 10);
        assertEquals(false, SqlValues.answer(all, client.statements().firstRows(all, 10)).get("truncated"));
    }

    @Test
    void parametersAreCheckedBeforeAnythingIsSent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatementRequest.checkParameters(Map.of("1st", "x")));
        assertTrue(e.getMessage().contains("'1st' is not a parameter name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StatementRequest.checkParameters(Map.of("when", new Object())));
        assertTrue(e.getMessage().contains("a string, a number, a boolean"), e.getMessage());
        assertEquals(0, emu.requestCount("POST", "/api/2.0/sql/statements/"));
    }
}
