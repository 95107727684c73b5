package io.jenkins.plugins.databricks.emulator.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SQL warehouses. A warehouse's state follows from the clock, like a cluster's: STARTING for the start duration
 * after create or start, then RUNNING; STOPPING then STOPPED after stop, or after {@code auto_stop_mins} with no
 * statement; DELETING then DELETED after delete. A statement on a STOPPED warehouse starts it.
 */
public final class Warehouses {
    static final List<String> SIZES = List.of("2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large",
            "2X-Large", "3X-Large", "4X-Large");

    private final EmulatorClock clock;
    private final Duration startDuration;
    private final Duration stopDuration;
    private final String creator;
    private final Map<String, Warehouse> byId = new LinkedHashMap<>();

    /** One warehouse; all fields guarded by the {@link Warehouses} monitor. */
    static final class Warehouse {
        final String id;
        ObjectNode spec;
        String desired = "RUNNING"; // RUNNING, STOPPED or DELETED
        long since;
        long lastActivity;
        int active;

        Warehouse(String id, ObjectNode spec, long now) {
            this.id = id;
            this.spec = spec;
            this.since = now;
            this.lastActivity = now;
        }
    }

    Warehouses(EmulatorClock clock, Duration startDuration, Duration stopDuration, String creator) {
        this.clock = clock;
        this.startDuration = startDuration;
        this.stopDuration = stopDuration;
        this.creator = creator;
    }

    /** Creates a warehouse that starts now, as the API's create does; returns its id. */
    public synchronized String create(String name) {
        ObjectNode spec = Json.object();
        spec.put("name", name);
        spec.put("cluster_size", "2X-Small");
        return create(spec);
    }

    /** Creates a warehouse in the STOPPED state (for tests and the demo data). */
    public synchronized String createStopped(String id, String name) {
        ObjectNode spec = Json.object();
        spec.put("name", name);
        spec.put("cluster_size", "2X-Small");
        Warehouse w = new Warehouse(id, defaults(spec), clock.now() - stopDuration.toMillis());
        w.desired = "STOPPED";
        byId.put(id, w);
        return id;
    }

    synchronized String create(ObjectNode spec) {
        String name = spec.path("name").asText("");
        for (Warehouse w : byId.values()) {
            if (!"DELETED".equals(w.desired) && w.spec.path("name").asText().equals(name)) {
                throw ApiException.alreadyExists("SQL warehouse with name '" + name + "' already exists");
            }
        }
        String id;
        do {
            id = String.format(Locale.ROOT, "%016x", ThreadLocalRandom.current().nextLong());
        } while (byId.containsKey(id));
        byId.put(id, new Warehouse(id, defaults(spec), clock.now()));
        return id;
    }

    private ObjectNode defaults(ObjectNode spec) {
        spec.putIfAbsent("auto_stop_mins", spec.numberNode(120));
        spec.putIfAbsent("min_num_clusters", spec.numberNode(1));
        spec.putIfAbsent("max_num_clusters", spec.numberNode(1));
        spec.putIfAbsent("enable_serverless_compute", spec.booleanNode(false));
        spec.putIfAbsent("warehouse_type", spec.textNode("PRO"));
        spec.putIfAbsent("spot_instance_policy", spec.textNode("COST_OPTIMIZED"));
        spec.putIfAbsent("enable_photon", spec.booleanNode(true));
        spec.putIfAbsent("channel", Json.object().put("name", "CHANNEL_NAME_CURRENT"));
        spec.put("creator_name", creator);
        return spec;
    }

    /** The warehouse, or RESOURCE_DOES_NOT_EXIST; a deleted one still answers (state DELETED). */
    synchronized Warehouse get(String id) {
        Warehouse w = byId.get(id);
        if (w == null) {
            throw ApiException.doesNotExist("SQL warehouse " + id + " does not exist.");
        }
        return w;
    }

    /** The warehouse's state now (STARTING, RUNNING, STOPPING, STOPPED, DELETING, DELETED). */
    public synchronized String state(String id) {
        return stateOf(get(id));
    }

