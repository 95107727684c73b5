package io.jenkins.plugins.databricks.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
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
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

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
            throw translate(e);
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
            columns.add(column(m.getColumnLabel(i + 1), i, engineTypes[i]));
        }
        List<Chunk> chunks = new ArrayList<>();
        ChunkWriter w = new ChunkWriter();
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
                row[i] = value(rs, i + 1, jdbcTypes[i], engineTypes[i]);
                rowBytes += row[i] == null ? 4 : row[i].length() + 2;
            }
            if (byteLimit > 0 && bytes + rowBytes > byteLimit) {
                truncated = true;
                break;
            }
            if (w.rows >= chunkRows || w.size() >= chunkBytes) {
                chunks.add(w.finish(chunks.size(), rows - w.rows));
                w = new ChunkWriter();
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

    private static Column column(String name, int position, String engineType) {
        String t = engineType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            Matcher d = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)").matcher(t);
            int p = d.matches() ? Integer.parseInt(d.group(1)) : 18;
            int s = d.matches() ? Integer.parseInt(d.group(2)) : 3;
            return new Column(name, position, "DECIMAL", "DECIMAL(" + p + "," + s + ")", p, s);
        }
        if (t.endsWith("[]")) {
            return new Column(name, position, "ARRAY", "ARRAY<" + column("", 0, t.substring(0, t.length() - 2))
                    .typeText() + ">", null, null);
        }
        String[] kind = switch (t) {
            case "BOOLEAN" -> new String[] {"BOOLEAN", "BOOLEAN"};
            case "TINYINT" -> new String[] {"BYTE", "TINYINT"};
            case "SMALLINT", "UTINYINT" -> new String[] {"SHORT", "SMALLINT"};
            case "INTEGER", "USMALLINT" -> new String[] {"INT", "INT"};
            case "BIGINT", "UINTEGER" -> new String[] {"LONG", "BIGINT"};
            case "HUGEINT", "UBIGINT", "UHUGEINT" -> new String[] {"DECIMAL", "DECIMAL(38,0)"};
            case "FLOAT" -> new String[] {"FLOAT", "FLOAT"};
            case "DOUBLE" -> new String[] {"DOUBLE", "DOUBLE"};
            case "DATE" -> new String[] {"DATE", "DATE"};
            case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP_NS" ->
                    new String[] {"TIMESTAMP", "TIMESTAMP"};
            case "BLOB" -> new String[] {"BINARY", "BINARY"};
            case "INTERVAL" -> new String[] {"INTERVAL", "INTERVAL"};
            case "\"NULL\"", "NULL" -> new String[] {"NULL", "VOID"};
            default -> t.startsWith("STRUCT") ? new String[] {"STRUCT", "STRUCT"}
                    : t.startsWith("MAP") ? new String[] {"MAP", "MAP"} : new String[] {"STRING", "STRING"};
        };
        return new Column(name, position, kind[0], kind[1], null, null);
    }

    /** JSON_ARRAY values are strings: numbers as written, booleans true/false, dates ISO, timestamps ISO in UTC. */
    private static String value(ResultSet rs, int i, int jdbcType, String engineType) throws SQLException {
        switch (jdbcType) {
            case Types.BOOLEAN: {
                boolean b = rs.getBoolean(i);
                return rs.wasNull() ? null : Boolean.toString(b);
            }
            case Types.DECIMAL:
            case Types.NUMERIC: {
                java.math.BigDecimal d = rs.getBigDecimal(i);
                return d == null ? null : d.toPlainString();
            }
            case Types.TIMESTAMP: {
                LocalDateTime t = rs.getObject(i, LocalDateTime.class);
                return t == null ? null : TIMESTAMP.format(t);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
                return t == null ? null : TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC));
            }
            case Types.BLOB:
            case Types.BINARY:
            case Types.VARBINARY: {
                byte[] b = rs.getBytes(i);
                return b == null ? null : Base64.getEncoder().encodeToString(b);
            }
            default:
                return rs.getString(i);
        }
    }

    /** Failure in Databricks' words; the engine's own names of renamed catalogs are turned back. */
    private SqlFailure translate(SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith("INTERRUPT Error")) {
            throw new Cancelled();
        }
        String first = msg.split("\n", 2)[0].trim();
        for (String r : RESERVED) {
            first = first.replace(r + RENAMED_SUFFIX, r);
        }
        Matcher m;
        if ((m = Pattern.compile("Parser Error: syntax error at or near \"?([^\"]*)\"?").matcher(first)).find()) {
            return new SqlFailure("PARSE_SYNTAX_ERROR", "42601", "Syntax error at or near '" + m.group(1) + "'.");
        }
        if (first.startsWith("Parser Error: syntax error at end of input")) {
            return new SqlFailure("PARSE_SYNTAX_ERROR", "42601", "Syntax error at or near end of input.");
        }
        if ((m = Pattern.compile("Table with name (\\S+) does not exist").matcher(first)).find()) {
            return new SqlFailure("TABLE_OR_VIEW_NOT_FOUND", "42P01", "The table or view `" + m.group(1)
                    + "` cannot be found. Verify the spelling and correctness of the schema and catalog.");
        }
        if ((m = Pattern.compile("Referenced column \"?([^\"\\s]+)\"? not found").matcher(first)).find()) {
            return new SqlFailure("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "42703", "A column, variable, or "
                    + "function parameter with name `" + m.group(1) + "` cannot be resolved.");
        }
        if ((m = Pattern.compile("Table with name \"?([^\"\\s]+)\"? already exists").matcher(first)).find()) {
            return new SqlFailure("TABLE_OR_VIEW_ALREADY_EXISTS", "42P07", "Cannot create table or view `"
                    + m.group(1) + "` because it already exists.");
        }
        if ((m = Pattern.compile("Catalog \"?([^\"\\s!]+)\"? does not exist").matcher(first)).find()) {
            return new SqlFailure("NO_SUCH_CATALOG_EXCEPTION", "42704", "Catalog '" + m.group(1)
                    + "' was not found.");
        }
        if ((m = Pattern.compile("Schema with name \"?([^\"\\s!]+)\"? does not exist").matcher(first)).find()) {
            return new SqlFailure("SCHEMA_NOT_FOUND", "42704", "The schema `" + m.group(1) + "` cannot be found.");
        }
        if (first.startsWith("Conversion Error")) {
            return new SqlFailure("CAST_INVALID_INPUT", "22018", first.substring("Conversion Error:".length()).trim());
        }
        if (first.contains("Function with name") && first.contains("does not exist")) {
            return new SqlFailure("UNRESOLVED_ROUTINE", "42883", first.replaceFirst("^[A-Za-z ]+Error: ", ""));
        }
        return new SqlFailure("EMULATOR_ENGINE_ERROR", "XX000", first);
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

    /** Builds one chunk's {@code data_array} as JSON bytes. */
    private static final class ChunkWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        private final JsonGenerator g;
        int rows;

        ChunkWriter() {
            try {
                g = Json.MAPPER.getFactory().createGenerator(out);
                g.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void write(String[] row) {
            try {
                g.writeStartArray();
                for (String v : row) {
                    g.writeString(v);
                }
                g.writeEndArray();
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long size() {
            return out.size();
        }

        Chunk finish(int index, long rowOffset) {
            try {
                g.writeEndArray();
                g.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] data = out.toByteArray();
            return new Chunk(index, rowOffset, rows, data.length, data);
        }
    }
}
