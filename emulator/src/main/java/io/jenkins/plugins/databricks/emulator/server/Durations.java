package io.jenkins.plugins.databricks.emulator.server;

import java.time.Duration;
import java.util.Objects;

/** Checks of the durations the emulator's builder takes, naming the option. */
public final class Durations {
    private Durations() {
    }

    public static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    public static Duration nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
        return d;
    }
}
