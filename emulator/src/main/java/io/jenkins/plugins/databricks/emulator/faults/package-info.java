/**
 * Trouble on purpose: {@code Faults} holds the {@code Fault}s a test injects (status codes, Retry-After, delays,
 * dropped connections, rate limits through {@code TokenBucket}), {@code FaultAnswers} writes their bodies, and
 * {@code Counters} counts requests per method, path and status for assertions.
 *
 * <p>Depends on {@code server} only.
 */
package io.jenkins.plugins.databricks.emulator.faults;
