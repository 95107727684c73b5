/**
 * Running Databricks jobs: {@code databricksRunJob} ({@code RunJobStep}: run-now of an existing job) and
 * {@code databricksSubmitRun} ({@code SubmitRunStep}: a one-time run of the tasks the Jenkinsfile gives), with what
 * both share ({@code RunStep}: wait, timeout, propagate). Their operations and the durable wait stay in
 * {@code steps} ({@code RunJobOperation}, {@code SubmitRunOperation}, {@code RunWaitExecution}), since a running
 * build's saved program names them.
 *
 * <p>Depends on the client, the plugin's root package, {@code steps} and {@code support}.
 */
package io.jenkins.plugins.databricks.steps.run;
