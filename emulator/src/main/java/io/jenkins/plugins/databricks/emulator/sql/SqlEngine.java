package io.jenkins.plugins.databricks.emulator.sql;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * The SQL engine behind the emulator's warehouses: DuckDB, in memory, opened on the first statement. Databricks
 * catalogs are DuckDB catalogs (each with a {@code default} schema), so {@code main.default.orders} works as
 * written; names DuckDB reserves ({@code main}, {@code system}, {@code temp}, {@code memory}) are renamed in the
 * text and back in error messages. Results are kept as JSON_ARRAY chunks, already encoded, so a million rows cost
 * their bytes and not a million objects.
 */
final class SqlEngine implements AutoCloseable {
    /** A parameter as the API takes it: {@code type} null is STRING. */
    record Param(String name, String value, String type) {}

    record Column(String name, int position, String typeName, String typeText, Integer precision, Integer scale) {}

    record Chunk(int index, long rowOffset, int rowCount, long byteCount, byte[] dataArray) {}

    record Result(List<Column> columns, List<Chunk> chunks, long totalRows, long totalBytes, boolean truncated) {}

    static final String DEFAULT_CATALOG = "main";
    static final String DEFAULT_SCHEMA = "default";
    private static final Set<String> RESERVED = Set.of("main", "system", "temp", "memory");
    private static final String RENAMED_SUFFIX = "__uc";
    private static final Pattern CREATE_CATALOG =
            Pattern.compile("(?is)\\s*CREATE\\s+CATALOG\\s+(IF\\s+NOT\\s+EXISTS\\s+)?([`\"]?)(\\w+)\\2\\s*;?\\s*");
    private static final Pattern USE_CATALOG = Pattern.compile("(?is)\\s*USE\\s+CATALOG\\s+([`\"]?)(\\w+)\\1\\s*;?\\s*");
    private static final Pattern TYPE = Pattern.compile("(?i)(STRING|BIGINT|BINARY|BOOLEAN|DATE|DOUBLE|FLOAT|INT|"
            + "INTEGER|SMALLINT|TINYINT|TIMESTAMP|TIMESTAMP_NTZ|VOID|INTERVAL( [A-Z ]+)?|DECIMAL(\\(\\d{1,2}(,\\s*\\d{1,2})?\\))?)");

    private final int chunkRows;
    private final int chunkBytes;
    private final Set<String> catalogs = ConcurrentHashMap.newKeySet();
    private Connection root;

    SqlEngine(int chunkRows, int chunkBytes) {
        this.chunkRows = chunkRows;
        this.chunkBytes = chunkBytes;
    }

