package io.jenkins.plugins.databricks.client.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.client.auth.AuthMethod;
import io.jenkins.plugins.databricks.client.auth.TokenEndpoint;
import io.jenkins.plugins.databricks.client.clusters.ClusterWait;
import io.jenkins.plugins.databricks.client.jobs.RunNowRequest;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.client.jobs.RunWait;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The waiter against the emulator on its manual clock: runs and clusters only move when a test moves them, and
 * every assertion waits for an event (a progress line, a result, a count), never for wall-clock time.
 */
class WaiterTest {
    private static final String RUNS_GET = "/api/2.2/jobs/runs/get";
    private static final String RUNS_LIST = "/api/2.2/jobs/runs/list";
    private static final Duration LONG = Duration.ofMinutes(5);

    private DatabricksEmulator emu;
    private DatabricksClient client;
    private ScheduledExecutorService scheduler;
    private Waiter waiter;

    @BeforeEach
    void start() {
        emu = TestSupport.emulator().manualClock().runDuration(Duration.ofSeconds(10)).start();
        client = TestSupport.client(emu).rateLimit(2000).build();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        waiter = Waiter.builder(scheduler).build();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        emu.close();
    }

    private long startRun(long job) throws InterruptedException {
        return client.jobs().runNow(RunNowRequest.builder(job).build());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        TestSupport.await(what, condition);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        Throwable e = f.handle((value, error) -> error).get(60, TimeUnit.SECONDS);
        assertTrue(e != null, "the wait should have failed");
        return e;
    }

