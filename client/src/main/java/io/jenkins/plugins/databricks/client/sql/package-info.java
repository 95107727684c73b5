/**
 * SQL: {@code Warehouses} (get, list, start, edit), the Statement Execution API ({@code Statements} with
 * {@code StatementRequest}, {@code StatementAnswers}, {@code StatementState} and the checkpoint
 * {@code StatementWait}), values typed by the manifest ({@code SqlValues}), scripts cut into statements
 * ({@code SqlScript}) and rows streamed to a CSV or JSON Lines file ({@code RowFile}).
 *
 * <p>Depends on {@code core} and the root package.
 */
package io.jenkins.plugins.databricks.client.sql;