    synchronized String stateOf(Warehouse w) {
        long now = clock.now();
        switch (w.desired) {
            case "DELETED":
                return now - w.since < stopDuration.toMillis() ? "DELETING" : "DELETED";
            case "STOPPED":
                return now - w.since < stopDuration.toMillis() ? "STOPPING" : "STOPPED";
            default:
                long runningAt = w.since + startDuration.toMillis();
                if (now < runningAt) {
                    return "STARTING";
                }
                long autoStop = w.spec.path("auto_stop_mins").asLong(0) * 60_000L;
                long idleFrom = Math.max(runningAt, w.lastActivity);
                if (autoStop > 0 && w.active == 0 && now - idleFrom >= autoStop) {
                    w.desired = "STOPPED";
                    w.since = idleFrom + autoStop;
                    return stateOf(w);
                }
                return "RUNNING";
        }
    }

    synchronized void start(String id) {
        Warehouse w = live(id);
        String s = stateOf(w);
        if (s.equals("STOPPED") || s.equals("STOPPING")) {
            w.desired = "RUNNING";
            w.since = clock.now();
            w.lastActivity = w.since;
        }
    }

    synchronized void stop(String id) {
        Warehouse w = live(id);
        if ("RUNNING".equals(w.desired)) {
            w.desired = "STOPPED";
            w.since = clock.now();
        }
    }

    synchronized void delete(String id) {
        Warehouse w = live(id);
        w.desired = "DELETED";
        w.since = clock.now();
    }

    synchronized void edit(String id, ObjectNode changes) {
        Warehouse w = live(id);
        ObjectNode spec = w.spec.deepCopy();
        spec.setAll(changes);
        spec.remove("id");
        w.spec = spec;
    }

    private Warehouse live(String id) {
        Warehouse w = get(id);
        String s = stateOf(w);
        if (s.equals("DELETED") || s.equals("DELETING")) {
            throw ApiException.invalidState("SQL warehouse " + id + " is " + s + ".");
        }
        return w;
    }

    /**
     * A statement arrives: a stopped warehouse starts, activity is noted.
     *
     * @return true when the warehouse had to be started (or is still starting)
     */
    synchronized boolean statementArrives(String id) {
        Warehouse w = live(id);
        String s = stateOf(w);
        if (s.equals("STOPPED") || s.equals("STOPPING")) {
            start(id);
            s = stateOf(w);
        }
        w.lastActivity = clock.now();
        return !s.equals("RUNNING");
    }

    synchronized boolean isRunning(String id) {
        return "RUNNING".equals(stateOf(get(id)));
    }

    synchronized void statementBegins(String id) {
        Warehouse w = get(id);
        w.active++;
        w.lastActivity = clock.now();
    }

    synchronized void statementEnds(String id) {
        Warehouse w = get(id);
        w.active = Math.max(0, w.active - 1);
        w.lastActivity = clock.now();
    }

    synchronized Map<String, Object> json(Warehouse w, String host) {
        String state = stateOf(w);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", w.id);
        w.spec.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        out.put("state", state);
        out.put("num_clusters", state.equals("RUNNING") ? 1 : 0);
        out.put("num_active_sessions", w.active);
        out.put("health", Map.of("status", state.equals("RUNNING") ? "HEALTHY" : "STATUS_UNSPECIFIED"));
        out.put("odbc_params", Map.of("hostname", host, "path", "/sql/1.0/warehouses/" + w.id, "protocol", "https",
                "port", 443));
        out.put("jdbc_url", "jdbc:databricks://" + host + ":443/default;transportMode=http;ssl=1;AuthMech=3;"
                + "httpPath=/sql/1.0/warehouses/" + w.id + ";");
        return out;
    }

    synchronized List<Warehouse> listed() {
        List<Warehouse> out = new ArrayList<>();
        for (Warehouse w : byId.values()) {
            if (!stateOf(w).equals("DELETED")) {
                out.add(w);
            }
        }
        return out;
    }

    synchronized int count() {
        return listed().size();
    }

    synchronized void reset() {
        byId.clear();
    }
}
