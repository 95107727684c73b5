package io.jenkins.plugins.databricks.emulator.clusters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.Identity;
import io.jenkins.plugins.databricks.emulator.iam.Permissions;
import io.jenkins.plugins.databricks.emulator.iam.Users;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.Json;
import io.jenkins.plugins.databricks.emulator.workspace.ObjectType;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The workspace's clusters and their lifecycle. Public methods seed state for tests; the package-private
 * ones implement the REST operations. Thread-safe: the map is guarded by this, each cluster by itself.
 */
public final class Clusters {
    private final EmulatorClock clock;
    private final Duration startDuration;
    private final Duration terminateDuration;
    private final Permissions permissions;
    private final Users users;
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    public Clusters(EmulatorClock clock, Duration startDuration, Duration terminateDuration, Permissions permissions,
             Users users) {
        this.clock = clock;
        this.startDuration = startDuration;
        this.terminateDuration = terminateDuration;
        this.permissions = permissions;
        this.users = users;
    }

    /** A TERMINATED cluster, ready to be started. Returns its id. */
    public String create(String name) {
        return create(name, "TERMINATED");
    }

    /**
     * A cluster in the given state (PENDING and RESTARTING/RESIZING move on to RUNNING after the start
     * duration, TERMINATING to TERMINATED after the terminate duration).
     */
    public String create(String name, String state) {
        return createWithId(null, name, state);
    }

    /**
     * A cluster with a chosen id (such as the documentation's "0123-456789-abcdefgh"), in the given state.
     * A null id picks a new one; an id already in use is an error.
     */
    public String createWithId(String id, String name, String state) {
        Objects.requireNonNull(name, "name");
        ClusterState s;
        try {
            s = ClusterState.valueOf(Objects.requireNonNull(state, "state"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of " + java.util.Arrays.toString(ClusterState.values())
                    + ", got " + state, e);
        }
        Identity creator = new Identity("0", users.currentUserName(), users.currentUserName(), false);
        Cluster c = newCluster(id, defaultSpec(name), creator);
        long now = clock.now();
        synchronized (c) {
            c.startTime = now;
            switch (s) {
                case PENDING:
                    c.schedule(Cluster.pending(now), Cluster.running(now + startDuration.toMillis()));
                    break;
                case RESTARTING:
                case RESIZING:
                    c.schedule(new Cluster.Phase(s, now, "", null), Cluster.running(now + startDuration.toMillis()));
                    break;
                case TERMINATING:
                    Map<String, Object> reason = Cluster.userRequest(creator.userName());
                    c.schedule(Cluster.terminating(now, reason),
                            Cluster.terminated(now + terminateDuration.toMillis(), terminatedMessage(creator), reason));
                    break;
                case TERMINATED:
                    c.schedule(Cluster.terminated(now, terminatedMessage(creator), Cluster.userRequest(creator.userName())));
                    break;
                case ERROR:
                    c.schedule(new Cluster.Phase(s, now, "Cluster is in an error state",
                            Cluster.reason("UNEXPECTED_LAUNCH_FAILURE", "SERVICE_FAULT", Map.of())));
                    break;
                default:
                    c.schedule(new Cluster.Phase(s, now, "", null));
            }
        }
        return c.id;
    }

    /** The next start of this cluster ends in TERMINATED with the given termination reason code and message. */
    public void failNextStart(String clusterId, String code, String message) {
        Cluster c = find(clusterId).orElseThrow(() -> new IllegalArgumentException("no cluster " + clusterId));
        synchronized (c) {
            c.nextStartFailure = new Cluster.Failure(Objects.requireNonNull(code, "code"),
                    Objects.requireNonNull(message, "message"));
        }
    }

    /** Many TERMINATED clusters at once (for listing benchmarks). Returns their ids in creation order. */
    public List<String> createMany(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(create("cluster-" + (i + 1)));
        }
        return ids;
    }

    /** The current state name of a cluster, e.g. "RUNNING". */
    public String state(String clusterId) {
        Cluster c = find(clusterId).orElseThrow(() -> new IllegalArgumentException("no cluster " + clusterId));
        synchronized (c) {
            return c.current(clock.now()).state().name();
        }
    }

    public boolean exists(String clusterId) {
        return find(clusterId).isPresent();
    }

    public synchronized int count() {
        return clusters.size();
    }

    // ---- REST operations ----

    Cluster newCluster(ObjectNode spec, Identity creator) {
        return newCluster(null, spec, creator);
    }

    private Cluster newCluster(String chosenId, ObjectNode spec, Identity creator) {
        Cluster c;
        synchronized (this) {
            String id = chosenId;
            if (id != null && (id.isBlank() || clusters.containsKey(id))) {
                throw new IllegalArgumentException("cluster id " + id + " is empty or already in use");
            }
            while (id == null || clusters.containsKey(id)) {
                id = newId();
            }
            c = new Cluster(id, seq.incrementAndGet(), creator.userName(), spec);
            clusters.put(id, c);
        }
        permissions.grant(ObjectType.byUrlType("clusters").orElseThrow().objectId(c.id),
                new Permissions.Grant(creator.aclField(), creator.userName(), "CAN_MANAGE"));
        return c;
    }

