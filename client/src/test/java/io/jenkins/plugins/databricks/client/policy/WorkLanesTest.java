package io.jenkins.plugins.databricks.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A slow workspace holds only its own lane's threads; cancel interrupts or drops a task. */
class WorkLanesTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void aHeldUpWorkspaceLeavesThePoolToTheOthers() throws Exception {
        WorkLanes lanes = new WorkLanes(pool, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        List<Future<String>> slow = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slow.add(lanes.submit("https://throttled", () -> {
                started.incrementAndGet();
                release.await();
                return "slow";
            }));
        }
        // another workspace's work runs at once although ten tasks of the throttled one are waiting
        assertEquals("fast", lanes.submit("https://healthy", () -> "fast").get(30, TimeUnit.SECONDS));
        assertEquals("fast2", lanes.submit("https://healthy", () -> "fast2").get(30, TimeUnit.SECONDS));
        assertTrue(started.get() <= 2, "the throttled lane runs at most 2 at once, saw " + started.get());
        assertEquals(10, lanes.pending("https://throttled"));
        release.countDown();
        for (Future<String> f : slow) {
            assertEquals("slow", f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(10, started.get());
    }

    @Test
    void cancelInterruptsARunningTaskAndDropsAWaitingOne() throws Exception {
        WorkLanes lanes = new WorkLanes(pool, 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<Object> first = lanes.submit("h", () -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return null;
        });
        AtomicInteger secondRan = new AtomicInteger();
        Future<Object> second = lanes.submit("h", () -> secondRan.incrementAndGet());
        Future<String> third = lanes.submit("h", () -> "third");
        assertTrue(running.await(30, TimeUnit.SECONDS));
        assertTrue(second.cancel(true));
        assertTrue(first.cancel(true));
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the running task was interrupted");
        assertEquals("third", third.get(30, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, second::get);
        assertEquals(0, secondRan.get(), "a task cancelled while it waited never runs");
    }

    @Test
    void idleLanesAreDropped() throws Exception {
        WorkLanes lanes = new WorkLanes(pool, 3);
        for (int i = 0; i < 50; i++) {
            lanes.submit("host-" + i, () -> "x").get(30, TimeUnit.SECONDS);
        }
        // the lane is dropped just after its last task completes its future: wait for that, not for a time
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lanes.lanes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, lanes.lanes());
    }

    @Test
    void aShutDownPoolRefusesClearly() {
        WorkLanes lanes = new WorkLanes(pool, 1);
        pool.shutdownNow();
        assertThrows(RejectedExecutionException.class, () -> lanes.submit("h", () -> "x"));
        assertEquals(0, lanes.lanes());
        assertFalse(lanes.pending("h") > 0);
    }

    @Test
    void perLaneMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkLanes(pool, 0));
        assertTrue(e.getMessage().contains("perLane"), e.getMessage());
    }
}
