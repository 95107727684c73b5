package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The polling engine behind {@link Waiter}: waits of one kind, host and principal form a {@link Group} with one
 * schedule; a cycle polls every due wait of a group, by a read each or by a {@link Listing} that stands for many
 * reads. Answers are processed under the group's lock; the lines and results they produce go out in order once
 * the lock is let go (the outbox). Everything runs as tasks on the scheduler; nothing here sleeps.
 */
final class PollEngine {
    private static final Logger LOG = Logger.getLogger(PollEngine.class.getName());
    /** Cycles of reads after which a listing's estimated cost is lowered by a page, to try it again. */
    private static final int PROBE_EVERY = 10;

    /** A kind of wait, which decides the listing. */
    enum Kind { RUNS, CLUSTERS, STATEMENTS }

    final ScheduledExecutorService scheduler;
    final java.util.concurrent.Executor blocking;
    final Clock clock;
    private final DoubleSupplier random;
    final Map<Object, Group> groups = new ConcurrentHashMap<>();
    final LongAdder cycles = new LongAdder();
    final LongAdder listings = new LongAdder();
    final LongAdder reads = new LongAdder();
    private final Listing listing = new Listing(this);

    PollEngine(ScheduledExecutorService scheduler, java.util.concurrent.Executor blocking, Clock clock,
            DoubleSupplier random) {
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.clock = clock;
        this.random = random;
    }

    void register(WaitEntry<?, ?> entry) {
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
    void retireIfIdle(Group g) {
        if (g.entries.isEmpty() && !g.cycleRunning && !g.retired) {
            g.retired = true;
            if (g.tick != null) {
                g.tick.cancel(false);
                g.tick = null;
            }
            groups.remove(g.key, g);
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
            for (WaitEntry<?, ?> entry : new ArrayList<>(g.entries)) {
                entry.fail(new DatabricksException("WAIT_STOPPED", "the scheduler polling this wait was shut down"));
            }
        }
    }

    /** Guarded by the group: starts collecting; false when an outer call on this thread already does. */
    static boolean openOutbox(Group g) {
        if (g.outbox != null) {
            return false;
        }
        g.outbox = new ArrayList<>();
        return true;
    }

    /** Guarded by the group: what was collected, for the call that started collecting. */
    static List<Runnable> closeOutbox(Group g, boolean owner) {
        if (!owner) {
            return List.of();
        }
        List<Runnable> out = g.outbox;
        g.outbox = null;
        return out;
    }

    /** Runs what was collected, outside the lock: listeners and callers' callbacks never hold up a group. */
    static void flush(List<Runnable> out) {
        for (Runnable r : out) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a wait's listener or callback failed", e);
            }
        }
    }

    /** Guarded by the group: the next tick at the earliest due wait. */
    void scheduleNext(Group g) {
        long next = Long.MAX_VALUE;
        for (WaitEntry<?, ?> e : g.entries) {
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
        List<WaitEntry<?, ?>> due = new ArrayList<>();
        List<WaitEntry<?, ?>> covered = new ArrayList<>();
        boolean list;
        Cycle cycle;
        synchronized (g) {
            g.tick = null;
            g.tickAt = Long.MAX_VALUE;
            if (g.cycleRunning) {
                return;
            }
            long now = clock.millis();
            for (WaitEntry<?, ?> e : g.entries) {
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
            list = Listing.lists(g.kind) && due.size() > g.estimatedListCost();
            if (!list && g.listCost > 1 && ++g.readCycles >= PROBE_EVERY) {
                // what a listing costs changes as runs start and end elsewhere: look again now and then
                g.listCost--;
                g.readCycles = 0;
            }
            for (WaitEntry<?, ?> e : list ? g.entries : due) {
                if (!e.inFlight) {
                    e.inFlight = true;
                    covered.add(e);
                }
            }
            cycle.pending++;
        }
        if (list) {
            Map<Object, List<WaitEntry<?, ?>>> unfound = new LinkedHashMap<>();
            covered.forEach(e -> unfound.computeIfAbsent(e.id(), k -> new ArrayList<>(1)).add(e));
            listing.listPage(g, cycle, unfound, Set.copyOf(due), null, 0);
        } else {
            covered.forEach(e -> read(e, cycle));
        }
        cycle.done();
    }

    void read(WaitEntry<?, ?> e, Cycle cycle) {
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

    /** The waits of one kind, host and principal: one schedule, one cycle at a time. Guarded by itself. */
    final class Group {
        final Kind kind;
        final Object key;
        /** Idle and out of the map: a new wait makes a new group. */
        boolean retired;
        final Set<WaitEntry<?, ?>> entries = new LinkedHashSet<>();
        final Map<Object, List<WaitEntry<?, ?>>> byId = new HashMap<>();
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

        void remove(WaitEntry<?, ?> e) {
            if (entries.remove(e)) {
                List<WaitEntry<?, ?>> same = byId.get(e.id());
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
            int size = Listing.pageSize(kind);
            return Math.max(1, (byId.size() + size - 1) / size);
        }
    }

    /** The requests of one cycle still out; when none is left the group may start the next cycle. */
    final class Cycle {
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

}
