/**
 * What the client may do and how often: {@code RetryPolicy} (which answers are retried, backoff, budget),
 * {@code RateLimiter} (per-host limits shared by every client of the host, adapting to 429s), {@code WorkLanes}
 * (at most so many blocking calls per host), {@code HostAllowList} (which hosts a caller may reach) and
 * {@code HostNames} (what users paste as a host, made {@code scheme://authority}, refusing what is unsafe).
 *
 * <p>Depends on the JDK and {@code core} only.
 */
package io.jenkins.plugins.databricks.client.policy;
