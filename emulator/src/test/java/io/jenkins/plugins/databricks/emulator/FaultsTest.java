package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private static final String GET = "/api/2.1/clusters/get";
    private DatabricksEmulator emu;
    private Http http;
    private String clusterId;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").manualClock().start();
        http = new Http(emu.baseUrl(), "dapi-test");
        clusterId = emu.clusters().create("c", "RUNNING");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private Http.Answer getCluster() {
        return http.get(GET + "?cluster_id=" + clusterId);
    }

    @Test
    void nextStatusFaultsHitOnlyTheMatchingPathAndOnlyNTimes() {
        emu.faults().next(2, GET, Fault.status(503));
        assertEquals(200, http.get("/api/2.1/clusters/list").status());
        Http.Answer first = getCluster();
        assertEquals(503, first.status());
        assertEquals("TEMPORARILY_UNAVAILABLE", first.errorCode());
        assertEquals(503, getCluster().status());
        assertEquals(200, getCluster().status());
        assertEquals(3, emu.requestCount("GET", GET));
        assertEquals(2, emu.statusCount(503));
    }

    @Test
    void everyStatusFaultHasADatabricksErrorCode() {
        for (int status : new int[] {500, 502, 503, 504}) {
            emu.faults().next(1, null, Fault.status(status));
            Http.Answer a = getCluster();
            assertEquals(status, a.status());
            assertTrue(a.errorCode().matches("[A-Z_]+"), a.body());
        }
        assertEquals("DEADLINE_EXCEEDED", faultCode(504));
        assertEquals("INTERNAL_ERROR", faultCode(500));
        assertEquals("BAD_GATEWAY", faultCode(502));
    }

    private String faultCode(int status) {
        emu.faults().next(1, GET, Fault.status(status));
        return getCluster().errorCode();
    }

    @Test
    void htmlErrorPageIsNotJson() {
        emu.faults().next(1, "/api/2.1/clusters/*", Fault.html(502));
        Http.Answer a = getCluster();
        assertEquals(502, a.status());
        assertTrue(a.header("Content-Type").startsWith("text/html"));
        assertTrue(a.body().contains("<title>502 Bad Gateway</title>"), a.body());
        assertThrows(JsonProcessingException.class, () -> Http.MAPPER.readTree(a.body()));
    }

    @Test
    void delayAnswersNormallyAfterTheDelay() {
        emu.faults().next(1, GET, Fault.delay(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        Http.Answer a = getCluster();
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, a.status());
        assertEquals("RUNNING", a.json().path("state").asText());
        assertTrue(elapsedMs >= 290, "answered after " + elapsedMs + " ms");
    }

    @Test
    void closeBeforeAnswerSendsNothing() {
        // java.net.http retries an idempotent request once by itself when the connection closes with no
        // answer, so the client sees the failure only when both attempts are cut
        emu.faults().next(2, GET, Fault.closeBeforeAnswer());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, this::getCluster);
        assertTrue(e.getCause() instanceof IOException);
        assertEquals(2, emu.requestCount(GET));
        assertEquals(200, getCluster().status());
    }

    @Test
    void closeBeforeAnswerOfAPostIsNotRetriedByTheJdkClient() {
        emu.faults().next(1, "/api/2.1/clusters/start", Fault.closeBeforeAnswer());
        String terminated = emu.clusters().create("t");
        assertThrows(UncheckedIOException.class,
                () -> http.post("/api/2.1/clusters/start", "{\"cluster_id\":\"" + terminated + "\"}"));
        assertEquals(1, emu.requestCount("POST", "/api/2.1/clusters/start"));
        assertEquals(0, emu.statusCount(200));
    }

    @Test
    void closeMidAnswerSendsHeadersThenCutsTheBody() throws Exception {
        emu.faults().next(1, GET, Fault.closeMidAnswer());
        HttpRequest req = HttpRequest.newBuilder(URI.create(emu.baseUrl() + GET + "?cluster_id=" + clusterId))
                .header("Authorization", "Bearer dapi-test").build();
        HttpResponse<InputStream> r = Http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        long promised = r.headers().firstValueAsLong("Content-Length").orElseThrow();
        byte[] buffer = new byte[(int) promised];
        int read = 0;
        try (InputStream in = r.body()) {
            int n;
            while (read < buffer.length && (n = in.read(buffer, read, buffer.length - read)) > 0) {
                read += n;
            }
            assertTrue(read < promised, "read " + read + " of " + promised);
        } catch (IOException expected) {
            assertTrue(read < promised, "read " + read + " of " + promised);
        }
        assertTrue(read > 0, "some of the body arrived before the close");
        assertEquals(200, getCluster().status());
    }

    @Test
    void closeMidAnswerFailsAWholeBodyRead() {
        emu.faults().next(1, GET, Fault.closeMidAnswer());
        assertThrows(UncheckedIOException.class, this::getCluster);
    }

    @Test
    void malformedJsonIsA200ThatDoesNotParse() {
        emu.faults().next(1, GET, Fault.malformedJson());
        Http.Answer a = getCluster();
        assertEquals(200, a.status());
        assertTrue(a.body().startsWith("{\"cluster_id\""), a.body());
        assertThrows(JsonProcessingException.class, () -> Http.MAPPER.readTree(a.body()));
    }

    @Test
    void rateLimitedFaultWithAndWithoutRetryAfter() {
        emu.faults().next(1, GET, Fault.rateLimited(7)).next(1, GET, Fault.rateLimited(0));
        Http.Answer with = getCluster();
        assertEquals(429, with.status());
        assertEquals("REQUEST_LIMIT_EXCEEDED", with.errorCode());
        assertEquals("7", with.header("Retry-After"));
        Http.Answer without = getCluster();
        assertEquals(429, without.status());
        assertNull(without.header("Retry-After"));
        assertEquals(2, emu.statusCount(429));
    }

    @Test
    void rateLimitRejectsBeyondTheBucketAndRefills() throws Exception {
        emu.faults().rateLimit(GET, 5.0, 2);
        int ok = 0;
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 12; i++) {
            Http.Answer a = getCluster();
            if (a.status() == 200) {
                ok++;
            } else {
                assertEquals(429, a.status());
                limited++;
                retryAfter = a.header("Retry-After");
            }
        }
        assertTrue(ok >= 5 && ok <= 7, "ok=" + ok);
        assertTrue(limited >= 5, "limited=" + limited);
        assertEquals("2", retryAfter);
        // other endpoints are not limited
        assertEquals(200, http.get("/api/2.1/clusters/list").status());
        Thread.sleep(450);
        assertEquals(200, getCluster().status(), "the bucket refills continuously");
        assertEquals(12 + 1, emu.requestCount("GET", GET));
    }

    @Test
    void rateLimitHoldsUnderSixteenThreads() throws Exception {
        emu.faults().rateLimit("/api/2.1/clusters/*", 200.0, 1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            long t0 = System.nanoTime();
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 63; i++) {
                        if (getCluster().status() == 200) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(16 * 63, emu.requestCount(GET));
            assertEquals(16 * 63, ok + emu.statusCount(429));
            // capacity (200) plus refill during the run is the most that can pass
            assertTrue(ok <= 200 + 200 * seconds + 1, "ok=" + ok + " in " + seconds + " s");
            assertTrue(ok >= 200, "ok=" + ok);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clearRemovesLimitsAndPendingFaults() {
        emu.faults().rateLimit(GET, 1.0, 1).next(5, null, Fault.status(500));
        assertEquals(5, emu.faults().pending());
        emu.faults().clear();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, getCluster().status());
        }
    }

    @Test
    void countersCountFaultedAndUnauthenticatedRequestsAndReset() {
        emu.faults().next(1, GET, Fault.status(500));
        getCluster();
        getCluster();
        http.withToken(null).get(GET + "?cluster_id=" + clusterId);
        http.post("/api/2.1/clusters/start", "{\"cluster_id\":\"" + clusterId + "\"}");
        assertEquals(3, emu.requestCount("GET", GET));
        assertEquals(3, emu.requestCount("get", GET));
        assertEquals(0, emu.requestCount("POST", GET));
        assertEquals(1, emu.requestCount("POST", "/api/2.1/clusters/start"));
        assertEquals(4, emu.totalRequests());
        assertEquals(1, emu.statusCount(401));
        assertEquals(1, emu.statusCount(500));
        assertEquals(1, emu.statusCount(200));
        assertEquals(1, emu.statusCount(400));
        emu.resetCounters();
        assertEquals(0, emu.totalRequests());
        assertEquals(0, emu.requestCount(GET));
    }

    @Test
    void faultArgumentsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Fault.status(200));
        assertThrows(IllegalArgumentException.class, () -> Fault.html(302));
        assertThrows(IllegalArgumentException.class, () -> Fault.delay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> emu.faults().next(0, null, Fault.status(500)));
        assertThrows(IllegalArgumentException.class, () -> emu.faults().rateLimit(GET, 0, 1));
    }
}
