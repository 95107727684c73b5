package io.jenkins.plugins.databricks.client;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits for job runs to end and clusters to run without a thread per wait: any number of waits register here,
 * and their polls are tasks on a scheduler the caller owns (Jenkins passes its shared {@code Timer}). Waits of
 * clients with the same host and principal share one poll schedule, and when several are due at once one
 * listing can stand for many reads: {@code jobs/runs/list?active_only=true} (25 runs a page) for runs,
 * {@code clusters/list} filtered to the starting and terminating states for clusters. A listing is used only
 * when it costs fewer requests than a read per due wait; whatever is not in it (a run that ended, a cluster
 * that is RUNNING or TERMINATED) is then read with {@code runs/get} / {@code clusters/get}, which gives the
 * final answer. Every request goes through the host's rate limiter and the client's retry policy, exactly as
 * the blocking calls do, but waits for its slot, its answer and its retries as scheduled tasks.
 *
 * <p>Each wait keeps the schedule of the blocking calls ({@link PollSchedule}: 1 s, 2 s, ... 10 s plus up to
 * 10% jitter), the same progress lines, the same end and the same failures: {@link Jobs#waitForRun} and
 * {@link Clusters#ensureRunning} are the same logic with a thread. A wait that is due within its jitter of
 * another is polled with it, so the waits of a workspace fall into step and share their listings.
 *
 * <p>Durable: {@link Handle#checkpoint()} is a small Serializable value ({@link RunWait}, {@link ClusterWait});
 * registering it again, in another JVM after a restart, resumes the wait where it was. Thread-safe.
 *
 * <p>Progress lines and results reach the caller on scheduler threads and never under one of the waiter's
 * locks: a wait's lines in order, and its result after its last line; {@link Handle#checkpoint()} called from
 * the listener already holds the state of the line. A listener should return quickly: until it does, the next
 * poll of the waits sharing its schedule (same host and principal) waits for it; other waits do not.
 */
public final class Waiter {
    private static final Logger LOG = Logger.getLogger(Waiter.class.getName());
    /** The largest page {@code jobs/runs/list} serves. */
    static final int RUNS_PAGE_SIZE = 25;
    static final int CLUSTERS_PAGE_SIZE = 100;
    /** Cycles of reads after which a listing's estimated cost is lowered by a page, to try it again. */
    private static final int PROBE_EVERY = 10;
    private static final List<String> CLUSTERS_MOVING = List.of("PENDING", "RESTARTING", "RESIZING", "TERMINATING");

    private final ScheduledExecutorService scheduler;
    private final java.util.concurrent.Executor blocking;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Map<Object, Group> groups = new ConcurrentHashMap<>();
    private final LongAdder cycles = new LongAdder();
    private final LongAdder listings = new LongAdder();
    private final LongAdder reads = new LongAdder();

    private Waiter(Builder b) {
        this.scheduler = b.scheduler;
        this.blocking = b.blocking;
        this.clock = b.clock;
        this.random = b.random;
    }

    /**
     * @param scheduler runs every poll; shared, never shut down by the waiter. One thread is enough for
     *                  thousands of waits: a task only sends a request or reads an answer, it never sleeps
     * @return a builder
     */
    public static Builder builder(ScheduledExecutorService scheduler) {
        return new Builder(scheduler);
    }

    /** @return the clock deadlines are measured on */
    public Clock clock() {
        return clock;
    }

    /**
     * Waits for a job run to reach a terminal life cycle state (TERMINATED, SKIPPED, INTERNAL_ERROR).
     *
     * @param client the workspace and credential to poll with
     * @param wait the run, the deadline and what was reported so far ({@link RunWait#of} for a new wait)
     * @param listener receives the run page URL and every state change, as {@link Jobs#waitForRun}; may be null
     * @return the wait; its result is the outcome (a failed run is an outcome, not an exception), or fails with
     *         {@link DatabricksException} ({@link DatabricksException#TIMEOUT} at the deadline;
     *         {@link DatabricksException#isNotFound()} when the run was deleted; or a request failure after the
     *         retry policy gave up)
     */
    public Handle<RunOutcome, RunWait> waitForRun(DatabricksClient client, RunWait wait, ProgressListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(wait, "wait");
        RunEntry entry = new RunEntry(client, wait, Checks.listener(listener));
        register(entry);
        return entry;
    }

    /**
     * Makes sure a cluster runs and waits until it does, as {@link Clusters#ensureRunning}: TERMINATED is started,
     * TERMINATING is waited for and then started, PENDING, RESTARTING and RESIZING are waited for.
     *
     * @param client the workspace and credential to poll with
     * @param wait the cluster, the deadline and what was seen so far ({@link ClusterWait#of} for a new wait)
     * @param listener receives a line at the start request and at every state change; may be null
     * @return the wait; its result is the cluster object in state RUNNING, or fails with
     *         {@link DatabricksException} ({@link DatabricksException#CLUSTER_START_FAILED},
     *         {@link DatabricksException#TIMEOUT}, or a request failure)
     */
    public Handle<Map<String, Object>, ClusterWait> waitForCluster(DatabricksClient client, ClusterWait wait,
                                                                   ProgressListener listener) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(wait, "wait");
        ClusterEntry entry = new ClusterEntry(client, wait, Checks.listener(listener));
        register(entry);
        return entry;
    }

    /**
     * Asks Databricks to cancel a run ({@code runs/cancel}, asynchronous on the Databricks side) without a
     * registered wait, for example for a wait that was not resumed. Never fails: the answer says what happened.
     *
     * @param client the workspace and credential
     * @param runId the run; positive
     * @param timeout how long to try (retries included); positive
     * @return a line for the build log: the cancel was requested, or the run may still be running and why
     */
    public CompletableFuture<String> cancelRun(DatabricksClient client, long runId, Duration timeout) {
        Checks.positive(runId, "runId");
        Checks.timeout(timeout, "timeout");
        CompletableFuture<Object> sent = client.sendAsync(Transport.Request.json("POST", Jobs.BASE + "runs/cancel",
                List.of(), Map.of("run_id", runId), true), scheduler, blocking);
        CompletableFuture<String> said = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(() -> {
            if (said.complete("Run " + runId + " may still be running: the cancel request got no answer within "
                    + timeout)) {
                sent.cancel(false);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        sent.whenComplete((answer, error) -> {
            timer.cancel(false);
            said.complete(error == null ? "Asked Databricks to cancel run " + runId
                    : "Run " + runId + " may still be running: cancelling it failed: " + error.getMessage());
        });
        return said;
    }

    /** @return the waits registered and not yet ended */
    public int activeWaits() {
        int n = 0;
        for (Group g : groups.values()) {
            synchronized (g) {
                n += g.entries.size();
            }
        }
        return n;
    }

    /**
     * What the waits cost so far.
     *
     * @param cycles poll cycles that sent at least one request (a cycle serves every due wait of a workspace)
     * @param listings listing pages requested (runs/list, clusters/list)
     * @param reads single reads (runs/get, clusters/get)
     */
    public record Counts(long cycles, long listings, long reads) {
    }

    /** @return what the waits cost so far */
    public Counts counts() {
        return new Counts(cycles.sum(), listings.sum(), reads.sum());
    }

    /**
     * A registered wait.
     *
     * @param <R> what it ends with
     * @param <W> what it persists
     */
    public interface Handle<R, W extends Serializable> {
        /** @return completes with the wait's end, on a scheduler thread */
        CompletableFuture<R> result();

        /** @return what to persist now: registering it again resumes this wait where it is */
        W checkpoint();

        /**
         * Stops waiting (the result fails with a {@link CancellationException}); for a run, also asks
         * Databricks to cancel it, as {@link Waiter#cancelRun}. A cluster keeps starting.
         *
         * @param timeout how long the cancel request may take; positive
         * @return a line for the build log, once the cancel was requested or given up on; never fails
         */
        CompletableFuture<String> cancel(Duration timeout);

        /**
         * Stops polling without sending anything (the JVM is going down; the wait resumes from the checkpoint).
         * The result fails with a {@link CancellationException}.
         *
         * @return the checkpoint
         */
        W detach();
    }

    /** Configures a {@link Waiter}. */
    public static final class Builder {
        private final ScheduledExecutorService scheduler;
        private java.util.concurrent.Executor blocking;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        /**
         * @param clock what deadlines and due times are measured on; it must move with the scheduler's delays.
         *              Default: the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param blocking runs what must block before a poll can be sent: fetching or refreshing an OAuth token
         *                 (about once an hour per service principal). Default: none, the scheduler runs it
         * @return this builder
         */
        public Builder blockingExecutor(java.util.concurrent.Executor blocking) {
            this.blocking = Objects.requireNonNull(blocking, "blocking");
            return this;
        }

        /**
         * @param random the jitter source: numbers from 0 to 1 (default: random)
         * @return this builder
         */
        public Builder jitter(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** @return the waiter */
        public Waiter build() {
            return new Waiter(this);
        }
    }

    // ---- engine ----

    private void register(Entry<?, ?> entry) {
        Object key = List.of(entry.kind(), entry.client.principalKey());
        while (true) {
            Group g = groups.computeIfAbsent(key, k -> new Group(entry.kind(), k));
            synchronized (g) {
                if (g.retired) {
                    continue; // it went idle and left the map just now: take the new one
                }
                g.client = entry.client;
                g.entries.add(entry);
                g.byId.computeIfAbsent(entry.id(), k -> new ArrayList<>(1)).add(entry);
                entry.group = g;
                entry.nextDue = clock.millis();
                scheduleTick(g, entry.nextDue);
                return;
            }
        }
    }

    /**
     * Guarded by the group: a group with no wait and no cycle under way leaves the map, so groups do not pile up as
     * tokens rotate and principals come and go.
     */
    private void retireIfIdle(Group g) {
        if (g.entries.isEmpty() && !g.cycleRunning && !g.retired) {
            g.retired = true;
            if (g.tick != null) {
                g.tick.cancel(false);
                g.tick = null;
            }
            groups.remove(g.key, g);
        }
    }

    /** @return the groups (kind, host and principal) that have waits, for tests */
    int groups() {
        return groups.size();
    }

    /** A kind of wait, which decides the listing; the group of a host and principal per kind. */
    private enum Kind { RUNS, CLUSTERS }

    /** The waits of one kind, host and principal: one schedule, one cycle at a time. Guarded by itself. */
    private final class Group {
        final Kind kind;
        final Object key;
        /** Idle and out of the map: a new wait makes a new group. */
        boolean retired;
        final Set<Entry<?, ?>> entries = new LinkedHashSet<>();
        final Map<Object, List<Entry<?, ?>>> byId = new HashMap<>();
        DatabricksClient client;
        boolean cycleRunning;
        ScheduledFuture<?> tick;
        long tickAt = Long.MAX_VALUE;
        /** Pages the last listing needed to find every wait; -1 when unknown. */
        int listCost = -1;
        /** Cycles of reads since the estimate was last lowered. */
        int readCycles;
        /**
         * While a thread holding the lock processes answers: the progress lines and result completions to run once
         * it has let go of the lock, in order (a wait's last line before its result). Null otherwise.
         */
        List<Runnable> outbox;

        Group(Kind kind, Object key) {
            this.kind = kind;
            this.key = key;
        }

        void remove(Entry<?, ?> e) {
            if (entries.remove(e)) {
                List<Entry<?, ?>> same = byId.get(e.id());
                if (same != null) {
                    same.remove(e);
                    if (same.isEmpty()) {
                        byId.remove(e.id());
                    }
                }
            }
            if (entries.isEmpty()) {
                client = null;
                retireIfIdle(this);
            }
        }

        int estimatedListCost() {
            if (listCost > 0) {
                return listCost;
            }
            int size = kind == Kind.RUNS ? RUNS_PAGE_SIZE : CLUSTERS_PAGE_SIZE;
            return Math.max(1, (byId.size() + size - 1) / size);
        }
    }

    /** Guarded by the group. */
    private void scheduleTick(Group g, long at) {
        if (g.cycleRunning || at >= g.tickAt) {
            return;
        }
        if (g.tick != null) {
            g.tick.cancel(false);
        }
        g.tickAt = at;
        try {
            g.tick = scheduler.schedule(() -> tick(g), Math.max(0, at - clock.millis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            for (Entry<?, ?> entry : new ArrayList<>(g.entries)) {
                entry.fail(new DatabricksException("WAIT_STOPPED", "the scheduler polling this wait was shut down"));
            }
        }
    }

    /** Guarded by the group: starts collecting; false when an outer call on this thread already does. */
    private static boolean openOutbox(Group g) {
        if (g.outbox != null) {
            return false;
        }
        g.outbox = new ArrayList<>();
        return true;
    }

    /** Guarded by the group: what was collected, for the call that started collecting. */
    private static List<Runnable> closeOutbox(Group g, boolean owner) {
        if (!owner) {
            return List.of();
        }
        List<Runnable> out = g.outbox;
        g.outbox = null;
        return out;
    }

    /** Runs what was collected, outside the lock: listeners and callers' callbacks never hold up a group. */
    private static void flush(List<Runnable> out) {
        for (Runnable r : out) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a wait's listener or callback failed", e);
            }
        }
    }

    /** Guarded by the group: the next tick at the earliest due wait. */
    private void scheduleNext(Group g) {
        long next = Long.MAX_VALUE;
        for (Entry<?, ?> e : g.entries) {
            if (!e.inFlight) {
                next = Math.min(next, e.nextDue - e.window);
            }
        }
        if (next != Long.MAX_VALUE) {
            scheduleTick(g, next);
        }
    }

    /** One poll cycle of a group: a listing for all its waits or a read per due wait. */
    private void tick(Group g) {
        List<Entry<?, ?>> due = new ArrayList<>();
        List<Entry<?, ?>> covered = new ArrayList<>();
        boolean list;
        Cycle cycle;
        synchronized (g) {
            g.tick = null;
            g.tickAt = Long.MAX_VALUE;
            if (g.cycleRunning) {
                return;
            }
            long now = clock.millis();
            for (Entry<?, ?> e : g.entries) {
                if (!e.inFlight && e.nextDue - e.window <= now) {
                    due.add(e);
                }
            }
            if (due.isEmpty()) {
                scheduleNext(g);
                return;
            }
            cycles.increment();
            g.cycleRunning = true;
            cycle = new Cycle(g);
            list = due.size() > g.estimatedListCost();
            if (!list && g.listCost > 1 && ++g.readCycles >= PROBE_EVERY) {
                // what a listing costs changes as runs start and end elsewhere: look again now and then
                g.listCost--;
                g.readCycles = 0;
            }
            for (Entry<?, ?> e : list ? g.entries : due) {
                if (!e.inFlight) {
                    e.inFlight = true;
                    covered.add(e);
                }
            }
            cycle.pending++;
        }
        if (list) {
            Map<Object, List<Entry<?, ?>>> unfound = new LinkedHashMap<>();
            covered.forEach(e -> unfound.computeIfAbsent(e.id(), k -> new ArrayList<>(1)).add(e));
            listPage(g, cycle, unfound, Set.copyOf(due), null, 0);
        } else {
            covered.forEach(e -> read(e, cycle));
        }
        cycle.done();
    }

    /** The requests of one cycle still out; when none is left the group may start the next cycle. */
    private final class Cycle {
        final Group group;
        /** Every wait this cycle saw counts its next delay from the cycle's start, with one jitter: in step. */
        final long start = clock.millis();
        final double jitter = random.getAsDouble();
        int pending;

        Cycle(Group group) {
            this.group = group;
        }

        void done() {
            synchronized (group) {
                if (--pending == 0) {
                    group.cycleRunning = false;
                    scheduleNext(group);
                    retireIfIdle(group);
                }
            }
        }
    }

    private void read(Entry<?, ?> e, Cycle cycle) {
        synchronized (cycle.group) {
            cycle.pending++;
        }
        reads.increment();
        e.client.sendAsync(e.readRequest(), scheduler, blocking).whenComplete((answer, error) -> {
            List<Runnable> out = List.of();
            try {
                synchronized (cycle.group) {
                    boolean owner = openOutbox(cycle.group);
                    try {
                        e.inFlight = false;
                        if (error != null) {
                            e.readFailed(error, cycle);
                        } else {
                            e.observe(Checks.map(answer, e.readName()), true, cycle);
                        }
                    } catch (RuntimeException ex) {
                        e.fail(ex);
                    } finally {
                        out = closeOutbox(cycle.group, owner);
                    }
                }
            } finally {
                flush(out);
                cycle.done();
            }
        });
    }

    private void listPage(Group g, Cycle cycle, Map<Object, List<Entry<?, ?>>> unfound, Set<Entry<?, ?>> due,
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
        listings.increment();
        client.sendAsync(listRequest(g.kind, token), scheduler, blocking).whenComplete((answer, error) -> {
            try {
                String next = null;
                boolean exhaustive = false;
                List<Entry<?, ?>> ended = new ArrayList<>();
                List<Runnable> out;
                synchronized (g) {
                    boolean owner = openOutbox(g);
                    try {
                    if (error != null) {
                        LOG.log(Level.FINE, "listing failed, reading the waits instead: {0}", error.getMessage());
                    } else {
                        Map<String, Object> page = Checks.map(answer, g.kind == Kind.RUNS ? "runs/list"
                                : "clusters/list");
                        long oldestStart = Long.MAX_VALUE;
                        for (Map<String, Object> item : Checks.listOfMaps(page, g.kind == Kind.RUNS ? "runs"
                                : "clusters")) {
                            Object id = g.kind == Kind.RUNS ? (item.get("run_id") instanceof Number
                                    ? ((Number) item.get("run_id")).longValue() : null) : item.get("cluster_id");
                            if (item.get("start_time") instanceof Number) {
                                oldestStart = Math.min(oldestStart, ((Number) item.get("start_time")).longValue());
                            }
                            List<Entry<?, ?>> found = id == null ? null : unfound.get(id);
                            if (found == null || !found.get(0).stillMoving(item)) {
                                continue;
                            }
                            unfound.remove(id);
                            for (Entry<?, ?> e : found) {
                                e.inFlight = false;
                                e.observe(item, false, cycle);
                            }
                        }
                        String token2 = Checks.string(page, "next_page_token");
                        next = token2 == null || token2.isEmpty() || token2.equals(token) ? null : token2;
                        // runs come newest first: a run started after the oldest listed would have been listed, so
                        // it has ended; read it now rather than after the last page
                        if (g.kind == Kind.RUNS && oldestStart != Long.MAX_VALUE) {
                            for (var it = unfound.values().iterator(); it.hasNext();) {
                                List<Entry<?, ?>> l = it.next();
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
                        out = closeOutbox(g, owner);
                    }
                }
                flush(out);
                ended.forEach(e -> read(e, cycle));
                if (next != null) {
                    listPage(g, cycle, unfound, due, next, pages + 1);
                    return;
                }
                // not in the listing: ended, settled (a RUNNING or TERMINATED cluster), or past where it stopped
                for (List<Entry<?, ?>> rest : unfound.values()) {
                    for (Entry<?, ?> e : rest) {
                        if (exhaustive || due.contains(e)) {
                            read(e, cycle);
                        } else {
                            synchronized (g) {
                                e.inFlight = false;
                            }
                        }
                    }
                }
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "unexpected listing answer; reading the waits instead", ex);
                for (List<Entry<?, ?>> rest : unfound.values()) {
                    rest.forEach(e -> read(e, cycle));
                }
            } finally {
                cycle.done();
            }
        });
    }

    private static Transport.Request listRequest(Kind kind, String token) {
        List<Map.Entry<String, String>> q = new ArrayList<>();
        if (kind == Kind.RUNS) {
            q.add(Map.entry("active_only", "true"));
            q.add(Map.entry("limit", String.valueOf(RUNS_PAGE_SIZE)));
        } else {
            q.add(Map.entry("page_size", String.valueOf(CLUSTERS_PAGE_SIZE)));
            CLUSTERS_MOVING.forEach(s -> q.add(Map.entry("filter_by.cluster_states", s)));
        }
        if (token != null) {
            q.add(Map.entry("page_token", token));
        }
        return Transport.Request.json("GET", kind == Kind.RUNS ? Jobs.BASE + "runs/list" : Clusters.BASE + "list",
                q, null, true);
    }

    /** One registered wait. Its fields are guarded by its group. */
    private abstract class Entry<R, W extends Serializable> implements Handle<R, W> {
        final DatabricksClient client;
        final ProgressListener listener;
        final CompletableFuture<R> result = new CompletableFuture<>();
        final Duration timeout;
        final long deadline;
        final java.time.Instant deadlineInstant;
        Group group;
        int poll;
        long nextDue;
        /** How early the wait may be polled with others: the jitter of its last delay. */
        long window;
        boolean inFlight;
        /** Finished or failed; its result may complete a moment later, in a task of its own. */
        boolean ended;

        Entry(DatabricksClient client, ProgressListener listener, Duration timeout, java.time.Instant deadline) {
            this.client = client;
            this.listener = listener;
            this.timeout = timeout;
            this.deadline = deadline.toEpochMilli();
            this.deadlineInstant = deadline;
            this.lines = line -> deliver(() -> listener.progress(line));
        }

        abstract Kind kind();

        abstract Object id();

        abstract Transport.Request readRequest();

        abstract String readName();

        /** Whether a listed object is one still on its way (else it is read to get its final form). */
        abstract boolean stillMoving(Map<String, Object> listed);

        long startTime() {
            return -1;
        }

        /** Looks at the object and ends the wait or schedules its next poll. Guarded by the group. */
        abstract void observe(Map<String, Object> object, boolean read, Cycle cycle);

        /** Guarded by the group. */
        void readFailed(Throwable error, Cycle cycle) {
            fail(error);
        }

        /**
         * Guarded by the group: fails at the deadline, else polls again after the schedule's next delay, counted
         * from the start of the cycle that saw it.
         */
        void next(Cycle cycle) {
            long now = clock.millis();
            if (now >= deadline) {
                fail(timeoutException());
                return;
            }
            Duration delay = client.pollSchedule().delay(++poll, cycle.jitter);
            long delayMillis = Math.max(1, delay.toMillis());
            nextDue = Math.min(cycle.start + delayMillis, deadline);
            window = delayMillis / 11;
        }

        abstract DatabricksException timeoutException();

        void finish(R value) {
            synchronized (group) {
                ended = true;
                group.remove(this);
                deliver(() -> result.complete(value));
            }
        }

        void fail(Throwable error) {
            synchronized (group) {
                ended = true;
                group.remove(this);
                deliver(() -> result.completeExceptionally(error));
            }
        }

        /**
         * Guarded by the group: runs {@code r} once the lock is let go, after the lines before it, or in a task of
         * its own when no answer is being processed: listeners and callbacks never run under a group's lock.
         */
        void deliver(Runnable r) {
            if (group.outbox != null) {
                group.outbox.add(r);
                return;
            }
            try {
                scheduler.execute(r);
            } catch (RejectedExecutionException e) {
                r.run();
            }
        }

        /** What the trackers report to: the wait's listener, once the lock is let go. */
        final ProgressListener lines;

        boolean stop() {
            synchronized (group) {
                boolean active = group.entries.contains(this);
                group.remove(this);
                return active;
            }
        }

        @Override
        public CompletableFuture<R> result() {
            return result;
        }

        @Override
        public W detach() {
            stop();
            result.completeExceptionally(new CancellationException("stopped waiting; resume from the checkpoint"));
            return checkpoint();
        }
    }

    private final class RunEntry extends Entry<RunOutcome, RunWait> {
        private final RunTracker tracker;

        RunEntry(DatabricksClient client, RunWait wait, ProgressListener listener) {
            super(client, listener, wait.timeout(), wait.deadline());
            this.tracker = new RunTracker(wait.runId(), wait.lastState());
        }

        @Override
        Kind kind() {
            return Kind.RUNS;
        }

        @Override
        Object id() {
            return tracker.runId();
        }

        @Override
        Transport.Request readRequest() {
            return Transport.Request.json("GET", Jobs.BASE + "runs/get",
                    List.of(Map.entry("run_id", String.valueOf(tracker.runId()))), null, true);
        }

        @Override
        String readName() {
            return "runs/get";
        }

        @Override
        boolean stillMoving(Map<String, Object> listed) {
            return !RunTracker.terminal(Jobs.outcome(tracker.runId(), listed));
        }

        @Override
        long startTime() {
            return tracker.startTime();
        }

        @Override
        void observe(Map<String, Object> run, boolean read, Cycle cycle) {
            if (ended || result.isDone()) {
                return;
            }
            RunOutcome now = tracker.observe(run, lines);
            if (RunTracker.terminal(now)) {
                finish(now);
            } else {
                next(cycle);
            }
        }

        @Override
        void readFailed(Throwable error, Cycle cycle) {
            fail(error instanceof DatabricksException && ((DatabricksException) error).isNotFound()
                    ? tracker.gone((DatabricksException) error) : error);
        }

        @Override
        DatabricksException timeoutException() {
            return tracker.timeout(timeout);
        }

        @Override
        public RunWait checkpoint() {
            synchronized (group) {
                return new RunWait(tracker.runId(), timeout, deadlineInstant,
                        tracker.lastReported());
            }
        }

        @Override
        public CompletableFuture<String> cancel(Duration timeout) {
            Checks.timeout(timeout, "timeout");
            if (!stop()) {
                return CompletableFuture.completedFuture("Run " + tracker.runId() + " is no longer waited for;"
                        + " nothing to cancel");
            }
            result.completeExceptionally(new CancellationException("the wait for run " + tracker.runId()
                    + " was cancelled"));
            return cancelRun(client, tracker.runId(), timeout);
        }
    }

    private final class ClusterEntry extends Entry<Map<String, Object>, ClusterWait> {
        private final String clusterId;
        private final ClusterTracker tracker;

        ClusterEntry(DatabricksClient client, ClusterWait wait, ProgressListener listener) {
            super(client, listener, wait.timeout(), wait.deadline());
            this.clusterId = wait.clusterId();
            this.tracker = new ClusterTracker(wait.clusterId(), wait.lastState(), wait.startSeen());
        }

        @Override
        Kind kind() {
            return Kind.CLUSTERS;
        }

        @Override
        Object id() {
            return clusterId;
        }

        @Override
        Transport.Request readRequest() {
            return Transport.Request.json("GET", Clusters.BASE + "get", List.of(Map.entry("cluster_id", clusterId)),
                    null, true);
        }

        @Override
        String readName() {
            return "clusters/get";
        }

        @Override
        boolean stillMoving(Map<String, Object> listed) {
            return CLUSTERS_MOVING.contains(String.valueOf(listed.get("state")));
        }

        @Override
        void observe(Map<String, Object> cluster, boolean read, Cycle cycle) {
            if (ended || result.isDone()) {
                return;
            }
            ClusterTracker.Next next = tracker.observe(cluster, lines);
            if (next == ClusterTracker.Next.DONE) {
                finish(cluster);
            } else if (next == ClusterTracker.Next.START) {
                requestStart(cycle);
            } else {
                next(cycle);
            }
        }

        /** Guarded by the group. */
        private void requestStart(Cycle cycle) {
            inFlight = true;
            cycle.pending++;
            // starting twice is harmless (the second answers INVALID_STATE), so the request is safe to repeat
            client.sendAsync(Transport.Request.json("POST", Clusters.BASE + "start", List.of(),
                    Map.of("cluster_id", clusterId), true), scheduler, blocking).whenComplete((answer, error) -> {
                        List<Runnable> out = List.of();
                        try {
                            synchronized (group) {
                                boolean owner = openOutbox(group);
                                try {
                                    started(error, cycle);
                                } finally {
                                    out = closeOutbox(group, owner);
                                }
                            }
                        } finally {
                            flush(out);
                            cycle.done();
                        }
                    });
        }

        /** Guarded by the group: the start request's answer. */
        private void started(Throwable error, Cycle cycle) {
            inFlight = false;
            if (ended || result.isDone()) {
                return;
            }
            if (error != null && !(error instanceof DatabricksException
                    && "INVALID_STATE".equals(((DatabricksException) error).errorCode()))) {
                fail(error);
                return;
            }
            tracker.started();
            poll = 0;
            next(cycle);
        }

        @Override
        DatabricksException timeoutException() {
            return tracker.timeout(timeout);
        }

        @Override
        public ClusterWait checkpoint() {
            synchronized (group) {
                return new ClusterWait(clusterId, timeout, deadlineInstant,
                        tracker.lastState(), tracker.startSeen());
            }
        }

        @Override
        public CompletableFuture<String> cancel(Duration timeout) {
            Checks.timeout(timeout, "timeout");
            stop();
            result.completeExceptionally(new CancellationException("the wait for cluster " + clusterId
                    + " was cancelled"));
            return CompletableFuture.completedFuture("Stopped waiting for cluster " + clusterId
                    + "; it goes on starting");
        }
    }
}
