package io.jenkins.plugins.databricks.emulator.sql;

/**
 * A statement that failed the way Databricks SQL reports it: an error class, a SQLSTATE and a message, shown as
 * {@code [ERROR_CLASS] message SQLSTATE: xxxxx}.
 */
final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorClass;
    private final String sqlState;

    SqlFailure(String errorClass, String sqlState, String message) {
        super(message);
        this.errorClass = errorClass;
        this.sqlState = sqlState;
    }

    String errorClass() {
        return errorClass;
    }

    String sqlState() {
        return sqlState;
    }

    /** The text of {@code status.error.message}. */
    String databricksMessage() {
        return "[" + errorClass + "] " + getMessage() + " SQLSTATE: " + sqlState;
    }
}
