/**
 * A local, stateful Databricks workspace over real HTTP, for tests and demos:
 * {@link io.jenkins.plugins.databricks.emulator.DatabricksEmulator} starts it (configured through
 * {@link io.jenkins.plugins.databricks.emulator.EmulatorBuilder}), or {@code java -jar} (see {@code Main}).
 *
 * <p>This package is the composition: {@code DatabricksEmulator} builds the state of every API area and registers
 * their routes; {@code HttpRequestHandler} puts authentication, faults and counters in front of the router;
 * {@code AdminApi} offers control over HTTP; {@code EmulatorClock} is the one clock every life cycle follows;
 * {@code Demo} seeds the data the docs use. Sub-packages, each with its own {@code package-info}:
 * <ul>
 *   <li>{@code server}: sockets, routing, requests, answers and errors; depends on no other package here.</li>
 *   <li>{@code faults}: injected trouble and request counters.</li>
 *   <li>One package per API area, each holding its state and its endpoints: {@code clusters}, {@code jobs},
 *       {@code workspace} (workspace tree, repos, volumes and DBFS), {@code iam} (users, SCIM, permissions),
 *       {@code secrets}, {@code oauth} (tokens and federation), {@code sql} (warehouses and statements).</li>
 * </ul>
 * API areas depend on {@code server} and, where the API does, on {@code iam} and {@code workspace}; none depends on
 * this package except for {@code EmulatorClock}.
 *
 * <p>Dependencies: Jackson (relocated inside the runnable jar), DuckDB's JDBC driver and the JDK. Nothing here
 * depends on the client or on Jenkins: the emulator answers what a workspace answers, whoever asks.
 */
package io.jenkins.plugins.databricks.emulator;
