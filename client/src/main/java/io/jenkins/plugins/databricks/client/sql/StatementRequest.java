package io.jenkins.plugins.databricks.client.sql;

import io.jenkins.plugins.databricks.client.core.Checks;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One statement for the Statement Execution API ({@code POST /api/2.0/sql/statements}), checked when built.
 * Parameters are always sent as named parameters ({@code :name} in the text), never spliced into it: a value
 * holding quotes or semicolons stays a value. Results come INLINE as JSON_ARRAY.
 */
public final class StatementRequest {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    private final Map<String, Object> body;

    private StatementRequest(Map<String, Object> body) {
        this.body = body;
    }

    /**
     * @param warehouseId the SQL warehouse's id
     * @param statement one SQL statement
     * @return a builder
     */
    public static Builder builder(String warehouseId, String statement) {
        return new Builder(warehouseId, statement);
    }

    /** @return the request body (a copy) */
    public Map<String, Object> toBody() {
        return new LinkedHashMap<>(body);
    }

    /**
     * Checks parameters before anything is sent.
     *
     * @throws IllegalArgumentException naming the first parameter that has a bad name or a value of no SQL type
     */
    public static void checkParameters(Map<String, ?> values) {
        if (values != null) {
            values.forEach(StatementRequest::parameter);
        }
    }

    /**
     * A parameter as the API takes it: text {@code value} (absent for null) and a {@code type} that says how to
     * read it. Java values pick their type: Integer INT, Long/BigInteger BIGINT, BigDecimal DECIMAL(p,s),
     * Double/Float DOUBLE, Boolean BOOLEAN, LocalDate DATE, a String (or GString) STRING.
     *
     * @throws IllegalArgumentException naming the parameter and the accepted kinds of value
     */
    static Map<String, Object> parameter(String name, Object value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameters: '" + name + "' is not a parameter name; use letters, "
                    + "digits and _ (not first a digit), as in :min_rows");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        if (value == null) {
            p.put("type", "VOID");
            return p;
        }
        String type;
        String text;
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            type = "INT";
            text = value.toString();
        } else if (value instanceof Long || value instanceof BigInteger) {
            type = "BIGINT";
            text = value.toString();
        } else if (value instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) value;
            int scale = Math.max(0, d.scale());
            int precision = Math.max(d.precision(), scale + 1);
            if (precision > 38) {
                throw new IllegalArgumentException("parameters: " + name + " has more than 38 digits; pass it as a "
                        + "string and CAST it in SQL");
            }
            type = "DECIMAL(" + precision + "," + scale + ")";
            text = d.setScale(scale).toPlainString();
        } else if (value instanceof Double || value instanceof Float) {
            double v = ((Number) value).doubleValue();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("parameters: " + name + " is " + v + "; pass a finite number");
            }
            type = "DOUBLE";
            text = value.toString();
        } else if (value instanceof Boolean) {
            type = "BOOLEAN";
            text = value.toString();
        } else if (value instanceof LocalDate) {
            type = "DATE";
            text = value.toString();
        } else if (value instanceof CharSequence) {
            type = null;
            text = value.toString();
        } else {
            throw new IllegalArgumentException("parameters: " + name + " is a " + value.getClass().getSimpleName()
                    + "; a parameter's value is a string, a number, a boolean, a LocalDate or null");
        }
        p.put("value", text);
        if (type != null) {
            p.put("type", type);
        }
        return p;
    }

    /** Builds a {@link StatementRequest}. */
    public static final class Builder {
        private final String warehouseId;
        private final String statement;
        private String catalog;
        private String schema;
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private long rowLimit;
        private Duration waitTimeout = Duration.ZERO;

        private Builder(String warehouseId, String statement) {
            this.warehouseId = Checks.id(warehouseId, "warehouse", "1234567890abcdef");
            this.statement = Checks.notBlank(statement, "statement", "one SQL statement");
        }

        public Builder catalog(String catalog) {
            this.catalog = catalog == null || catalog.isBlank() ? null : catalog;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema == null || schema.isBlank() ? null : schema;
            return this;
        }

        /** Named parameters; see {@link StatementRequest#parameter} for the types values get. */
        public Builder parameters(Map<String, ?> values) {
            if (values != null) {
                values.forEach((k, v) -> {
                    parameter(k, v);
                    parameters.put(k, v);
                });
            }
            return this;
        }

        /** At most this many rows in the result (0: no limit); the manifest says {@code truncated}. */
        public Builder rowLimit(long rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("rowLimit must be 0 (no limit) or positive, got " + rows);
            }
            this.rowLimit = rows;
            return this;
        }

        /** How long the POST itself waits for the result: 0 (answer at once) or 5 to 50 seconds. */
        public Builder waitTimeout(Duration wait) {
            long s = wait == null ? -1 : wait.getSeconds();
            if (wait == null || wait.getNano() != 0 || s != 0 && (s < 5 || s > 50)) {
                throw new IllegalArgumentException("waitTimeout must be 0 or 5 to 50 whole seconds, got " + wait);
            }
            this.waitTimeout = wait;
            return this;
        }

        public StatementRequest build() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("warehouse_id", warehouseId);
            b.put("statement", statement);
            if (catalog != null) {
                b.put("catalog", catalog);
            }
            if (schema != null) {
                b.put("schema", schema);
            }
            if (!parameters.isEmpty()) {
                List<Map<String, Object>> ps = new ArrayList<>();
                parameters.forEach((k, v) -> ps.add(parameter(k, v)));
                b.put("parameters", ps);
            }
            b.put("disposition", "INLINE");
            b.put("format", "JSON_ARRAY");
            b.put("wait_timeout", waitTimeout.getSeconds() + "s");
            b.put("on_wait_timeout", "CONTINUE");
            if (rowLimit > 0) {
                b.put("row_limit", rowLimit);
            }
            return new StatementRequest(b);
        }
    }
}
