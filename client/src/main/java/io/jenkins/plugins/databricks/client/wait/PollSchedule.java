package io.jenkins.plugins.databricks.client.wait;

import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often waits (cluster start, job run) poll: the first delay, growing by {@code step} per poll up to
 * {@code max}, plus up to 10% random jitter so many waiting builds do not poll in lockstep. Immutable.
 *
 * <p>The default follows the Databricks SDKs: 1 s, 2 s, 3 s, ... capped at 10 s.
 */
public final class PollSchedule {
    private static final PollSchedule DEFAULTS = new PollSchedule(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(10), RetryPolicy.Sleeper.SYSTEM);

    private final Duration initial;
    private final Duration step;
    private final Duration max;
    private final RetryPolicy.Sleeper sleeper;

    private PollSchedule(Duration initial, Duration step, Duration max, RetryPolicy.Sleeper sleeper) {
        this.initial = initial;
        this.step = step;
        this.max = max;
        this.sleeper = sleeper;
    }

    /** @return 1 s growing by 1 s per poll to 10 s, plus jitter */
    public static PollSchedule defaults() {
        return DEFAULTS;
    }

    /**
     * A schedule growing linearly from {@code initial} to {@code max}.
     *
     * @param initial the first delay; positive
     * @param step how much each following delay adds; zero or positive
     * @param max the longest delay; at least {@code initial}
     * @return the schedule
     */
    public static PollSchedule of(Duration initial, Duration step, Duration max) {
        positive(initial, "initial poll interval");
        positive(max, "max poll interval");
        if (step == null || step.isNegative()) {
            throw new IllegalArgumentException("poll step must be zero or a positive duration, got " + step);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max poll interval (" + max + ") must not be shorter than the initial"
                    + " one (" + initial + ")");
        }
        return new PollSchedule(initial, step, max, RetryPolicy.Sleeper.SYSTEM);
    }

    /**
     * A schedule polling at the same interval every time.
     *
     * @param interval the delay between polls; positive
     * @return the schedule
     */
    public static PollSchedule fixed(Duration interval) {
        return of(interval, Duration.ZERO, interval);
    }

    /**
     * @param sleeper how to wait between polls
     * @return a copy using it
     */
    public PollSchedule withSleeper(RetryPolicy.Sleeper sleeper) {
        return new PollSchedule(initial, step, max, Objects.requireNonNull(sleeper, "sleeper"));
    }

    /**
     * The delay before poll number {@code poll} (1 for the first repeat), with jitter.
     *
     * @param poll 1-based poll number
     * @return the delay
     */
    public Duration delay(int poll) {
        return delay(poll, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The delay before poll number {@code poll}, with the jitter a given random number makes.
     *
     * @param poll 1-based poll number
     * @param random a number from 0 (no jitter) to 1 (10% more)
     * @return the delay
     */
    public Duration delay(int poll, double random) {
        long nanos = initial.toNanos() + step.toNanos() * Math.max(0, Math.min(poll - 1, 1_000_000));
        nanos = Math.min(nanos, max.toNanos());
        return Duration.ofNanos(nanos + (long) (nanos * 0.1 * Math.max(0, Math.min(1, random))));
    }

    /**
     * Sleeps before poll number {@code poll}, but never past {@code deadlineNanos} ({@link System#nanoTime()}).
     *
     * @param poll 1-based poll number
     * @param deadlineNanos when the wait must end
     * @throws InterruptedException when interrupted
     */
    public void sleepBefore(int poll, long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        sleeper.sleep(Duration.ofNanos(Math.max(0, Math.min(delay(poll).toNanos(), left))));
    }

    private static void positive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, got " + d);
        }
    }

    @Override
    public String toString() {
        return "PollSchedule[" + initial + " +" + step + " up to " + max + "]";
    }
}
