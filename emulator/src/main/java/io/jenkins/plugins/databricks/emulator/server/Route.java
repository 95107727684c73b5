package io.jenkins.plugins.databricks.emulator.server;

/** A handler of one endpoint; returns the JSON answer of a 200 (a Map, a JsonNode or a {@link Reply}). */
@FunctionalInterface
public interface Route {
    Object handle(ApiRequest request);
}
