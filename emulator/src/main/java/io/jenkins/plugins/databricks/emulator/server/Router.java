package io.jenkins.plugins.databricks.emulator.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps method + path to handlers. Exact paths cover most of the API; prefix routes serve path families
 * such as {@code /api/2.0/permissions/{type}/{id}} whose remainder the handler parses itself.
 */
public final class Router {
    private final Map<String, Route> exact = new ConcurrentHashMap<>();
    private final List<Prefix> prefixes = new ArrayList<>();

    private record Prefix(String method, String prefix, Route route) {}

    public Router add(String method, String path, Route route) {
        exact.put(method + " " + path, route);
        return this;
    }

    /** Registers the same handler under several API versions, e.g. 2.0 and 2.1 for clusters. */
    public Router add(String method, List<String> versions, String pathAfterVersion, Route route) {
        for (String v : versions) {
            add(method, "/api/" + v + pathAfterVersion, route);
        }
        return this;
    }

    public Router addPrefix(String method, String prefix, Route route) {
        synchronized (prefixes) {
            prefixes.add(new Prefix(method, prefix, route));
        }
        return this;
    }

    /** "METHOD /path" of every exact route, for tests that probe each endpoint. */
    public java.util.Set<String> exactRoutes() {
        return java.util.Set.copyOf(exact.keySet());
    }

    /**
     * The route for a request, or an ENDPOINT_NOT_FOUND error. A known path with a wrong method is also
     * ENDPOINT_NOT_FOUND (404), which is how Databricks answers it.
     */
    public Route find(String method, String path) {
        Route r = exact.get(method + " " + path);
        if (r != null) {
            return r;
        }
        synchronized (prefixes) {
            for (Prefix p : prefixes) {
                if (p.method.equals(method) && path.startsWith(p.prefix)) {
                    return p.route;
                }
            }
        }
        throw ApiException.endpointNotFound(method, stripApiVersion(path));
    }

    /** Databricks names the endpoint without {@code /api/2.x} in its "No API found" message. */
    private static String stripApiVersion(String path) {
        return path.replaceFirst("^/api/\\d+\\.\\d+", "");
    }
}
