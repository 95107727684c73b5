/**
 * Waiting without a thread: {@code Waiter} is the public API (handles, its builder), {@code PollEngine} the engine
 * (groups per host, cycles, the outbox), {@code PollSchedule} when to look again, {@code Listing} one listing for
 * many reads, and one {@code WaitEntry} per kind: {@code RunEntry}, {@code ClusterEntry}, {@code StatementEntry}.
 *
 * <p>Depends on {@code core}, {@code policy} and the API areas whose objects it waits for ({@code jobs},
 * {@code clusters}, {@code sql}); the API areas name it in their documentation only.
 */
package io.jenkins.plugins.databricks.client.wait;
