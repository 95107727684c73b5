package io.jenkins.plugins.databricks.emulator.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.databricks.emulator.server.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the engine's answers become in Databricks' terms: column types ({@code type_name}, {@code type_text}),
 * JSON_ARRAY values, chunks, and failures with Databricks' error classes.
 */
final class SqlResults {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private SqlResults() {
    }

    static SqlEngine.Column column(String name, int position, String engineType) {
        String t = engineType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            Matcher d = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)").matcher(t);
            int p = d.matches() ? Integer.parseInt(d.group(1)) : 18;
            int s = d.matches() ? Integer.parseInt(d.group(2)) : 3;
            return new SqlEngine.Column(name, position, "DECIMAL", "DECIMAL(" + p + "," + s + ")", p, s);
        }
        if (t.endsWith("[]")) {
            return new SqlEngine.Column(name, position, "ARRAY", "ARRAY<" + column("", 0, t.substring(0, t.length() - 2))
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
        return new SqlEngine.Column(name, position, kind[0], kind[1], null, null);
    }

    /** JSON_ARRAY values are strings: numbers as written, booleans true/false, dates ISO, timestamps ISO in UTC. */
    static String value(ResultSet rs, int i, int jdbcType) throws SQLException {
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
    static SqlFailure translate(SQLException e, Set<String> reserved, String renamedSuffix) {
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith("INTERRUPT Error")) {
            throw new SqlEngine.Cancelled();
        }
        String first = msg.split("\n", 2)[0].trim();
        for (String r : reserved) {
            first = first.replace(r + renamedSuffix, r);
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

    /** Builds one chunk's {@code data_array} as JSON bytes. */
    static final class ChunkWriter {
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

        SqlEngine.Chunk finish(int index, long rowOffset) {
            try {
                g.writeEndArray();
                g.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] data = out.toByteArray();
            return new SqlEngine.Chunk(index, rowOffset, rows, data.length, data);
        }
    }
}
