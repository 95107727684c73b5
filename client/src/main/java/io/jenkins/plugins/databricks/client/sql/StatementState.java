package io.jenkins.plugins.databricks.client.sql;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A statement as the Statement Execution API last described it, without its bulk rows: state, error, the result's
 * columns and counts, and at most the first rows asked for.
 *
 * @param statementId the statement's id
 * @param state PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED or CLOSED
 * @param errorCode {@code status.error.error_code}, or null
 * @param errorMessage {@code status.error.message} ({@code [PARSE_SYNTAX_ERROR] ...}), or null
 * @param columns the result's columns (empty until SUCCEEDED, and for statements without a result)
 * @param totalRowCount rows in the result
 * @param totalChunkCount chunks in the result
 * @param truncated whether the workspace cut the result (row or byte limit)
 * @param firstRows the first rows of chunk 0, as many as were asked for
 * @param firstRowsComplete whether {@code firstRows} holds all of chunk 0
 */
public record StatementState(String statementId, String state, String errorCode, String errorMessage,
        List<Column> columns, long totalRowCount, int totalChunkCount, boolean truncated, List<List<String>> firstRows,
        boolean firstRowsComplete) implements Serializable {
    /** States after which nothing changes. */
    public static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "CLOSED");

    /**
     * @param name the column's name
     * @param typeName {@code type_name}: LONG, INT, DECIMAL, STRING, DATE, TIMESTAMP, BOOLEAN, DOUBLE, ...
     * @param typeText {@code type_text}: BIGINT, DECIMAL(10,2), ...
     */
    public record Column(String name, String typeName, String typeText) implements Serializable {
    }

    public StatementState {
        columns = List.copyOf(columns);
        firstRows = List.copyOf(firstRows);
    }

    public boolean done() {
        return TERMINAL.contains(state);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(state);
    }
}
