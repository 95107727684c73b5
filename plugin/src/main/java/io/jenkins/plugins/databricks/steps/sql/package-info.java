/**
 * {@code databricksSql} ({@code SqlStep}): SQL on a SQL warehouse. Its operation and durable wait stay in
 * {@code steps} ({@code SqlOperation}, {@code SqlWaitExecution}), since a running build's saved program names them.
 *
 * <p>Depends on the client, the plugin's root package, {@code steps} and {@code support}.
 */
package io.jenkins.plugins.databricks.steps.sql;
