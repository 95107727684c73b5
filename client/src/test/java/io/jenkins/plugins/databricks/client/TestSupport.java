package io.jenkins.plugins.databricks.client;

import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import io.jenkins.plugins.databricks.client.wait.PollSchedule;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.EmulatorBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Shared fixtures: an emulator with known credentials and a client tuned so tests stay fast. */
public final class TestSupport {
    public static final String TOKEN = "dapi-test-5f3c2a91b7e04d68";
    public static final String CLIENT_ID = "3a7c1e5b-sp-client";
    public static final String CLIENT_SECRET = "dose-oauth-secret-9d8e7f6a5b4c";

    private TestSupport() {
    }

    public static EmulatorBuilder emulator() {
        return DatabricksEmulator.builder().token(TOKEN).servicePrincipal(CLIENT_ID, CLIENT_SECRET);
    }

    /** Real waits, but millisecond backoff, so a retry costs almost nothing. */
    public static RetryPolicy fastRetries() {
        return RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(20));
    }

    public static ClientBuilder client(DatabricksEmulator emu) {
        return DatabricksClient.builder()
                .host(emu.baseUrl())
                .token(TOKEN)
                .retryPolicy(fastRetries())
                .requestTimeout(Duration.ofSeconds(10))
                .pollSchedule(PollSchedule.fixed(Duration.ofMillis(20)));
    }

    /** Waits for an event a test needs (a line, a count), up to a minute; never a bet on timing. */
    public static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A sleeper that records the waits it is asked for and returns at once. */
    public static final class RecordingSleeper implements RetryPolicy.Sleeper {
        public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            sleeps.add(duration);
        }
    }

    /** Captures everything the client logs, formatted as it would be printed. */
    public static final class LogCapture implements AutoCloseable {
        private final Logger logger = Logger.getLogger("io.jenkins.plugins.databricks.client");
        private final Level previous = logger.getLevel();
        public final List<String> lines = new CopyOnWriteArrayList<>();
        private final Handler handler = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                lines.add(formatter.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        public LogCapture() {
            handler.setLevel(Level.ALL);
            logger.setLevel(Level.ALL);
            logger.addHandler(handler);
        }

        @Override
        public void close() {
            logger.removeHandler(handler);
            logger.setLevel(previous);
        }
    }
}
