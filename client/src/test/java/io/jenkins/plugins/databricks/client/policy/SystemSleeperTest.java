package io.jenkins.plugins.databricks.client.policy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real waits behind retries and the rate limiter: as long as asked, not a millisecond more, interruptible. */
class SystemSleeperTest {
    private static final RetryPolicy.Sleeper SLEEPER = RetryPolicy.Sleeper.SYSTEM;

    @Test
    void subMillisecondWaitsAreNotRoundedUpToAnExtraMillisecond() throws Exception {
        // Thread.sleep(0, 100_000) takes over 1 ms on JDK 17, which capped the limiter near 1,000 requests/s
        // per waiting thread; the best of 50 waits tolerates a busy machine delaying some of them
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            long start = System.nanoTime();
            SLEEPER.sleep(Duration.ofNanos(100_000));
            long took = System.nanoTime() - start;
            assertTrue(took >= 100_000, "never returns early, took " + took + " ns");
            best = Math.min(best, took);
        }
        assertTrue(best < 900_000, "a 100 µs wait took at least " + best + " ns");
    }

    @Test
    void waitsAtLeastTheWholeDuration() throws Exception {
        long start = System.nanoTime();
        SLEEPER.sleep(Duration.ofMillis(30));
        long took = System.nanoTime() - start;
        assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(30), "took " + took + " ns");
    }

    @Test
    void anInterruptEndsALongWaitPromptly() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sleeper = new Thread(() -> {
            try {
                SLEEPER.sleep(Duration.ofDays(1000 * 366)); // past Long.MAX_VALUE nanoseconds (~292 years)
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        sleeper.start();
        Thread.sleep(100);
        long before = System.nanoTime();
        sleeper.interrupt();
        Throwable thrown = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(thrown instanceof InterruptedException, "got " + thrown);
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1), "returned promptly");
    }

    @Test
    void anAlreadyInterruptedThreadDoesNotWaitAtAll() {
        Thread.currentThread().interrupt();
        long before = System.nanoTime();
        assertThrows(InterruptedException.class, () -> SLEEPER.sleep(Duration.ofSeconds(30)));
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> SLEEPER.sleep(Duration.ZERO), "zero still reports it");
    }

    @Test
    void zeroAndNegativeReturnAtOnce() throws Exception {
        long before = System.nanoTime();
        SLEEPER.sleep(Duration.ZERO);
        SLEEPER.sleep(Duration.ofSeconds(-5));
        assertTrue(System.nanoTime() - before < TimeUnit.MILLISECONDS.toNanos(500));
    }
}
