/**
 * What the durable waits of {@code steps} run on: {@code BlockingWork} (the plugin's own thread pool, bounded per
 * workspace host, so nothing blocks {@code jenkins.util.Timer} or the CPS VM thread), {@code DatabricksWaits} (the
 * controller's one {@code Waiter}, polling without holding a thread) and {@code WaitFailures} (how a timeout, a
 * stop or a failure reaches the build). Nothing here is saved with a build.
 *
 * <p>Depends on the client and the plugin's root package.
 */
package io.jenkins.plugins.databricks.steps.durable;
