/**
 * How a request travels, shared by every API area: {@code Transport} (configuration, the blocking and the scheduled
 * way to send), {@code Exchange} (one request across its attempts) and {@code AsyncExchange}, the answers
 * ({@code AnswerBodies}, {@code StreamedAnswer}, {@code StreamedBody}, {@code ErrorBodies} for Databricks' error
 * shapes), the JDK client ({@code HttpClients}, {@code HttpProxy}, {@code UserAgent}) and the values every area
 * checks or builds ({@code Json}, {@code Checks}, {@code PlainValues}, {@code ApiPaths}).
 *
 * <p>Public types here serve the API areas of this client; they are not meant for callers of the client, whose
 * entry point is {@link io.jenkins.plugins.databricks.client.DatabricksClient}. Depends on {@code auth} (a request
 * carries its credentials) and {@code policy} (retries and rate limits), never on an API area.
 */
package io.jenkins.plugins.databricks.client.core;
