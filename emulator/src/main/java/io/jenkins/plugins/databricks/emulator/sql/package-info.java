/**
 * SQL: {@code Warehouses} and their life cycle, {@code Statements} and the Statement Execution API
 * ({@code SqlApi}), run on an embedded DuckDB ({@code SqlEngine}, with {@code SqlText} mapping Databricks SQL onto it,
 * {@code SqlResults} cutting results into chunks and {@code SqlFailure} naming errors the Databricks way); {@code Sql}
 * ties them together.
 *
 * <p>Depends on {@code server} and DuckDB's JDBC driver.
 */
package io.jenkins.plugins.databricks.emulator.sql;
