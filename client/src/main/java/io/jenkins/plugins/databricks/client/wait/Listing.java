package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.clusters.Clusters;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.jobs.Jobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The listing strategy of a {@link PollEngine} cycle: when several waits of a workspace are due, one page of
 * {@code jobs/runs/list?active_only=true} (runs) or {@code clusters/list} filtered to the moving states (clusters)
 * can stand for many reads. What a listing does not show (a run that ended, a cluster that settled) is read.
 * Statements have no listing: they are always read.
 */
public final class Listing {
    private static final Logger LOG = Logger.getLogger(Listing.class.getName());
    /** The largest page {@code jobs/runs/list} serves. */
    static final int RUNS_PAGE_SIZE = 25;
    static final int CLUSTERS_PAGE_SIZE = 100;
    static final List<String> CLUSTERS_MOVING = List.of("PENDING", "RESTARTING", "RESIZING", "TERMINATING");

    private final PollEngine engine;

    Listing(PollEngine engine) {
        this.engine = engine;
    }

    /** Whether waits of this kind can be listed at all. */
    static boolean lists(PollEngine.Kind kind) {
        return kind != PollEngine.Kind.STATEMENTS;
    }

    static int pageSize(PollEngine.Kind kind) {
        return kind == PollEngine.Kind.RUNS ? RUNS_PAGE_SIZE : CLUSTERS_PAGE_SIZE;
    }

    void listPage(PollEngine.Group g, PollEngine.Cycle cycle, Map<Object, List<WaitEntry<?, ?>>> unfound, Set<WaitEntry<?, ?>> due,
                          String token, int pages) {
        DatabricksClient client;
        synchronized (g) {
            client = g.client;
            cycle.pending++;
        }
        if (client == null) {
            cycle.done();
            return;
        }
        engine.listings.increment();
        client.sendAsync(listRequest(g.kind, token), engine.scheduler, engine.blocking).whenComplete((answer, error) -> {
            try {
                String next = null;
                boolean exhaustive = false;
                List<WaitEntry<?, ?>> ended = new ArrayList<>();
                List<Runnable> out;
                synchronized (g) {
                    boolean owner = PollEngine.openOutbox(g);
                    try {
                    if (error != null) {
                        LOG.log(Level.FINE, "listing failed, reading the waits instead: {0}", error.getMessage());
                    } else {
                        Map<String, Object> page = Checks.map(answer, g.kind == PollEngine.Kind.RUNS ? "runs/list"
                                : "clusters/list");
                        long oldestStart = Long.MAX_VALUE;
                        for (Map<String, Object> item : Checks.listOfMaps(page, g.kind == PollEngine.Kind.RUNS ? "runs"
                                : "clusters")) {
                            Object id = g.kind == PollEngine.Kind.RUNS ? (item.get("run_id") instanceof Number
                                    ? ((Number) item.get("run_id")).longValue() : null) : item.get("cluster_id");
                            if (item.get("start_time") instanceof Number) {
                                oldestStart = Math.min(oldestStart, ((Number) item.get("start_time")).longValue());
                            }
                            List<WaitEntry<?, ?>> found = id == null ? null : unfound.get(id);
                            if (found == null || !found.get(0).stillMoving(item)) {
                                continue;
                            }
                            unfound.remove(id);
                            for (WaitEntry<?, ?> e : found) {
                                e.inFlight = false;
                                e.observe(item, false, cycle);
                            }
                        }
                        String token2 = Checks.string(page, "next_page_token");
                        next = token2 == null || token2.isEmpty() || token2.equals(token) ? null : token2;
                        // runs come newest first: a run started after the oldest listed would have been listed, so
                        // it has ended; read it now rather than after the last page
                        if (g.kind == PollEngine.Kind.RUNS && oldestStart != Long.MAX_VALUE) {
                            for (var it = unfound.values().iterator(); it.hasNext();) {
                                List<WaitEntry<?, ?>> l = it.next();
                                if (l.get(0).startTime() > oldestStart) {
                                    it.remove();
                                    ended.addAll(l);
                                }
                            }
                        }
                        exhaustive = next == null;
                        if (exhaustive || unfound.isEmpty()) {
                            g.listCost = pages + 1;
                            next = null;
                        } else if (pages + 1 >= due.size()) {
                            g.listCost = pages + 2;
                            next = null;
                        }
                    }
                    } finally {
                        out = PollEngine.closeOutbox(g, owner);
                    }
                }
                PollEngine.flush(out);
                ended.forEach(e -> engine.read(e, cycle));
                if (next != null) {
                    listPage(g, cycle, unfound, due, next, pages + 1);
                    return;
                }
                // not in the listing: ended, settled (a RUNNING or TERMINATED cluster), or past where it stopped
                for (List<WaitEntry<?, ?>> rest : unfound.values()) {
                    for (WaitEntry<?, ?> e : rest) {
                        if (exhaustive || due.contains(e)) {
                            engine.read(e, cycle);
                        } else {
                            synchronized (g) {
                                e.inFlight = false;
                            }
                        }
                    }
                }
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "unexpected listing answer; reading the waits instead", ex);
                for (List<WaitEntry<?, ?>> rest : unfound.values()) {
                    rest.forEach(e -> engine.read(e, cycle));
                }
            } finally {
                cycle.done();
            }
        });
    }

    private static Transport.Request listRequest(PollEngine.Kind kind, String token) {
        List<Map.Entry<String, String>> q = new ArrayList<>();
        if (kind == PollEngine.Kind.RUNS) {
            q.add(Map.entry("active_only", "true"));
            q.add(Map.entry("limit", String.valueOf(RUNS_PAGE_SIZE)));
        } else {
            q.add(Map.entry("page_size", String.valueOf(CLUSTERS_PAGE_SIZE)));
            CLUSTERS_MOVING.forEach(s -> q.add(Map.entry("filter_by.cluster_states", s)));
        }
        if (token != null) {
            q.add(Map.entry("page_token", token));
        }
        return Transport.Request.json("GET", kind == PollEngine.Kind.RUNS ? Jobs.BASE + "runs/list" : Clusters.BASE + "list",
                q, null, true);
    }

}
