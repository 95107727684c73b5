/**
 * Benchmarks of the client against raw HTTP and the Databricks SDK for Java, on the emulator:
 * {@code BenchmarkMain} runs them and writes {@code benchmark-results.json}; one class per scenario
 * ({@code OverheadBenchmark}, {@code ThroughputBenchmark}, {@code TransferBenchmark}, {@code DownloadBenchmark},
 * {@code SqlBenchmark}, {@code RunWaitBenchmark}, ...). Depends on the client, the emulator and the SDK; nothing
 * depends on it.
 */
package io.jenkins.plugins.databricks.benchmarks;
