package io.jenkins.plugins.databricks.emulator.clusters;

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
        if (p.state() == ClusterState.RUNNING || p.state() == ClusterState.RESIZING) {
            out.put("spark_context_id", 1000000000000000000L + seq);
            out.put("jdbc_port", 10000);
            nodes(out);
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
        // what the cluster was created (or last edited) with, as clusters/get shows it under "spec"
        out.put("spec", spec.deepCopy());
        return out;
    }

    /** Nodes of a running cluster: its driver, one executor per worker, and what they add up to. */
    private void nodes(Map<String, Object> out) {
        int workers = spec.has("autoscale") ? spec.path("autoscale").path("min_workers").asInt(0)
                : spec.path("num_workers").asInt(0);
        NodeType worker = NodeType.of(spec.path("node_type_id").asText(""));
        NodeType driver = NodeType.of(spec.path("driver_node_type_id").asText(spec.path("node_type_id").asText("")));
        out.put("driver", node(0, true));
        List<Map<String, Object>> executors = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            executors.add(node(i, false));
        }
        if (!executors.isEmpty()) {
            out.put("executors", executors);
        }
        out.put("cluster_memory_mb", driver.memoryMb + (long) workers * worker.memoryMb);
        out.put("cluster_cores", (double) (driver.cores + workers * worker.cores));
    }

    private Map<String, Object> node(int index, boolean isDriver) {
        String ip = "10.0." + (seq % 250) + "." + (index + 10);
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("private_ip", ip);
        n.put("public_dns", "");
        n.put("node_id", String.format("%016x%016x", seq * 7919 + index, id.hashCode() & 0xffffffffL));
        n.put("instance_id", String.format("i-%017x", (seq << 8) + index));
        n.put("start_timestamp", startTime);
        n.put("node_attributes", Map.of("is_spot", false));
        n.put("host_private_ip", ip);
        return n;
    }

    /** Cores and memory of the node types the examples use; anything else counts as 4 cores and 16 GB. */
    private record NodeType(int cores, long memoryMb) {
        static NodeType of(String id) {
            switch (id) {
                case "i3.xlarge": return new NodeType(4, 31_232);
                case "i3.2xlarge": return new NodeType(8, 62_464);
                case "m5d.large": return new NodeType(2, 8_192);
                case "m5d.xlarge": return new NodeType(4, 16_384);
                case "Standard_DS3_v2": return new NodeType(4, 14_336);
                case "Standard_DS4_v2": return new NodeType(8, 28_672);
                case "n2-highmem-4": return new NodeType(4, 32_768);
                default: return new NodeType(4, 16_384);
            }
        }
    }
}
