package io.jenkins.plugins.databricks.emulator.clusters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/2.0/clusters/*} and {@code /api/2.1/clusters/*} (same behaviour under both versions). */
public final class ClustersApi {
    static final int MAX_PAGE_SIZE = 100;
    private static final List<String> VERSIONS = List.of("2.0", "2.1");

    private final Clusters clusters;

    public ClustersApi(Clusters clusters) {
        this.clusters = clusters;
    }

    public void register(Router r) {
        r.add("GET", VERSIONS, "/clusters/get", this::get);
        r.add("GET", VERSIONS, "/clusters/list", this::list);
        r.add("POST", VERSIONS, "/clusters/create", this::create);
        r.add("POST", VERSIONS, "/clusters/edit", this::edit);
        r.add("POST", VERSIONS, "/clusters/start", req -> {
            clusters.start(req.nonEmpty("cluster_id"));
            return Map.of();
        });
        r.add("POST", VERSIONS, "/clusters/restart", req -> {
            clusters.restart(req.nonEmpty("cluster_id"));
            return Map.of();
        });
        r.add("POST", VERSIONS, "/clusters/delete", req -> {
            clusters.terminate(req.nonEmpty("cluster_id"), req.identity());
            return Map.of();
        });
        r.add("POST", VERSIONS, "/clusters/permanent-delete", req -> {
            clusters.permanentDelete(req.nonEmpty("cluster_id"));
            return Map.of();
        });
    }

    private Object get(ApiRequest req) {
        return clusters.json(clusters.get(req.nonEmpty("cluster_id")));
    }

    private Object create(ApiRequest req) {
        ObjectNode spec = validatedSpec(req);
        return Map.of("cluster_id", clusters.createAndStart(spec, req.identity()));
    }

    private Object edit(ApiRequest req) {
        String id = req.nonEmpty("cluster_id");
        clusters.get(id);
        ObjectNode spec = validatedSpec(req);
        clusters.edit(id, spec);
        return Map.of();
    }

    private static ObjectNode validatedSpec(ApiRequest req) {
        ObjectNode spec = req.body().deepCopy();
        spec.remove("cluster_id");
        req.nonEmpty("spark_version");
        req.optString("cluster_name");
        req.optString("node_type_id");
        if (req.optLong("num_workers").map(n -> n < 0).orElse(false)) {
            throw ApiException.invalidParameter("num_workers must be at least 0");
        }
        JsonNode auto = spec.get("autoscale");
        if (auto != null && !auto.isNull()) {
            if (!auto.isObject() || !auto.path("min_workers").canConvertToInt()
                    || !auto.path("max_workers").canConvertToInt() || !auto.path("min_workers").isIntegralNumber()
                    || !auto.path("max_workers").isIntegralNumber()) {
                throw ApiException.invalidParameter("autoscale must have integer min_workers and max_workers");
            }
            int min = auto.get("min_workers").asInt();
            int max = auto.get("max_workers").asInt();
            if (min < 0 || max < min) {
                throw ApiException.invalidParameter("autoscale.min_workers must be at least 0 and at most "
                        + "autoscale.max_workers");
            }
        } else if (!spec.has("num_workers")) {
            spec.put("num_workers", 0);
        }
        req.optLong("autotermination_minutes").ifPresent(m -> {
            if (m != 0 && (m < 10 || m > 43_200)) {
                throw ApiException.invalidParameter("autotermination_minutes must be 0 (no automatic termination) "
                        + "or between 10 and 43200, got " + m);
            }
        });
        spec.putIfAbsent("autotermination_minutes", spec.numberNode(120));
        return spec;
    }

    /**
     * Keyset paging over creation order: a token names the creation sequence number to continue after
     * (next) or before (prev), so clusters created between pages do not shift the listing.
     */
    private Object list(ApiRequest req) {
        Set<ClusterState> states = EnumSet.noneOf(ClusterState.class);
        List<String> wanted = new ArrayList<>(req.queryValues("filter_by.cluster_states"));
        req.body().path("filter_by").path("cluster_states").forEach(n -> wanted.add(n.asText()));
        for (String s : wanted) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    states.add(ClusterState.parse(part.trim(), "filter_by.cluster_states"));
                }
            }
        }
        long pageSize = req.optLong("page_size").orElse(0L);
        if (pageSize < 0) {
            throw ApiException.invalidParameter("page_size must be a positive number, got " + pageSize);
        }
        int size = pageSize == 0 ? Integer.MAX_VALUE : (int) Math.min(pageSize, MAX_PAGE_SIZE);
        String token = req.optString("page_token").orElse("");

        List<Cluster> all = new ArrayList<>();
        for (Cluster c : clusters.snapshot()) {
            if (states.isEmpty() || states.contains(clusters.stateOf(c))) {
                all.add(c);
            }
        }
        int from = 0;
        int to;
        if (token.isEmpty()) {
            to = Math.min(all.size(), from + (size == Integer.MAX_VALUE ? all.size() : size));
        } else {
            PageToken t = PageToken.parse(token);
            if (t.forward) {
                from = indexAfter(all, t.seq);
                to = (int) Math.min(all.size(), (long) from + size);
            } else {
                to = indexAfter(all, t.seq - 1);
                from = (int) Math.max(0, (long) to - size);
            }
        }
        List<Map<String, Object>> page = new ArrayList<>();
        for (Cluster c : all.subList(from, to)) {
            page.add(clusters.json(c));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            out.put("clusters", page);
        }
        if (size != Integer.MAX_VALUE && to < all.size() && to > 0) {
            out.put("next_page_token", new PageToken(true, all.get(to - 1).seq).encode());
        }
        if (size != Integer.MAX_VALUE && from > 0) {
            out.put("prev_page_token", new PageToken(false, all.get(from).seq).encode());
        }
        return out;
    }

    private static int indexAfter(List<Cluster> all, long seq) {
        int i = 0;
        while (i < all.size() && all.get(i).seq <= seq) {
            i++;
        }
        return i;
    }

    private record PageToken(boolean forward, long seq) {
        String encode() {
            String raw = (forward ? "next:" : "prev:") + seq;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static PageToken parse(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                boolean forward = raw.startsWith("next:");
                if (!forward && !raw.startsWith("prev:")) {
                    throw new IllegalArgumentException(raw);
                }
                return new PageToken(forward, Long.parseLong(raw.substring(5)));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidParameter("Invalid page_token");
            }
        }
    }
}