    /** Checks a parameter's type as the API does, before anything runs; answers the engine's type. */
    static String engineType(Param p) {
        if (p.type() == null || p.type().isBlank()) {
            return null;
        }
        String t = p.type().trim();
        if (!TYPE.matcher(t).matches()) {
            throw ApiException.invalidParameter("parameters: '" + p.type() + "' of parameter '" + p.name()
                    + "' is not a type; use STRING, BIGINT, INT, SMALLINT, TINYINT, DOUBLE, FLOAT, DECIMAL(p,s), "
                    + "BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_NTZ, BINARY, INTERVAL or VOID");
        }
        String upper = t.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "STRING" -> "VARCHAR";
            case "TIMESTAMP_NTZ" -> "TIMESTAMP";
            case "BINARY" -> "BLOB";
            case "VOID" -> "VARCHAR";
            default -> upper.startsWith("INTERVAL") ? "INTERVAL" : upper;
        };
    }

    private synchronized Connection root() throws SQLException {
        if (root == null) {
            Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
            root = c;
            createCatalog(DEFAULT_CATALOG, false);
            createCatalog("hive_metastore", false);
        }
        return root;
    }

    private String engineCatalog(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return RESERVED.contains(lower) ? lower + RENAMED_SUFFIX : lower;
    }

    private void createCatalog(String name, boolean ifNotExists) throws SQLException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (catalogs.contains(lower)) {
            if (ifNotExists) {
                return;
            }
            throw new SqlFailure("CATALOG_ALREADY_EXISTS", "42P04", "Cannot create catalog `" + lower
                    + "` because it already exists.");
        }
        try (Statement s = root.createStatement()) {
            s.execute("ATTACH ':memory:' AS \"" + engineCatalog(lower) + "\"");
            s.execute("CREATE SCHEMA \"" + engineCatalog(lower) + "\".\"" + DEFAULT_SCHEMA + "\"");
        }
        catalogs.add(lower);
    }

    /**
     * Runs one statement to the end (or until {@code started}'s statement is cancelled).
     *
     * @param started receives the engine statement as soon as it exists, so it can be cancelled
     * @throws SqlFailure when the statement fails; {@link Cancelled} when it was cancelled
     */
    Result run(String text, String catalog, String schema, List<Param> params, long rowLimit, long byteLimit,
            Consumer<Statement> started) {
        try {
            root();
            Matcher create = CREATE_CATALOG.matcher(text);
            if (create.matches()) {
                createCatalog(create.group(3), create.group(1) != null);
                return new Result(List.of(), List.of(), 0, 0, false);
            }
            Map<String, String> types = new LinkedHashMap<>();
            Map<String, String> values = new LinkedHashMap<>();
            for (Param p : params) {
                types.put(p.name(), engineType(p));
                values.put(p.name(), p.value());
            }
            Matcher use = USE_CATALOG.matcher(text);
            String sql = use.matches() ? "USE " + use.group(2) + "." + DEFAULT_SCHEMA : text;
            SqlText.Prepared prepared = SqlText.prepare(sql, types, this::engineCatalog);
            try (Connection c = root.unwrap(DuckDBConnection.class).duplicate()) {
                use(c, catalog, schema);
                try (PreparedStatement s = c.prepareStatement(prepared.sql())) {
                    started.accept(s);
                    int i = 1;
                    for (String name : prepared.bindOrder()) {
                        s.setString(i++, values.get(name));
                    }
                    if (s.execute()) {
                        try (ResultSet rs = s.getResultSet()) {
                            return read(rs, rowLimit, byteLimit);
                        }
                    }
                    return affected(s.getUpdateCount());
                }
            }
        } catch (SQLException e) {
            throw SqlResults.translate(e, RESERVED, RENAMED_SUFFIX);
        }
    }

    private void use(Connection c, String catalog, String schema) throws SQLException {
        String cat = catalog == null || catalog.isBlank() ? DEFAULT_CATALOG : catalog.toLowerCase(Locale.ROOT);
        String sch = schema == null || schema.isBlank() ? DEFAULT_SCHEMA : schema;
        if (!catalogs.contains(cat)) {
            throw new SqlFailure("NO_SUCH_CATALOG_EXCEPTION", "42704", "Catalog '" + cat + "' was not found. Please "
                    + "verify the catalog name and then retry the query or command again.");
        }
        try (Statement s = c.createStatement()) {
            s.execute("USE \"" + engineCatalog(cat) + "\".\"" + sch.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            throw new SqlFailure("SCHEMA_NOT_FOUND", "42704", "The schema `" + cat + "`.`" + sch + "` cannot be "
                    + "found. Verify the spelling and correctness of the schema and catalog.");
        }
    }

    private static Result affected(int count) {
        if (count < 0) {
            return new Result(List.of(), List.of(), 0, 0, false);
        }
        byte[] data = ("[[\"" + count + "\"]]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new Result(List.of(new Column("num_affected_rows", 0, "LONG", "BIGINT", null, null)),
                List.of(new Chunk(0, 0, 1, data.length, data)), 1, data.length, false);
    }

    private Result read(ResultSet rs, long rowLimit, long byteLimit) throws SQLException {
        ResultSetMetaData m = rs.getMetaData();
        int n = m.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        int[] jdbcTypes = new int[n];
        String[] engineTypes = new String[n];
        for (int i = 0; i < n; i++) {
            engineTypes[i] = m.getColumnTypeName(i + 1);
            jdbcTypes[i] = m.getColumnType(i + 1);
            columns.add(SqlResults.column(m.getColumnLabel(i + 1), i, engineTypes[i]));
        }
        List<Chunk> chunks = new ArrayList<>();
        SqlResults.ChunkWriter w = new SqlResults.ChunkWriter();
        long rows = 0;
        long bytes = 0;
        boolean truncated = false;
        String[] row = new String[n];
        while (rs.next()) {
            if (rowLimit > 0 && rows >= rowLimit) {
                truncated = true;
                break;
            }
            long rowBytes = 0;
            for (int i = 0; i < n; i++) {
                row[i] = SqlResults.value(rs, i + 1, jdbcTypes[i]);
                rowBytes += row[i] == null ? 4 : row[i].length() + 2;
            }
            if (byteLimit > 0 && bytes + rowBytes > byteLimit) {
                truncated = true;
                break;
            }
            if (w.rows >= chunkRows || w.size() >= chunkBytes) {
                chunks.add(w.finish(chunks.size(), rows - w.rows));
                w = new SqlResults.ChunkWriter();
            }
            w.write(row);
            rows++;
            bytes += rowBytes;
        }
        if (w.rows > 0 || chunks.isEmpty()) {
            chunks.add(w.finish(chunks.size(), rows - w.rows));
        }
        return new Result(columns, chunks, rows, bytes, truncated);
    }

    /** The statement was cancelled while it ran. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** Drops every catalog and table. */
    synchronized void reset() {
        close();
    }

    @Override
    public synchronized void close() {
        if (root != null) {
            try {
                root.close();
            } catch (SQLException e) {
                // closing an in-memory database; nothing to keep
            }
            root = null;
            catalogs.clear();
        }
    }
}
