/**
 * The HTTP side of the emulator, shared by every API area: {@code EmulatorServer} (sockets, keep-alive, request
 * bodies through {@code ServerExchange} and {@code HttpBodies}), {@code Router} with its {@code Route}s and
 * {@code PathPattern}s, the parsed {@code ApiRequest} and the caller's {@code Identity}, the answers ({@code Reply},
 * {@code ApiException} in Databricks' error shape) and small helpers ({@code Json}, {@code Durations},
 * {@code DaemonThreads}).
 *
 * <p>Depends on Jackson and the JDK only; every other package of the emulator may depend on it.
 */
package io.jenkins.plugins.databricks.emulator.server;
