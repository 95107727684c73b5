/**
 * Jobs and runs: {@code Jobs} (run-now, submit, get, cancel, output), the requests {@code RunNowRequest} and
 * {@code SubmitRunRequest} (built from small value types: {@code TaskKind}, {@code TaskSpecs}, {@code RunCompute},
 * {@code GitSource} with {@code GitProviders}), a run's end ({@code RunOutcome}), and {@code RunTracker} with the
 * checkpoint {@code RunWait} for waits.
 *
 * <p>Depends on {@code core} and the root package.
 */
package io.jenkins.plugins.databricks.client.jobs;