    /** clusters/create: a new cluster that starts right away. */
    String createAndStart(ObjectNode spec, Identity creator) {
        Cluster c = newCluster(spec, creator);
        long now = clock.now();
        synchronized (c) {
            c.startTime = now;
            c.schedule(Cluster.pending(now), Cluster.running(now + startDuration.toMillis()));
        }
        return c.id;
    }

    synchronized java.util.Optional<Cluster> find(String id) {
        return java.util.Optional.ofNullable(clusters.get(id));
    }

    /** Databricks answers an unknown cluster id with 400, not 404. */
    Cluster get(String id) {
        return find(id).orElseThrow(() -> ApiException.invalidParameter("Cluster " + id + " does not exist"));
    }

    Map<String, Object> json(Cluster c) {
        synchronized (c) {
            return c.toJson(clock.now());
        }
    }

    /** All clusters in creation order (a copy, so listing does not hold the lock while rendering). */
    List<Cluster> snapshot() {
        synchronized (this) {
            return new ArrayList<>(clusters.values());
        }
    }

    ClusterState stateOf(Cluster c) {
        synchronized (c) {
            return c.current(clock.now()).state();
        }
    }

    void start(String id) {
        Cluster c = get(id);
        long now = clock.now();
        synchronized (c) {
            ClusterState s = c.current(now).state();
            if (s != ClusterState.TERMINATED) {
                throw unexpectedState(id, s);
            }
            c.startTime = now;
            long ready = now + startDuration.toMillis();
            if (c.nextStartFailure != null) {
                Cluster.Failure f = c.nextStartFailure;
                c.nextStartFailure = null;
                Map<String, Object> reason = Cluster.reason(f.code(), failureType(f.code()),
                        Map.of("databricks_error_message", f.message()));
                c.schedule(Cluster.pending(now), Cluster.terminated(ready, f.message(), reason));
            } else {
                c.schedule(Cluster.pending(now), Cluster.running(ready));
            }
        }
    }

    void restart(String id) {
        Cluster c = get(id);
        long now = clock.now();
        synchronized (c) {
            ClusterState s = c.current(now).state();
            if (s != ClusterState.RUNNING) {
                throw unexpectedState(id, s);
            }
            restartNow(c, now);
        }
    }

    private void restartNow(Cluster c, long now) {
        c.lastRestartedTime = now;
        c.schedule(new Cluster.Phase(ClusterState.RESTARTING, now, "Restarting the cluster", null),
                Cluster.running(now + startDuration.toMillis()));
    }

    /** clusters/delete: terminate; a no-op for a cluster already terminating or terminated. */
    void terminate(String id, Identity who) {
        Cluster c = get(id);
        long now = clock.now();
        synchronized (c) {
            ClusterState s = c.current(now).state();
            if (s == ClusterState.TERMINATING || s == ClusterState.TERMINATED) {
                return;
            }
            Map<String, Object> reason = Cluster.userRequest(who.userName());
            c.schedule(Cluster.terminating(now, reason),
                    Cluster.terminated(now + terminateDuration.toMillis(), terminatedMessage(who), reason));
        }
    }

    void permanentDelete(String id) {
        get(id);
        synchronized (this) {
            clusters.remove(id);
        }
        permissions.forget(ObjectType.byUrlType("clusters").orElseThrow().objectId(id));
    }

    /** clusters/edit: a running cluster restarts to apply the change; only RUNNING or TERMINATED can be edited. */
    void edit(String id, ObjectNode spec) {
        Cluster c = get(id);
        long now = clock.now();
        synchronized (c) {
            ClusterState s = c.current(now).state();
            if (s != ClusterState.RUNNING && s != ClusterState.TERMINATED) {
                throw unexpectedState(id, s);
            }
            c.spec = spec;
            if (s == ClusterState.RUNNING) {
                restartNow(c, now);
            }
        }
    }

    public synchronized void reset() {
        clusters.clear();
    }

    public Predicate<String> existence() {
        return this::exists;
    }

    private static ApiException unexpectedState(String id, ClusterState s) {
        return ApiException.invalidState("Cluster " + id + " is in unexpected state " + s.titleCase() + ".");
    }

    private static String terminatedMessage(Identity who) {
        return "Termination requested by " + who.userName();
    }

    private static String failureType(String code) {
        return code.contains("CLOUD") || code.contains("BOOTSTRAP") || code.contains("INSTANCE")
                ? "CLOUD_FAILURE" : "SERVICE_FAULT";
    }

    static ObjectNode defaultSpec(String name) {
        ObjectNode spec = Json.object();
        spec.put("cluster_name", name);
        spec.put("spark_version", "15.4.x-scala2.12");
        spec.put("node_type_id", "i3.xlarge");
        spec.put("driver_node_type_id", "i3.xlarge");
        spec.put("num_workers", 1);
        spec.put("autotermination_minutes", 60);
        return spec;
    }

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("MMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** Ids shaped like Databricks': creation time as MMDD-HHMMSS (UTC), then 8 random letters and digits. */
    private String newId() {
        StringBuilder sb = new StringBuilder(20).append(ID_TIME.format(Instant.ofEpochMilli(clock.now()))).append('-');
        for (int i = 0; i < 8; i++) {
            sb.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }
}