    @Test
    void oneWaitReportsEveryStateAsTheBlockingWaitAndEndsWithTheSameOutcome() throws Exception {
        long job = emu.jobs().create("nightly");
        long runId = startRun(job);
        List<String> lines = new CopyOnWriteArrayList<>();
        Waiter.Handle<RunOutcome, RunWait> wait = waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()),
                lines::add);
        await("first line", () -> lines.size() == 1);
        String url = emu.baseUrl() + "/?o=1234567890#job/" + job + "/run/" + runId;
        assertEquals("Run " + runId + " is QUEUED: " + url, lines.get(0));
        for (String[] step : new String[][] {{"2", "QUEUED -> PENDING: Waiting for cluster"},
                {"3", "PENDING -> RUNNING: In run"}, {"9", "RUNNING -> TERMINATING: Cleaning up the run's context"},
                {"10", "TERMINATING -> TERMINATED SUCCESS"}}) {
            long runStart = emu.jobs().endTime(runId) - 10_000;
            emu.clock().advanceMillis(runStart + Long.parseLong(step[0]) * 1000 - emu.clock().now());
            String expected = "Run " + runId + ": " + step[1];
            await(expected, () -> lines.contains(expected));
        }
        RunOutcome outcome = get(wait.result());
        assertTrue(outcome.success(), outcome.summary());
        assertEquals(5, lines.size(), lines.toString());
        assertEquals(client.jobs().waitForRun(runId, LONG, null).toMap(), outcome.toMap(),
                "the same answer as the blocking wait");
        assertEquals(0, emu.requestCount("GET", RUNS_LIST), "one wait is cheapest with runs/get");
        assertEquals(0, waiter.activeWaits());
    }

    @Test
    void aCheckpointTakenWhileALineIsReportedAlreadyHasThatLinesState() throws Exception {
        long runId = startRun(emu.jobs().create("saved-as-it-goes"));
        java.util.concurrent.atomic.AtomicReference<Waiter.Handle<RunOutcome, RunWait>> handle =
                new java.util.concurrent.atomic.AtomicReference<>();
        List<String> checked = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);
        handle.set(waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()), line -> {
            try {
                registered.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // what a plugin does: persist the checkpoint whenever a line is printed
            checked.add(line + " | " + handle.get().checkpoint().lastState());
        }));
        registered.countDown();
        await("QUEUED", () -> checked.size() == 1);
        emu.clock().advance(Duration.ofSeconds(3));
        await("RUNNING", () -> checked.size() == 2);
        emu.clock().advance(Duration.ofSeconds(7));
        get(handle.get().result());
        assertEquals(3, checked.size(), checked.toString());
        assertTrue(checked.get(0).endsWith(" | QUEUED"), checked.toString());
        assertTrue(checked.get(1).endsWith("QUEUED -> RUNNING: In run | RUNNING"), checked.toString());
        assertTrue(checked.get(2).endsWith("RUNNING -> TERMINATED SUCCESS | TERMINATED"), checked.toString());
    }

    @Test
    void aListenerThatDoesNotReturnHoldsUpNoOtherPrincipalsWaitsAndItsResultComesAfterItsLastLine()
            throws Exception {
        ScheduledExecutorService two = Executors.newScheduledThreadPool(2);
        try {
            Waiter shared = Waiter.builder(two).build();
            long job = emu.jobs().create("pair");
            long slow = startRun(job);
            long fast = startRun(job);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            List<String> slowLines = new CopyOnWriteArrayList<>();
            Waiter.Handle<RunOutcome, RunWait> a = shared.waitForRun(client, RunWait.of(slow, LONG, shared.clock()),
                    line -> {
                        slowLines.add(line);
                        if (line.contains("TERMINATED")) {
                            try {
                                release.await(); // a build log that does not take the line
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
            List<String> fastLines = new CopyOnWriteArrayList<>();
            DatabricksClient other = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET)
                    .pollSchedule(PollSchedule.fixed(Duration.ofMillis(20))).build();
            Waiter.Handle<RunOutcome, RunWait> b = shared.waitForRun(other, RunWait.of(fast, LONG, shared.clock()),
                    fastLines::add);
            await("both seen", () -> slowLines.size() == 1 && fastLines.size() == 1);
            emu.clock().advance(Duration.ofSeconds(10));
            await("the slow listener is stuck", () -> slowLines.size() == 2);
            assertTrue(get(b.result()).success(), "the other wait ends meanwhile");
            assertFalse(a.result().isDone(), "a wait's result comes after its last line");
            release.countDown();
            assertTrue(get(a.result()).success());
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void manyWaitsOfAWorkspaceShareOneListingAndReadOnlyTheRunsThatEnded() throws Exception {
        long job = emu.jobs().create("fan-out");
        int n = 60;
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(startRun(job));
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Waiter.Handle<RunOutcome, RunWait>> waits = new ArrayList<>();
        for (long runId : runs) {
            waits.add(waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()), lines::add));
        }
        await("every run seen", () -> lines.size() == n);
        emu.clock().advance(Duration.ofSeconds(3));
        await("every run seen RUNNING", () -> lines.stream().filter(l -> l.endsWith("-> RUNNING: In run")).count() == n);
        emu.resetCounters();
        long cyclesBefore = waiter.counts().cycles();
        await("ten more cycles", () -> waiter.counts().cycles() >= cyclesBefore + 10);
        long cycles = waiter.counts().cycles() - cyclesBefore;
        long listed = emu.requestCount("GET", RUNS_LIST);
        assertEquals(0, emu.requestCount("GET", RUNS_GET), "no run ended, so none is read");
        assertTrue(listed <= 3 * (cycles + 1), listed + " list pages in " + cycles + " cycles; 60 runs fill 3 pages");
        assertTrue(listed >= 3 * (cycles - 1), listed + " list pages in " + cycles + " cycles");

        emu.clock().advance(Duration.ofSeconds(7));
        for (int i = 0; i < n; i++) {
            RunOutcome outcome = get(waits.get(i).result());
            assertEquals(runs.get(i), outcome.runId());
            assertEquals("SUCCESS", outcome.resultState());
            assertTrue(outcome.run().containsKey("tasks"), "the final answer is the full runs/get");
        }
        assertEquals(n, emu.requestCount("GET", RUNS_GET), "one final read per run");
    }

    @Test
    void onlyTheRunsOfTheWaitsCountAndAListingStopsOnceItPassedTheOldestWaitedRun() throws Exception {
        long job = emu.jobs().create("busy");
        List<Long> ours = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ours.add(startRun(job));
        }
        for (int i = 0; i < 100; i++) {
            startRun(job); // newer runs nobody here waits for: four pages of them
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Waiter.Handle<RunOutcome, RunWait>> waits = new ArrayList<>();
        for (long runId : ours) {
            waits.add(waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()), lines::add));
        }
        await("every run seen", () -> lines.size() == 4);
        emu.resetCounters();
        long cyclesBefore = waiter.counts().cycles();
        await("twenty more cycles", () -> waiter.counts().cycles() >= cyclesBefore + 20);
        long cycles = waiter.counts().cycles() - cyclesBefore;
        long listed = emu.requestCount("GET", RUNS_LIST);
        long read = emu.requestCount("GET", RUNS_GET);
        // a read per wait per cycle, and at most one probe of four pages to see whether listing became cheaper
        assertTrue(listed + read <= 4 * (cycles + 1) + 4, listed + " pages and " + read + " reads in " + cycles
                + " cycles: hardly more than a read per wait");
        emu.clock().advance(Duration.ofSeconds(10));
        for (Waiter.Handle<RunOutcome, RunWait> w : waits) {
            assertTrue(get(w.result()).success());
        }
    }

    @Test
    void aResumedWaitEndsExactlyAsItWouldHaveWithoutRepeatingItsLines() throws Exception {
        long job = emu.jobs().create("long");
        long runId = startRun(job);
        long twin = startRun(job);
        List<String> before = new CopyOnWriteArrayList<>();
        List<String> twinLines = new CopyOnWriteArrayList<>();
        Waiter.Handle<RunOutcome, RunWait> wait = waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()),
                before::add);
        Waiter.Handle<RunOutcome, RunWait> uninterrupted = waiter.waitForRun(client,
                RunWait.of(twin, LONG, waiter.clock()), twinLines::add);
        await("QUEUED", () -> before.size() == 1 && twinLines.size() == 1);
        emu.clock().advance(Duration.ofSeconds(3));
        await("RUNNING", () -> before.size() == 2 && twinLines.size() == 2);
        RunWait saved = roundTrip(wait.detach());
        assertInstanceOf(CancellationException.class, failure(wait.result()));
        assertEquals("RUNNING", saved.lastState());

        // "restart": a new scheduler and waiter, a new client, only the persisted value
        ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
        try {
            Waiter resumedWaiter = Waiter.builder(other).build();
            List<String> after = new CopyOnWriteArrayList<>();
            long polled = emu.requestCount("GET", RUNS_GET);
            Waiter.Handle<RunOutcome, RunWait> resumed = resumedWaiter.waitForRun(
                    TestSupport.client(emu).rateLimit(2000).build(), saved, after::add);
            await("polled again", () -> emu.requestCount("GET", RUNS_GET) > polled);
            emu.clock().advance(Duration.ofSeconds(7));
            RunOutcome outcome = get(resumed.result());
            RunOutcome twinOutcome = get(uninterrupted.result());
            assertEquals(twinLines.subList(2, twinLines.size()).stream().map(l -> l.replace(twin + "", "ID")).toList(),
                    after.stream().map(l -> l.replace(runId + "", "ID")).toList(),
                    "the same lines after the resume as without one");
            assertEquals(client.jobs().runState(runId).get("run"), outcome.run());
            assertTrue(outcome.success());
            assertTrue(twinOutcome.success());
        } finally {
            other.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void theDeadlineHoldsAcrossAResumeAndTheTimeoutNamesTheRun() throws Exception {
        long runId = startRun(emu.jobs().create("stuck"));
        RunWait w = RunWait.of(runId, Duration.ofMillis(300), waiter.clock());
        Waiter.Handle<RunOutcome, RunWait> first = waiter.waitForRun(client, w, null);
        RunWait saved = first.detach();
        assertEquals(w.deadline(), saved.deadline());
        Throwable e = failure(waiter.waitForRun(client, saved, null).result());
        assertInstanceOf(DatabricksException.class, e);
        assertEquals(DatabricksException.TIMEOUT, ((DatabricksException) e).errorCode());
        assertTrue(e.getMessage().matches("TIMEOUT: Run " + runId + " did not finish within PT0\\.3S; it is QUEUED \\(.+\\)"),
                e.getMessage());
    }

    @Test
    void aDeletedRunEndsTheWaitSayingSo() throws Exception {
        long runId = startRun(emu.jobs().create("doomed"));
        List<String> lines = new CopyOnWriteArrayList<>();
        Waiter.Handle<RunOutcome, RunWait> wait = waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()),
                lines::add);
        await("seen", () -> !lines.isEmpty());
        emu.jobs().deleteRun(runId);
        Throwable e = failure(wait.result());
        assertInstanceOf(DatabricksException.class, e);
        assertTrue(((DatabricksException) e).isNotFound(), e.getMessage());
        assertTrue(e.getMessage().contains("Run " + runId + " no longer exists"), e.getMessage());
    }

    @Test
    void cancellingAWaitCancelsTheRunWhichTakesTimeToEnd() throws Exception {
        long runId = startRun(emu.jobs().create("aborted"));
        List<String> lines = new CopyOnWriteArrayList<>();
        Waiter.Handle<RunOutcome, RunWait> wait = waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()),
                lines::add);
        await("QUEUED", () -> lines.size() == 1);
        emu.clock().advance(Duration.ofSeconds(3));
        await("RUNNING", () -> lines.size() == 2);
        assertEquals("Asked Databricks to cancel run " + runId, get(wait.cancel(Duration.ofSeconds(30))));
        assertInstanceOf(CancellationException.class, failure(wait.result()));
        assertEquals("TERMINATING", emu.jobs().lifeCycleState(runId));
        emu.clock().advance(Duration.ofSeconds(1));
        assertEquals("CANCELED", client.jobs().runState(runId).get("result_state"));
        assertEquals(1, emu.requestCount("POST", "/api/2.2/jobs/runs/cancel"));
        assertEquals("Run " + runId + " is no longer waited for; nothing to cancel",
                get(wait.cancel(Duration.ofSeconds(1))));
    }

    @Test
    void aCancelThatGetsNoAnswerIsGivenUpAfterItsTimeoutAndSaysTheRunMayStillRun() throws Exception {
        long runId = startRun(emu.jobs().create("unreachable"));
        emu.faults().next(1, "/api/2.2/jobs/runs/cancel", Fault.delay(Duration.ofSeconds(3)));
        String said = get(waiter.cancelRun(client, runId, Duration.ofMillis(200)));
        assertEquals("Run " + runId + " may still be running: the cancel request got no answer within PT0.2S", said);
        emu.faults().next(5, "/api/2.2/jobs/runs/cancel", Fault.html(502));
        DatabricksClient noRetries = TestSupport.client(emu).retryPolicy(RetryPolicy.none()).build();
        String failed = get(waiter.cancelRun(noRetries, runId, Duration.ofSeconds(30)));
        assertTrue(failed.startsWith("Run " + runId + " may still be running: cancelling it failed: POST "
                + "/api/2.2/jobs/runs/cancel failed: HTTP 502"), failed);
        assertFalse(failed.contains(TestSupport.TOKEN));
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedByThePolicyAndAFailingListingFallsBackToReads() throws Exception {
        long job = emu.jobs().create("flaky");
        List<Waiter.Handle<RunOutcome, RunWait>> waits = new ArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 30; i++) {
            waits.add(waiter.waitForRun(client, RunWait.of(startRun(job), LONG, waiter.clock()), lines::add));
        }
        await("every run seen", () -> lines.size() == 30);
        emu.faults().rateLimit(RUNS_LIST, 5, 0);
        emu.faults().next(3, RUNS_GET, Fault.status(503));
        emu.faults().next(40, RUNS_LIST, Fault.html(500));
        long lists = emu.requestCount("GET", RUNS_LIST);
        await("the failing listings tried", () -> emu.requestCount("GET", RUNS_LIST) >= lists + 40);
        emu.clock().advance(Duration.ofSeconds(10));
        for (Waiter.Handle<RunOutcome, RunWait> w : waits) {
            assertTrue(get(w.result()).success());
        }
    }

    @Test
    void aRequestThatFailsForGoodEndsOnlyItsWait() throws Exception {
        long job = emu.jobs().create("x");
        long runId = startRun(job);
        DatabricksClient noRetries = TestSupport.client(emu).retryPolicy(RetryPolicy.none()).build();
        emu.faults().next(1, RUNS_GET, Fault.status(403));
        Throwable e = failure(waiter.waitForRun(noRetries, RunWait.of(runId, LONG, waiter.clock()), null).result());
        assertEquals(403, ((DatabricksException) e).statusCode());
        Waiter.Handle<RunOutcome, RunWait> other = waiter.waitForRun(client, RunWait.of(runId, LONG, waiter.clock()),
                null);
        emu.clock().advance(Duration.ofSeconds(10));
        assertTrue(get(other.result()).success());
    }

    @Test
    void clustersStartAndAreWaitedForTogetherAsEnsureRunningDoes() throws Exception {
        List<String> ids = List.of(emu.clusters().create("a"), emu.clusters().create("b"), emu.clusters().create("c"));
        String failing = emu.clusters().create("broken");
        emu.clusters().failNextStart(failing, "BOOTSTRAP_TIMEOUT", "Instance bootstrap failed");
        List<List<String>> lines = new ArrayList<>();
        List<Waiter.Handle<Map<String, Object>, ClusterWait>> waits = new ArrayList<>();
        for (String id : ids) {
            List<String> l = new CopyOnWriteArrayList<>();
            lines.add(l);
            waits.add(waiter.waitForCluster(client, ClusterWait.of(id, LONG, waiter.clock()), l::add));
        }
        List<String> failingLines = new CopyOnWriteArrayList<>();
        Waiter.Handle<Map<String, Object>, ClusterWait> bad = waiter.waitForCluster(client,
                ClusterWait.of(failing, LONG, waiter.clock()), failingLines::add);
        await("all asked to start", () -> lines.stream().allMatch(l -> l.size() >= 3) && failingLines.size() >= 3);
        ClusterWait checkpoint = waits.get(0).checkpoint();
        assertTrue(checkpoint.startSeen());
        assertEquals("PENDING", checkpoint.lastState());
        emu.clock().advance(Duration.ofSeconds(3));
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("RUNNING", get(waits.get(i).result()).get("state"));
            String name = "'" + "abc".charAt(i) + "' (" + ids.get(i) + ")";
            assertTrue(lines.get(i).get(0).startsWith("Cluster " + name + " is TERMINATED"), lines.get(i).toString());
            assertEquals("Starting cluster " + name, lines.get(i).get(1));
            assertTrue(lines.get(i).get(2).startsWith("Cluster " + name + ": TERMINATED -> PENDING"), lines.get(i).toString());
            assertTrue(lines.get(i).get(lines.get(i).size() - 1).startsWith("Cluster " + name + ": PENDING -> RUNNING"),
                    lines.get(i).toString());
        }
        Throwable e = failure(bad.result());
        assertEquals(DatabricksException.CLUSTER_START_FAILED, ((DatabricksException) e).errorCode());
        assertTrue(e.getMessage().contains("BOOTSTRAP_TIMEOUT"), e.getMessage());
        assertEquals(4, emu.requestCount("POST", "/api/2.1/clusters/start"), "each cluster started once");
    }

    @Test
    void aResumedClusterWaitThatSawTheStartDoesNotStartTheClusterAgain() throws Exception {
        String id = emu.clusters().create("once");
        List<String> lines = new CopyOnWriteArrayList<>();
        Waiter.Handle<Map<String, Object>, ClusterWait> wait = waiter.waitForCluster(client,
                ClusterWait.of(id, LONG, waiter.clock()), lines::add);
        await("started", () -> lines.size() >= 3);
        ClusterWait saved = wait.detach();
        client.clusters().terminate(id);
        emu.clock().advance(Duration.ofSeconds(5));
        Throwable e = failure(waiter.waitForCluster(client, saved, null).result());
        assertEquals(DatabricksException.CLUSTER_START_FAILED, ((DatabricksException) e).errorCode());
        assertEquals(1, emu.requestCount("POST", "/api/2.1/clusters/start"));
        assertEquals("Stopped waiting for cluster " + id + "; it goes on starting",
                get(waiter.waitForCluster(client, ClusterWait.of(id, LONG, waiter.clock()), null)
                        .cancel(Duration.ofSeconds(1))));
    }

    @Test
    void waitsOfDifferentCredentialsAreNotServedByEachOthersListings() throws Exception {
        try (DatabricksEmulator two = TestSupport.emulator().token("dapi-other-user-0000", "other@example.com")
                .manualClock().runDuration(Duration.ofSeconds(10)).start()) {
            DatabricksClient a = TestSupport.client(two).build();
            DatabricksClient b = DatabricksClient.builder().host(two.baseUrl()).token("dapi-other-user-0000")
                    .pollSchedule(PollSchedule.fixed(Duration.ofMillis(20))).build();
            DatabricksClient aAgain = TestSupport.client(two).build();
            assertEquals(a.principalKey(), aAgain.principalKey());
            assertFalse(a.principalKey().equals(b.principalKey()));
            assertFalse(a.principalKey().toString().contains(TestSupport.TOKEN));
        }
    }

    @Test
    void groupsGoAwayOnceTheirWaitsEndSoRotatedTokensLeaveNothingBehind() throws Exception {
        long job = emu.jobs().create("rotating");
        for (int i = 0; i < 5; i++) {
            String token = "dapi-rotated-" + i;
            emu.users().addToken(token, "ci@example.com");
            DatabricksClient rotated = DatabricksClient.builder().host(emu.baseUrl()).token(token).rateLimit(2000)
                    .pollSchedule(PollSchedule.fixed(Duration.ofMillis(20))).build();
            long runId = startRun(job);
            Waiter.Handle<RunOutcome, RunWait> wait = waiter.waitForRun(rotated, RunWait.of(runId, LONG,
                    waiter.clock()), null);
            await("registered", () -> waiter.groups() == 1);
            emu.clock().advance(Duration.ofSeconds(10));
            assertTrue(get(wait.result()).success());
            await("the idle group is dropped", () -> waiter.groups() == 0);
        }
        assertEquals(0, waiter.activeWaits());
        // a new wait of a principal seen before makes a new group and ends as before
        long again = startRun(job);
        Waiter.Handle<RunOutcome, RunWait> wait = waiter.waitForRun(client, RunWait.of(again, LONG, waiter.clock()),
                null);
        emu.clock().advance(Duration.ofSeconds(10));
        assertTrue(get(wait.result()).success());
    }

    @Test
    void aTokenFetchRunsOnTheBlockingExecutorNeverOnTheScheduler() throws Exception {
        List<String> askedOn = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean fetched = new java.util.concurrent.atomic.AtomicBoolean();
        AuthMethod slowToSignIn = new AuthMethod() {
            @Override
            public boolean ready() {
                return fetched.get();
            }

            @Override
            public String authorization(TokenEndpoint tokenEndpoint) {
                if (!fetched.getAndSet(true)) {
                    askedOn.add(Thread.currentThread().getName()); // where a real token request would block
                }
                return "Bearer " + TestSupport.TOKEN;
            }

            @Override
            public String redact(String text) {
                return text;
            }

            @Override
            public String description() {
                return "a token fetched on first use";
            }
        };
        java.util.concurrent.ExecutorService blocking = Executors.newSingleThreadExecutor(
                r -> new Thread(r, "databricks-blocking"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "shared-timer"));
        try {
            Waiter w = Waiter.builder(timer).blockingExecutor(blocking).build();
            DatabricksClient oauth = DatabricksClient.builder().host(emu.baseUrl()).auth(slowToSignIn)
                    .pollSchedule(PollSchedule.fixed(Duration.ofMillis(20))).build();
            long runId = startRun(emu.jobs().create("oauth"));
            Waiter.Handle<RunOutcome, RunWait> wait = w.waitForRun(oauth, RunWait.of(runId, LONG, w.clock()), null);
            emu.clock().advance(Duration.ofSeconds(10));
            assertTrue(get(wait.result()).success());
            assertEquals(List.of("databricks-blocking"), askedOn);
        } finally {
            timer.shutdownNow();
            blocking.shutdownNow();
        }
    }
}
