package io.jenkins.plugins.databricks.steps.durable;

import io.jenkins.plugins.databricks.client.wait.Waiter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import jenkins.util.Timer;

/**
 * The controller's one {@link Waiter}: every waiting Databricks step registers its wait here, and the polls of all of
 * them run as short tasks on Jenkins' shared {@link Timer}, so a waiting step holds no thread. Nothing on the timer
 * blocks: a poll only sends a request or reads an answer, and an OAuth token fetch that must come first runs on the
 * plugin's {@link BlockingWork} pool. When Jenkins replaces its timer (it shuts it down with Jenkins; tests start
 * several Jenkins in one JVM), a new waiter follows it.
 */
public final class DatabricksWaits {

    private record Current(ScheduledExecutorService timer, BlockingWork.Generation work, Waiter waiter) {
    }

    private static volatile Current current;
    /** The waits registered and not ended, so that a shutdown can detach them. */
    private static final Set<Waiter.Handle<?, ?>> LIVE = ConcurrentHashMap.newKeySet();

    private DatabricksWaits() {
    }

    public static Waiter waiter() {
        ScheduledExecutorService timer = Timer.get();
        BlockingWork.Generation work = BlockingWork.current();
        Current c = current;
        if (c == null || c.timer() != timer || c.work() != work) {
            synchronized (DatabricksWaits.class) {
                c = current;
                if (c == null || c.timer() != timer || c.work() != work) {
                    c = new Current(timer, work, Waiter.builder(timer).blockingExecutor(work.pool()).build());
                    current = c;
                }
            }
        }
        return c.waiter();
    }

    public static void live(Waiter.Handle<?, ?> handle) {
        LIVE.add(handle);
    }

    public static void gone(Waiter.Handle<?, ?> handle) {
        LIVE.remove(handle);
    }

    /** Jenkins is going down: stop polling without sending anything; each wait resumes from its checkpoint. */
    static void detachAll() {
        for (Waiter.Handle<?, ?> h : LIVE.toArray(new Waiter.Handle<?, ?>[0])) {
            LIVE.remove(h);
            h.detach();
        }
    }
}
