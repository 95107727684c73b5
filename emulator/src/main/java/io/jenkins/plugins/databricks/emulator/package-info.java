/**
 * A local, stateful Databricks workspace over real HTTP, for tests and demos:
 * {@link io.jenkins.plugins.databricks.emulator.DatabricksEmulator} starts it (or {@code java -jar}, see
 * {@code Main}).
 *
 * <p>What lives here, by role:
 * <ul>
 *   <li>Server: {@code EmulatorServer} (sockets, keep-alive), {@code ServerExchange}, {@code HttpBodies},
 *       {@code HttpRequestHandler} (authentication, faults, counters), {@code Router}, {@code Route},
 *       {@code ApiRequest}, {@code Reply}, {@code ApiException}.</li>
 *   <li>State per API area, each with its API class: {@code Clusters}/{@code ClustersApi}, {@code Jobs}/{@code JobsApi}
 *       and {@code JobsApi20}, {@code Permissions}/{@code PermissionsApi}, {@code Secrets}/{@code SecretsApi},
 *       {@code Workspace}/{@code WorkspaceApi}, {@code FileStore} with {@code FilesApi} and {@code DbfsApi},
 *       {@code Repos}/{@code ReposApi}, {@code Users}/{@code ScimApi}, {@code Warehouses} and {@code Statements}
 *       with {@code SqlApi} on the DuckDB engine ({@code Sql}, {@code SqlEngine}, {@code SqlText},
 *       {@code SqlResults}).</li>
 *   <li>Identity: {@code Users}, {@code Identity}, {@code OAuthApi}, {@code Federation}, {@code OidcIssuer}.</li>
 *   <li>Time and trouble: {@code EmulatorClock} (every lifecycle follows it), {@code Faults}, {@code Fault},
 *       {@code FaultAnswers}, {@code TokenBucket}, {@code Counters}; {@code AdminApi} for control over HTTP.</li>
 * </ul>
 *
 * <p>Dependencies: Jackson (relocated inside the runnable jar), DuckDB's JDBC driver and the JDK. Nothing here
 * depends on the client or on Jenkins: the emulator answers what a workspace answers, whoever asks.
 */
package io.jenkins.plugins.databricks.emulator;
