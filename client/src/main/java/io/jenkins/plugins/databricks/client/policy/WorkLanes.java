package io.jenkins.plugins.databricks.client.policy;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs blocking Databricks work (a sign-in, a trigger with its retries and rate-limit pauses, a result read) on a
 * bounded pool, with at most {@code perLane} tasks of one lane (one workspace host) on the pool at a time; the rest
 * of a lane queue in the lane, not in the pool. A throttled or dead workspace therefore holds at most
 * {@code perLane} threads, and the work of every other workspace goes on.
 *
 * <p>{@link Future#cancel(boolean) cancel(true)} of a returned future interrupts a running task (a retry pause, a
 * rate-limiter wait and an HTTP exchange of the client all end on an interrupt) and drops a queued one. Thread-safe.
 */
public final class WorkLanes {
    private final Executor pool;
    private final int perLane;
    private final Map<String, Lane> lanes = new HashMap<>();

    /**
     * @param pool runs the tasks; should be bounded (its size divided by {@code perLane} is how many workspaces may
     *             be slow at once before the others wait)
     * @param perLane how many tasks of one lane may run at once; at least 1
     */
    public WorkLanes(Executor pool, int perLane) {
        this.pool = Objects.requireNonNull(pool, "pool");
        if (perLane < 1) {
            throw new IllegalArgumentException("perLane must be at least 1 (got " + perLane + ")");
        }
        this.perLane = perLane;
    }

    /** The tasks of one key: how many are on the pool, and which wait. Guarded by the lanes. */
    private static final class Lane {
        final Queue<FutureTask<?>> waiting = new ArrayDeque<>();
        int running;
    }

    /**
     * Runs {@code task} in the lane {@code key} as soon as the lane has room.
     *
     * @param key the lane, such as the workspace host
     * @param task blocking work; it should end promptly when interrupted
     * @return its future; {@code cancel(true)} interrupts it
     * @throws RejectedExecutionException when the pool refuses (it was shut down)
     */
    public <T> Future<T> submit(String key, Callable<T> task) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(task, "task");
        FutureTask<T> future = new FutureTask<>(task);
        FutureTask<?> now;
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            lane.waiting.add(future);
            now = next(lane);
        }
        if (now != null && !dispatch(key, now)) {
            throw new RejectedExecutionException("the pool for Databricks work was shut down");
        }
        return future;
    }

    /** @return the tasks of {@code key} that run or wait now, for tests and the status of a step */
    public int pending(String key) {
        synchronized (lanes) {
            Lane lane = lanes.get(key);
            return lane == null ? 0 : lane.running + lane.waiting.size();
        }
    }

    /** @return how many lanes have work, for tests (an idle lane is dropped) */
    public int lanes() {
        synchronized (lanes) {
            return lanes.size();
        }
    }

    /** Guarded by the lanes: the next task to put on the pool, or null when the lane is full or empty. */
    private FutureTask<?> next(Lane lane) {
        if (lane.running >= perLane) {
            return null;
        }
        FutureTask<?> t;
        do {
            t = lane.waiting.poll();
        } while (t != null && t.isDone()); // cancelled while it waited: nothing to run
        if (t != null) {
            lane.running++;
        }
        return t;
    }

    /** @return false when the pool refused: the task and the rest of its lane are then cancelled */
    private boolean dispatch(String key, FutureTask<?> task) {
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    done(key);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (lanes) {
                Lane lane = lanes.remove(key);
                if (lane != null) {
                    lane.waiting.forEach(t -> t.cancel(false));
                }
            }
            task.cancel(false);
            return false;
        }
    }

    private void done(String key) {
        FutureTask<?> next;
        synchronized (lanes) {
            Lane lane = lanes.get(key);
            if (lane == null) {
                return; // dropped when the pool refused
            }
            lane.running--;
            next = next(lane);
            if (lane.running == 0 && lane.waiting.isEmpty()) {
                lanes.remove(key);
            }
        }
        if (next != null) {
            dispatch(key, next);
        }
    }
}
