/**
 * A small Databricks REST client in plain Java 17, with no Jenkins in it: everything the plugin does that can be
 * done and tested without a Jenkins. {@link io.jenkins.plugins.databricks.client.DatabricksClient} is the entry point,
 * configured through {@link io.jenkins.plugins.databricks.client.ClientBuilder}; each API area hangs off it
 * ({@code clusters()}, {@code jobs()}, {@code statements()}, ...). Here too: {@code DatabricksException} (every failure
 * a caller sees), {@code ProgressListener} (one-line progress of long operations) and {@code GenericCall} (any
 * endpoint, for the {@code databricksApi} step).
 *
 * <p>Packages, laid out as the Databricks SDK for Java lays out its own, each with its {@code package-info}:
 * <ul>
 *   <li>{@code core}: how a request travels (transport, exchanges, answers, errors, JSON, checks);
 *       {@code policy}: retries, rate limits, work lanes, allowed hosts; {@code auth}: credentials and tokens.</li>
 *   <li>One package per API area: {@code clusters}, {@code jobs}, {@code workspace} (tree and Git folders),
 *       {@code files} (uploads and downloads), {@code permissions}, {@code secrets}, {@code sql} (warehouses and
 *       statements).</li>
 *   <li>{@code wait}: waiting for runs, clusters and statements without holding a thread.</li>
 * </ul>
 * API areas depend on {@code core} and this package; {@code core} depends on {@code auth} and {@code policy}, never
 * on an API area; {@code wait} depends on the areas it waits for.
 *
 * <p>Dependencies: Jackson (core and databind) and the JDK only. Nothing here may depend on Jenkins; the plugin
 * depends on these packages, never the other way round. The emulator is a test dependency only.
 */
package io.jenkins.plugins.databricks.client;
