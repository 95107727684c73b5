package io.jenkins.plugins.databricks.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's notion of time. Every lifecycle (cluster start, job run, OAuth token expiry) is
 * derived from it when state is read, so advancing it is instant and no background thread is needed.
 * A manual clock stands still until a test advances it; a real clock follows wall time (optionally
 * sped up) and can still be advanced to skip ahead.
 */
public final class EmulatorClock {
    private final boolean manual;
    private final double speed;
    private final long originMillis;
    private final long originNanos;
    private final AtomicLong offsetMillis = new AtomicLong();

    private EmulatorClock(boolean manual, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("clock speed must be a positive finite number, got " + speed);
        }
        this.manual = manual;
        this.speed = speed;
        this.originMillis = System.currentTimeMillis();
        this.originNanos = System.nanoTime();
    }

    /** A clock that only moves when {@link #advance} is called; it starts at the current wall time. */
    public static EmulatorClock manual() {
        return new EmulatorClock(true, 1.0);
    }

    /** A clock following wall time. */
    public static EmulatorClock real() {
        return new EmulatorClock(false, 1.0);
    }

    /** A clock running {@code speed} times faster than wall time (10 = ten emulated seconds per second). */
    public static EmulatorClock fast(double speed) {
        return new EmulatorClock(false, speed);
    }

    /** Current emulator time in epoch milliseconds. */
    public long now() {
        long elapsed = manual ? 0 : (long) ((System.nanoTime() - originNanos) / 1_000_000L * speed);
        return originMillis + elapsed + offsetMillis.get();
    }

    /** Moves time forward; every state that depends on time changes accordingly on its next read. */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
        offsetMillis.addAndGet(duration.toMillis());
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    public boolean isManual() {
        return manual;
    }
}
