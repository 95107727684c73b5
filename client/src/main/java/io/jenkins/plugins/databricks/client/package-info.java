/**
 * A small Databricks REST client in plain Java 17, with no Jenkins in it: everything the plugin does that can be
 * done and tested without a Jenkins. {@link io.jenkins.plugins.databricks.client.DatabricksClient} is the entry point;
 * each API area hangs off it ({@code clusters()}, {@code jobs()}, {@code statements()}, ...).
 *
 * <p>What lives here, by role:
 * <ul>
 *   <li>Sending: {@code Transport} (configuration, the blocking and the scheduled way to send), {@code Exchange}
 *       (one request across its attempts), {@code AsyncExchange}, {@code AnswerBodies}, {@code RetryPolicy},
 *       {@code RateLimiter}, {@code WorkLanes}, {@code HttpClients}, {@code HttpProxy}, {@code UserAgent}.</li>
 *   <li>Authentication: {@code AuthMethod} and its kinds {@code PersonalAccessToken}, {@code OAuthM2M},
 *       {@code TokenExchange} (federation), sharing {@code CachedAccessToken} and {@code TokenEndpoint}.</li>
 *   <li>API areas: {@code Clusters}, {@code Jobs} (with {@code RunNowRequest}, {@code SubmitRunRequest} and its
 *       {@code TaskKind}, {@code RunCompute}, {@code GitSource}), {@code Permissions}, {@code Secrets},
 *       {@code Workspace}, {@code Repos}, {@code Uploads}, {@code Downloads}, {@code Warehouses},
 *       {@code Statements} (with {@code StatementRequest}, {@code StatementAnswers}, {@code RowFile}).</li>
 *   <li>Waiting without a thread: {@code Waiter} (the public API), {@code PollEngine} (groups, cycles, the outbox),
 *       {@code Listing} (one listing for many reads), and one {@code WaitEntry} per kind: {@code RunEntry},
 *       {@code ClusterEntry}, {@code StatementEntry}; their checkpoints {@code RunWait}, {@code ClusterWait},
 *       {@code StatementWait}.</li>
 *   <li>Values and checks: {@code Json}, {@code Checks}, {@code PlainValues}, {@code ApiPaths}, {@code HostNames},
 *       {@code HostAllowList}, {@code ErrorBodies}.</li>
 * </ul>
 *
 * <p>Dependencies: Jackson (core and databind) and the JDK only. Nothing here may depend on Jenkins; the plugin
 * depends on this package, never the other way round. The emulator is a test dependency only.
 */
package io.jenkins.plugins.databricks.client;
