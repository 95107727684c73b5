package io.jenkins.plugins.databricks.client.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Result values typed by the manifest, as a Pipeline script wants them: whole numbers as Integer or Long, DOUBLE
 * and FLOAT as Double, DECIMAL as BigDecimal, BOOLEAN as Boolean; DATE and TIMESTAMP stay ISO strings (as the API
 * sends them), and so does everything else.
 */
public final class SqlValues {
    private SqlValues() {
    }

    /**
     * @param text the value as the API sends it, or null
     * @param typeName the column's {@code type_name}
     * @return the typed value (text that does not parse as its type stays text)
     */
    public static Object typed(String text, String typeName) {
        if (text == null) {
            return null;
        }
        try {
            switch (typeName == null ? "" : typeName) {
                case "BYTE":
                case "SHORT":
                case "INT":
                    return Integer.valueOf(text);
                case "LONG":
                    return Long.valueOf(text);
                case "FLOAT":
                case "DOUBLE":
                    return Double.valueOf(text);
                case "DECIMAL":
                    return new BigDecimal(text);
                case "BOOLEAN":
                    return Boolean.valueOf(text);
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** One row as a map from column name to typed value, in column order. */
    public static Map<String, Object> row(List<StatementState.Column> columns, List<String> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size() && i < values.size(); i++) {
            m.put(columns.get(i).name(), typed(values.get(i), columns.get(i).typeName()));
        }
        return m;
    }

    /** {@code [[name:, type:], ...]}: the type is {@code type_text} (BIGINT, DECIMAL(10,2), STRING, ...). */
    public static List<Map<String, Object>> columns(List<StatementState.Column> columns) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StatementState.Column c : columns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("type", c.typeText());
            out.add(m);
        }
        return out;
    }

    /**
     * A statement's answer as a Pipeline step returns it: {@code columns} ({@link #columns}), {@code rows} (maps of
     * typed values), {@code row_count} (every row of the result, not only those returned), {@code truncated}
     * (fewer rows returned than the result has, or the workspace cut the result) and {@code statement_id}.
     *
     * @param done a SUCCEEDED statement
     * @param rows its first rows, as many as are to be returned
     */
    public static Map<String, Object> answer(StatementState done, List<List<String>> rows) {
        List<Map<String, Object>> typed = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            typed.add(row(done.columns(), r));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("columns", columns(done.columns()));
        m.put("rows", typed);
        m.put("row_count", done.totalRowCount());
        m.put("truncated", done.truncated() || done.totalRowCount() > rows.size());
        m.put("statement_id", done.statementId());
        return m;
    }
}
