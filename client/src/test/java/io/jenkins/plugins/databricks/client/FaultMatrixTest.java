package io.jenkins.plugins.databricks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.jobs.RunNowRequest;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault the emulator can inject, against a read (GET), a POST that is safe to repeat and one that is not:
 * whether the client retried and succeeded or failed fast with the right message, and how many requests the
 * server saw (never a duplicate unsafe POST).
 */
class FaultMatrixTest {
    private static DatabricksEmulator emu;
    private static String clusterId;
    private static long jobId;
    private TestSupport.RecordingSleeper sleeper;
    private DatabricksClient client;

    /** The three kinds of request, each a real operation of the client. */
    enum Kind {
        GET("GET", "/api/2.1/clusters/get"),
        SAFE_POST("POST", "/api/2.1/clusters/delete"),
        UNSAFE_POST("POST", "/api/2.2/jobs/run-now");

        final String method;
        final String path;

        Kind(String method, String path) {
            this.method = method;
            this.path = path;
        }

        void run(DatabricksClient client) throws InterruptedException {
            switch (this) {
                case GET:
                    assertEquals(clusterId, client.clusters().get(clusterId).get("cluster_id"));
                    break;
                case SAFE_POST:
                    client.clusters().terminate(clusterId);
                    break;
                default:
                    assertTrue(client.jobs().runNow(RunNowRequest.builder(jobId).build()) > 0);
            }
        }
    }

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().start();
        clusterId = emu.clusters().create("matrix", "RUNNING");
        jobId = emu.jobs().create("matrix-job");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.faults().clear();
        emu.resetCounters();
        sleeper = new TestSupport.RecordingSleeper();
        client = TestSupport.client(emu)
                .retryPolicy(TestSupport.fastRetries().withSleeper(sleeper))
                .requestTimeout(Duration.ofMillis(700))
                .build();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        // fault name, fault, status of a failure, text the failure names; retriedAlways/retriedIfSafe
        addAlways(rows, "429 with Retry-After", () -> Fault.rateLimited(1));
        addAlways(rows, "429 without Retry-After", () -> Fault.rateLimited(0));
        addAlways(rows, "503", () -> Fault.status(503));
        addAlways(rows, "connection closed before any answer", Fault::closeBeforeAnswer);
        addIfSafe(rows, "500", () -> Fault.status(500), 500, "INTERNAL_ERROR");
        addIfSafe(rows, "502 HTML page", () -> Fault.html(502), 502, "502 Bad Gateway (HTML page)");
        addIfSafe(rows, "504", () -> Fault.status(504), 504, "DEADLINE_EXCEEDED");
        addIfSafe(rows, "slow answer past the timeout", () -> Fault.delay(Duration.ofMillis(2500)), 0,
                "no answer within PT0.7S");
        addIfSafe(rows, "connection closed mid-answer", Fault::closeMidAnswer, 0, "part-way through the answer");
        addIfSafe(rows, "malformed JSON", Fault::malformedJson, 200, "not valid JSON");
        addNever(rows, "401", () -> Fault.status(401), 401, "UNAUTHENTICATED");
        addNever(rows, "403", () -> Fault.status(403), 403, "PERMISSION_DENIED");
        addNever(rows, "404", () -> Fault.status(404), 404, "NOT_FOUND");
        addNever(rows, "400", () -> Fault.status(400), 400, "BAD_REQUEST");
        return rows.stream();
    }

    private static void addAlways(List<Arguments> rows, String name, Supplier<Fault> fault) {
        for (Kind k : Kind.values()) {
            rows.add(Arguments.of(name, k, fault, true, 0, null));
        }
    }

    private static void addIfSafe(List<Arguments> rows, String name, Supplier<Fault> fault, int status, String text) {
        for (Kind k : Kind.values()) {
            rows.add(Arguments.of(name, k, fault, k != Kind.UNSAFE_POST, status, text));
        }
    }

    private static void addNever(List<Arguments> rows, String name, Supplier<Fault> fault, int status, String text) {
        for (Kind k : Kind.values()) {
            rows.add(Arguments.of(name, k, fault, false, status, text));
        }
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("matrix")
    void faultOutcome(String name, Kind kind, Supplier<Fault> fault, boolean recovers, int status, String text)
            throws Exception {
        emu.faults().next(1, kind.path, fault.get());
        if (recovers) {
            kind.run(client);
            assertEquals(2, emu.requestCount(kind.method, kind.path), "one failed request and one retry");
        } else {
            DatabricksException e = assertThrows(DatabricksException.class, () -> kind.run(client));
            assertEquals(1, emu.requestCount(kind.method, kind.path), "failed fast, never repeated: " + e.getMessage());
            assertEquals(status, e.statusCode(), e.getMessage());
            assertEquals(1, e.attempts());
            assertTrue(e.getMessage().contains(text), e.getMessage());
            assertTrue(e.getMessage().startsWith(kind.method + " " + kind.path + " failed: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(1 attempt)") || e.getMessage().contains("not safe to repeat"),
                    e.getMessage());
            if (kind == Kind.UNSAFE_POST && status != 401 && status != 403 && status != 404 && status != 400) {
                assertTrue(e.getMessage().contains("not safe to repeat"), e.getMessage());
            }
        }
        if (name.equals("429 with Retry-After")) {
            assertTrue(sleeper.sleeps.contains(Duration.ofSeconds(1)), "waited the server's Retry-After: "
                    + sleeper.sleeps);
        }
    }

    @ParameterizedTest(name = "persistent 503 x {0}")
    @MethodSource("kinds")
    void persistentFailureStopsAtMaxAttempts(Kind kind) {
        emu.faults().next(50, kind.path, Fault.status(503));
        DatabricksException e = assertThrows(DatabricksException.class, () -> kind.run(client));
        assertEquals(RetryPolicy.DEFAULT_MAX_ATTEMPTS, emu.requestCount(kind.method, kind.path));
        assertEquals(RetryPolicy.DEFAULT_MAX_ATTEMPTS, e.attempts());
        assertEquals(503, e.statusCode());
        assertEquals("TEMPORARILY_UNAVAILABLE", e.errorCode());
        assertTrue(e.getMessage().endsWith("(5 attempts)"), e.getMessage());
        assertNull(e.getCause());
    }

    static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }
}
