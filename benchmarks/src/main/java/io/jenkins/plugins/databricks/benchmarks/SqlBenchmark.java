package io.jenkins.plugins.databricks.benchmarks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.sql.ColumnInfo;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ResultData;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.jenkins.plugins.databricks.benchmarks.TransferBenchmark.Variant;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.sql.RowFile;
import io.jenkins.plugins.databricks.client.sql.SqlValues;
import io.jenkins.plugins.databricks.client.sql.StatementRequest;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * SQL results: a 1,000,000-row, 5-column result fetched and written to a CSV file, by our client
 * ({@code statements().execute}, {@code await}, {@code readAll} into a {@link RowFile}) and by the Databricks SDK for
 * Java ({@code statementExecution().executeStatement}, {@code getStatement} until it ends, then
 * {@code getStatementResultChunkN} for every further chunk, rows into the same {@link RowFile}, so only fetching and
 * parsing differ); and a one-row statement end to end, rows typed for Pipeline on our side. The emulator runs the
 * statement on DuckDB in both cases, in the same run, variants taking turns. Then, apart, the heap our side needs
 * to fetch and write the million rows, measured after the statement has run (the emulator's copy of the result is
 * in the baseline, not in our figure).
 */
final class SqlBenchmark {
    static final long ROWS = 1_000_000;
    private static final String BIG = "SELECT id, name, amount, flag, day FROM main.default.bench ORDER BY id";

    record Result(double clientMs, double sdkMs, double clientPeakHeapMb, double clientSmallMs, double sdkSmallMs) {
        double vsSdk() {
            return sdkMs / clientMs;
        }

        double smallVsSdk() {
            return sdkSmallMs / clientSmallMs;
        }
    }

    private final int rounds;
    private final int smallRounds;

    SqlBenchmark(int rounds, int smallRounds) {
        this.rounds = rounds;
        this.smallRounds = smallRounds;
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory("databricks-sql-bench");
        try (DatabricksEmulator emulator = DatabricksEmulator.builder().token(Workspaces.TOKEN)
                .warehouseStartDuration(Duration.ZERO).start()) {
            emulator.sql().execute("CREATE TABLE main.default.bench AS SELECT i AS id, 'customer-' || i AS name, "
                    + "i * 0.25 AS amount, i % 2 = 0 AS flag, DATE '2026-01-01' + (i % 365)::INT AS day "
                    + "FROM range(" + ROWS + ") t(i)");
            String warehouse = emulator.sql().warehouses().create("bench");
            String url = emulator.baseUrl();
            DatabricksClient client = DatabricksClient.builder().host(url).token(Workspaces.TOKEN)
                    .rateLimit(Limits.UNLIMITED).build();
            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(url).setToken(Workspaces.TOKEN)
                    .setAuthType("pat"));
            Path ours = dir.resolve("client.csv");
            Path theirs = dir.resolve("sdk.csv");
            Variant clientBig = () -> clientToFile(client, warehouse, BIG, ours);
            Variant sdkBig = () -> sdkToFile(sdk, warehouse, BIG, theirs);
            Variant check = () -> {
                for (Path p : List.of(ours, theirs)) {
                    if (Files.exists(p)) {
                        long lines;
                        try (var s = Files.lines(p)) {
                            lines = s.count();
                        }
                        if (lines != ROWS + 1) {
                            throw new IllegalStateException(p.getFileName() + " has " + lines + " lines, not "
                                    + (ROWS + 1));
                        }
                        Files.delete(p);
                    }
                }
                emulator.sql().closeEndedStatements();
            };
            double[] big = TransferBenchmark.rounds(List.of(clientBig, sdkBig), rounds, check);

            // the heap of fetching and writing alone: the statement has run, its result is the emulator's baseline
            var done = client.statements().await(client.statements().execute(StatementRequest.builder(warehouse, BIG)
                    .waitTimeout(Duration.ofSeconds(50)).build(), 0), Duration.ofMinutes(5), null, 0);
            double heap = TransferBenchmark.livePeakMb(() -> {
                try (RowFile f = RowFile.create(ours, RowFile.Format.CSV, done.columns())) {
                    client.statements().readAll(done, f);
                }
            });
            check.run();

            String small = "SELECT 1 AS one, 'x' AS s";
            Variant clientSmall = () -> {
                var s = client.statements().execute(StatementRequest.builder(warehouse, small)
                        .waitTimeout(Duration.ofSeconds(10)).build(), 1000);
                s = client.statements().await(s, Duration.ofMinutes(1), null, 1000);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (List<String> r : client.statements().firstRows(s, 1000)) {
                    rows.add(SqlValues.row(s.columns(), r));
                }
                Blackhole.consume(rows);
            };
            Variant sdkSmall = () -> {
                StatementResponse r = sdkAwait(sdk, sdk.statementExecution().executeStatement(
                        new ExecuteStatementRequest().setWarehouseId(warehouse).setStatement(small)
                                .setWaitTimeout("10s")));
                Blackhole.consume(r.getResult().getDataArray());
            };
            double[] one = TransferBenchmark.rounds(List.of(clientSmall, sdkSmall), smallRounds,
                    emulator.sql()::closeEndedStatements);
            return new Result(big[0], big[1], heap, one[0], one[1]);
        } finally {
            TransferBenchmark.deleteTree(dir);
        }
    }

    private static void clientToFile(DatabricksClient client, String warehouse, String sql, Path file)
            throws Exception {
        var first = client.statements().execute(StatementRequest.builder(warehouse, sql)
                .waitTimeout(Duration.ofSeconds(50)).build(), 0);
        var done = client.statements().await(first, Duration.ofMinutes(5), null, 0);
        try (RowFile f = RowFile.create(file, RowFile.Format.CSV, done.columns())) {
            client.statements().readAll(done, f);
        }
    }

    private static void sdkToFile(WorkspaceClient sdk, String warehouse, String sql, Path file) throws Exception {
        StatementResponse r = sdkAwait(sdk, sdk.statementExecution().executeStatement(new ExecuteStatementRequest()
                .setWarehouseId(warehouse).setStatement(sql).setWaitTimeout("50s")));
        List<io.jenkins.plugins.databricks.client.sql.StatementState.Column> cols = new ArrayList<>();
        for (ColumnInfo c : r.getManifest().getSchema().getColumns()) {
            cols.add(new io.jenkins.plugins.databricks.client.sql.StatementState.Column(c.getName(),
                    String.valueOf(c.getTypeName()), c.getTypeText()));
        }
        try (RowFile f = RowFile.create(file, RowFile.Format.CSV, cols)) {
            ResultData chunk = r.getResult();
            while (true) {
                for (Collection<String> row : chunk.getDataArray()) {
                    f.row(row.toArray(new String[0]));
                }
                if (chunk.getNextChunkIndex() == null) {
                    break;
                }
                chunk = sdk.statementExecution().getStatementResultChunkN(r.getStatementId(),
                        chunk.getNextChunkIndex());
            }
        }
    }

    private static StatementResponse sdkAwait(WorkspaceClient sdk, StatementResponse r) throws InterruptedException {
        while (r.getStatus().getState() == StatementState.PENDING || r.getStatus().getState() == StatementState.RUNNING) {
            Thread.sleep(100);
            r = sdk.statementExecution().getStatement(r.getStatementId());
        }
        if (r.getStatus().getState() != StatementState.SUCCEEDED) {
            throw new IllegalStateException("statement " + r.getStatus().getState() + ": " + r.getStatus().getError());
        }
        return r;
    }
}
