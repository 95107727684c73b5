package io.jenkins.plugins.databricks.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster. Its lifecycle is a timeline of phases (state from a given emulator time on); the current
 * state is whichever phase the clock has reached, so a read after {@code clock.advance} sees the new state
 * without any background thread. Every method is called with the cluster's monitor held by the caller.
 */
final class Cluster {
    record Phase(ClusterState state, long from, String message, Map<String, Object> reason) {}

    record Failure(String code, String message) {}

    final String id;
    final long seq;
    final String creator;
    ObjectNode spec;
    long startTime;
    long lastRestartedTime;
    Failure nextStartFailure;
    private final List<Phase> phases = new ArrayList<>();

    Cluster(String id, long seq, String creator, ObjectNode spec) {
        this.id = id;
        this.seq = seq;
        this.creator = creator;
        this.spec = spec;
    }

    /** Drops phases the clock has passed; the first remaining phase is the current one. */
    Phase current(long now) {
        while (phases.size() > 1 && phases.get(1).from() <= now) {
            phases.remove(0);
        }
        return phases.get(0);
    }

    void schedule(Phase... next) {
        phases.clear();
        phases.addAll(List.of(next));
    }

    static Phase pending(long at) {
        return new Phase(ClusterState.PENDING, at, "Finding instances for new nodes, acquiring more instances if necessary",
                null);
    }

    static Phase running(long at) {
        return new Phase(ClusterState.RUNNING, at, "", null);
    }

    static Phase terminating(long at, Map<String, Object> reason) {
        return new Phase(ClusterState.TERMINATING, at, "Terminating the cluster", reason);
    }

    static Phase terminated(long at, String message, Map<String, Object> reason) {
        return new Phase(ClusterState.TERMINATED, at, message, reason);
    }

    static Map<String, Object> reason(String code, String type, Map<String, Object> parameters) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("code", code);
        r.put("type", type);
        r.put("parameters", parameters);
        return r;
    }

    static Map<String, Object> userRequest(String user) {
        return reason("USER_REQUEST", "SUCCESS", Map.of("username", user));
    }

    Map<String, Object> toJson(long now) {
        Phase p = current(now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster_id", id);
        out.put("creator_user_name", creator);
        spec.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        out.putIfAbsent("cluster_source", "API");
        out.put("state", p.state().name());
        out.put("state_message", p.message());
        out.put("start_time", startTime);
        if (lastRestartedTime > 0) {
            out.put("last_restarted_time", lastRestartedTime);
        }
        if (p.state() == ClusterState.RUNNING) {
            out.put("spark_context_id", 1000000000000000000L + seq);
            out.put("jdbc_port", 10000);
        }
        if (p.state() == ClusterState.TERMINATED) {
            out.put("terminated_time", p.from());
        }
        if ((p.state() == ClusterState.TERMINATED || p.state() == ClusterState.TERMINATING) && p.reason() != null) {
            out.put("termination_reason", p.reason());
        }
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("Vendor", "Databricks");
        tags.put("Creator", creator);
        tags.put("ClusterName", spec.path("cluster_name").asText(""));
        tags.put("ClusterId", id);
        out.put("default_tags", tags);
        return out;
    }
}
