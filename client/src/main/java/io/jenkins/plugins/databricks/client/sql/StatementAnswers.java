package io.jenkins.plugins.databricks.client.sql;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Json;
import io.jenkins.plugins.databricks.client.sql.Statements.RowSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reading the Statement Execution API's answers: a statement (status, manifest, the inline first chunk) as a
 * {@link StatementState}, whether collected or streamed, and a chunk's {@code data_array} row by row into a
 * {@link RowSink}, holding one row at a time.
 */
public final class StatementAnswers {
    private StatementAnswers() {
    }

    @SuppressWarnings("unchecked")
    public static StatementState fromAnswer(Object answer, int keepRows) {
        Map<String, Object> m = Checks.map(answer, "sql/statements");
        Object id = m.get("statement_id");
        if (!(id instanceof String)) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", "the statement answer has no statement_id");
        }
        List<List<String>> first = new ArrayList<>();
        boolean complete = false;
        Object result = m.get("result");
        if (result instanceof Map && ((Map<String, Object>) result).get("data_array") instanceof List) {
            List<Object> data = (List<Object>) ((Map<String, Object>) result).get("data_array");
            for (Object row : data) {
                if (first.size() == keepRows) {
                    break;
                }
                List<String> values = new ArrayList<>();
                if (row instanceof List) {
                    for (Object v : (List<Object>) row) {
                        values.add(v == null ? null : String.valueOf(v));
                    }
                }
                first.add(Collections.unmodifiableList(values));
            }
            complete = first.size() == data.size();
        }
        return state((String) id, asMap(m.get("status")), asMap(m.get("manifest")), first, complete);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    /** Reads a {@code data_array} into the sink; the parser ends on the array's end. */
    static long rows(JsonParser p, RowSink sink, long max) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(p, "data_array is not a list");
        }
        long n = 0;
        String[] row = new String[8];
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_ARRAY) {
                throw new JsonParseException(p, "a row of data_array is not a list");
            }
            int width = 0;
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                if (width == row.length) {
                    row = Arrays.copyOf(row, width * 2);
                }
                row[width++] = v == JsonToken.VALUE_NULL ? null : p.getText();
            }
            if (n < max) {
                try {
                    sink.row(width == row.length ? row.clone() : Arrays.copyOf(row, width));
                } catch (IOException e) {
                    throw new SinkFailure(e);
                }
                n++;
            }
        }
        return n;
    }

    /** A local write failed: not a broken answer to retry. */
    static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Parses a statement answer, keeping at most {@code keepRows} of its inline rows. */
    @SuppressWarnings("unchecked")
    static StatementState read(JsonParser p, int keepRows) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(p, "expected a JSON object");
        }
        String id = null;
        Map<String, Object> status = Map.of();
        Map<String, Object> manifest = Map.of();
        List<List<String>> first = new ArrayList<>();
        boolean complete = false;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            p.nextToken();
            switch (f) {
                case "statement_id" -> id = p.getValueAsString();
                case "status" -> status = p.currentToken() == JsonToken.START_OBJECT
                        ? (Map<String, Object>) Json.value(p) : Map.of();
                case "manifest" -> manifest = p.currentToken() == JsonToken.START_OBJECT
                        ? (Map<String, Object>) Json.value(p) : Map.of();
                case "result" -> complete = result(p, first, keepRows);
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw new JsonParseException(p, "the statement answer has no statement_id");
        }
        return state(id, status, manifest, first, complete);
    }

    @SuppressWarnings("unchecked")
    private static StatementState state(String id, Map<String, Object> status, Map<String, Object> manifest,
            List<List<String>> first, boolean complete) {
        Map<String, Object> err = asMap(status.get("error"));
        List<StatementState.Column> columns = new ArrayList<>();
        Object cols = asMap(manifest.get("schema")).get("columns");
        if (cols instanceof List) {
            for (Object c : (List<Object>) cols) {
                Map<String, Object> col = asMap(c);
                columns.add(new StatementState.Column(String.valueOf(col.get("name")),
                        String.valueOf(col.get("type_name")), String.valueOf(col.get("type_text"))));
            }
        }
        return new StatementState(id, String.valueOf(status.get("state")),
                err.get("error_code") == null ? null : String.valueOf(err.get("error_code")),
                err.get("message") == null ? null : String.valueOf(err.get("message")), columns,
                number(manifest.get("total_row_count")), (int) number(manifest.get("total_chunk_count")),
                Boolean.TRUE.equals(manifest.get("truncated")), first, complete);
    }

    /** The inline first chunk: keeps up to {@code keep} rows; true when it kept them all. */
    private static boolean result(JsonParser p, List<List<String>> keep, int max) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return false;
        }
        boolean complete = false;
        for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            p.nextToken();
            if (f.equals("data_array") && p.currentToken() == JsonToken.START_ARRAY) {
                ListSink sink = new ListSink(keep, max);
                long seen = rowsCounted(p, sink);
                complete = seen == keep.size();
            } else {
                p.skipChildren();
            }
        }
        return complete;
    }

    private static long rowsCounted(JsonParser p, ListSink sink) throws IOException {
        long[] all = {0};
        RowSink counting = new RowSink() {
            @Override
            public void row(String[] values) throws IOException {
                all[0]++;
                sink.row(values);
            }

            @Override
            public long mark() {
                return 0;
            }

            @Override
            public void reset(long mark) {
            }
        };
        rows(p, counting, Long.MAX_VALUE);
        return all[0];
    }

    private static long number(Object o) {
        return o instanceof Number ? ((Number) o).longValue() : 0;
    }

    /** Rows into a list, at most {@code max}. */
    static final class ListSink implements RowSink {
        private final List<List<String>> rows;
        private final int max;

        ListSink(List<List<String>> rows, int max) {
            this.rows = rows;
            this.max = max;
        }

        @Override
        public void row(String[] values) {
            if (rows.size() < max) {
                rows.add(Collections.unmodifiableList(Arrays.asList(values)));
            }
        }

        @Override
        public long mark() {
            return rows.size();
        }

        @Override
        public void reset(long mark) {
            rows.subList((int) mark, rows.size()).clear();
        }
    }
}
