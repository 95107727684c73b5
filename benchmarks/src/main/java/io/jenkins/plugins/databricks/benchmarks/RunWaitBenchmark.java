package io.jenkins.plugins.databricks.benchmarks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.jobs.RunNowRequest;
import io.jenkins.plugins.databricks.client.jobs.RunOutcome;
import io.jenkins.plugins.databricks.client.jobs.RunWait;
import io.jenkins.plugins.databricks.client.policy.RateLimiter;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N concurrent waits for job runs that end at random times, for {@link Waiter} (one scheduler thread for all
 * waits) and for the Databricks SDK for Java's {@code jobs().waitGetRunJobTerminatedOrSkipped} (a blocked thread
 * per run, one runs/get per run per poll). Each side has its own emulator (its own host, counters and rate
 * limiter) and both run at the same time, so machine load hits both alike. The emulators' clocks run
 * {@link #SPEED} times faster than wall time so runs last 3 to 15 emulated minutes; both libraries poll on
 * wall time (1 s, 2 s, ... 10 s plus jitter), so each run ends between {@link #FIRST_END} and {@link #LAST_END}
 * of wall time after it started.
 */
final class RunWaitBenchmark {
    static final double SPEED = 10;
    static final Duration FIRST_END = Duration.ofSeconds(20);
    static final Duration LAST_END = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    /** The figures of one side. */
    record Side(int threads, double requestsPerPoll, double requestsPerPollOverall, long requests,
                double heapKbPerWait, double detectMedianMs, double detectP90Ms) {
    }

    record Result(int n, Side ours, Side sdk, double seconds) {
    }

    private final int n;

    RunWaitBenchmark(int n) {
        this.n = n;
    }

    Result run() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(n);
        long[] wallEnds = new long[n];
        for (int i = 0; i < n; i++) {
            wallEnds[i] = FIRST_END.toMillis() + (long) (random.nextDouble() * (LAST_END.toMillis() - FIRST_END.toMillis()));
        }
        double[] heap = heapPerWait();
        try (DatabricksEmulator ourEmu = emulator(); DatabricksEmulator sdkEmu = emulator()) {
            List<Long> ourRuns = startRuns(ourEmu, wallEnds);
            List<Long> sdkRuns = startRuns(sdkEmu, wallEnds);
            ourEmu.resetCounters();
            sdkEmu.resetCounters();
            ThreadCensus census = new ThreadCensus();
            long firstEnd = Math.min(ourEmu.jobs().endTime(ourRuns.get(argMin(wallEnds))),
                    Long.MAX_VALUE);

            // ours: one scheduler thread for every wait; the client as a user gets it (default rate limit)
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "waiter-scheduler");
                t.setDaemon(true);
                return t;
            });
            DatabricksClient client = DatabricksClient.builder().host(ourEmu.baseUrl()).token(Workspaces.TOKEN)
                    .rateLimit(RateLimiter.DEFAULT_RATE).build();
            Waiter waiter = Waiter.builder(scheduler).build();
            List<CompletableFuture<Double>> ourDelays = new ArrayList<>();
            for (long runId : ourRuns) {
                CompletableFuture<RunOutcome> done = waiter.waitForRun(client, RunWait.of(runId, TIMEOUT,
                        waiter.clock()), null).result();
                ourDelays.add(done.thenApply(o -> (ourEmu.clock().now() - ourEmu.jobs().endTime(runId)) / SPEED));
            }

            // the SDK, started at the same moment: a thread per run, blocked in its wait
            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(sdkEmu.baseUrl())
                    .setToken(Workspaces.TOKEN).setAuthType("pat"));
            AtomicLong sdkPollsBeforeFirstEnd = new AtomicLong();
            long firstEndSdk = sdkEmu.jobs().endTime(sdkRuns.get(argMin(wallEnds)));
            List<CompletableFuture<Double>> sdkDelays = new ArrayList<>();
            AtomicInteger threadNo = new AtomicInteger();
            for (long runId : sdkRuns) {
                CompletableFuture<Double> delay = new CompletableFuture<>();
                sdkDelays.add(delay);
                Thread t = new Thread(() -> {
                    try {
                        sdk.jobs().waitGetRunJobTerminatedOrSkipped(runId, TIMEOUT, r -> {
                            if (sdkEmu.clock().now() < firstEndSdk) {
                                sdkPollsBeforeFirstEnd.incrementAndGet();
                            }
                        });
                        delay.complete((sdkEmu.clock().now() - sdkEmu.jobs().endTime(runId)) / SPEED);
                    } catch (Throwable e) {
                        delay.completeExceptionally(e);
                    }
                }, "sdk-wait-" + threadNo.incrementAndGet());
                t.setDaemon(true);
                t.start();
            }

            // the cost of watching while every run is still going: until the first run ends
            long[] oursAtFirstEnd = null;
            long sdkGetsAtFirstEnd = -1;
            long sdkPollsAtFirstEnd = -1;
            while (!allDone(ourDelays) || !allDone(sdkDelays)) {
                census.sample();
                if (oursAtFirstEnd == null && ourEmu.clock().now() >= firstEnd) {
                    Waiter.Counts c = waiter.counts();
                    oursAtFirstEnd = new long[] {c.cycles(), requests(ourEmu)};
                }
                if (sdkGetsAtFirstEnd < 0 && sdkEmu.clock().now() >= firstEndSdk) {
                    sdkGetsAtFirstEnd = requests(sdkEmu);
                    sdkPollsAtFirstEnd = sdkPollsBeforeFirstEnd.get();
                }
                Thread.sleep(200);
            }
            Waiter.Counts total = waiter.counts();
            scheduler.shutdownNow();
            double[] ours = values(ourDelays);
            double[] theirs = values(sdkDelays);
            long ourRequests = requests(ourEmu);
            long sdkRequests = requests(sdkEmu);
            // the SDK polls each waiting run once per round: requests per round = requests / (polls per run)
            double sdkPerRound = sdkPollsAtFirstEnd <= 0 ? n : sdkGetsAtFirstEnd / (sdkPollsAtFirstEnd / (double) n);
            Side ourSide = new Side(census.maxOurs(), oursAtFirstEnd == null || oursAtFirstEnd[0] == 0 ? 0
                    : oursAtFirstEnd[1] / (double) oursAtFirstEnd[0], ourRequests / (double) total.cycles(),
                    ourRequests, heap[0], Stats.median(ours), percentile(ours, 0.9));
            Side sdkSide = new Side(census.maxSdk(), sdkPerRound, sdkPerRound, sdkRequests, heap[1],
                    Stats.median(theirs), percentile(theirs, 0.9));
            return new Result(n, ourSide, sdkSide, (System.nanoTime() - began) / 1e9);
        }
    }

    /**
     * Heap per waiting run, {ours, SDK}, measured apart from the timing (the settling takes seconds, which would
     * start one side's waits later than the other's): N runs that end in hours, waited for until every wait has
     * polled once, then let go.
     */
    private double[] heapPerWait() throws Exception {
        long[] never = new long[n];
        java.util.Arrays.fill(never, Duration.ofHours(1).toMillis());
        try (DatabricksEmulator emu = emulator()) {
            List<Long> runs = startRuns(emu, never);
            long before = quietHeap();
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            Waiter waiter = Waiter.builder(scheduler).build();
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl()).token(Workspaces.TOKEN)
                    .rateLimit(RateLimiter.DEFAULT_RATE).build();
            CountDownLatch seen = new CountDownLatch(n);
            Set<Long> seenRuns = ConcurrentHashMap.newKeySet();
            List<Waiter.Handle<RunOutcome, RunWait>> handles = new ArrayList<>();
            for (long runId : runs) {
                handles.add(waiter.waitForRun(client, RunWait.of(runId, TIMEOUT, waiter.clock()), line -> {
                    if (seenRuns.add(runId)) {
                        seen.countDown();
                    }
                }));
            }
            seen.await();
            double ours = (quietHeap() - before) / 1024.0 / n;
            handles.forEach(Waiter.Handle::detach);
            handles.clear();
            scheduler.shutdownNow();

            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(emu.baseUrl())
                    .setToken(Workspaces.TOKEN).setAuthType("pat"));
            long sdkBefore = quietHeap();
            CountDownLatch sdkSeen = new CountDownLatch(n);
            List<Thread> threads = new ArrayList<>();
            for (long runId : runs) {
                AtomicInteger polls = new AtomicInteger();
                Thread t = new Thread(() -> {
                    try {
                        sdk.jobs().waitGetRunJobTerminatedOrSkipped(runId, TIMEOUT, r -> {
                            if (polls.incrementAndGet() == 1) {
                                sdkSeen.countDown();
                            }
                        });
                    } catch (Throwable e) {
                        // interrupted below: the measurement is over
                    }
                }, "sdk-heap-" + runId);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            sdkSeen.await();
            double theirs = (quietHeap() - sdkBefore) / 1024.0 / n;
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                t.join(10_000);
            }
            return new double[] {ours, theirs};
        }
    }

    /**
     * The least heap in use after full GCs over five samples a second apart: what stays. A single sample may
     * fall on a poll cycle and count its answers in flight, or an emulator thread's buffers, as kept.
     */
    private static long quietHeap() throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            least = Math.min(least, HeapSampler.settledUsed());
            Thread.sleep(1000);
        }
        return least;
    }

    private static DatabricksEmulator emulator() {
        return DatabricksEmulator.builder().token(Workspaces.TOKEN).clock(EmulatorClock.fast(SPEED)).start();
    }

    /** Starts a run per end time, each lasting its wall time times the clock speed in emulator time. */
    private static List<Long> startRuns(DatabricksEmulator emu, long[] wallEnds) throws InterruptedException {
        DatabricksClient setup = DatabricksClient.builder().host(emu.baseUrl()).token(Workspaces.TOKEN)
                .rateLimit(RateLimiter.UNLIMITED).build();
        long job = emu.jobs().create("benchmark");
        List<Long> runs = new ArrayList<>();
        for (long wallEnd : wallEnds) {
            emu.jobs().setRunDuration(job, Duration.ofMillis((long) (wallEnd * SPEED)));
            runs.add(setup.jobs().runNow(RunNowRequest.builder(job).build()));
        }
        return runs;
    }

    private static long requests(DatabricksEmulator emu) {
        long n = 0;
        for (String v : List.of("2.1", "2.2")) {
            n += emu.requestCount("GET", "/api/" + v + "/jobs/runs/get")
                    + emu.requestCount("GET", "/api/" + v + "/jobs/runs/list");
        }
        return n;
    }

    private static int argMin(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean allDone(List<CompletableFuture<Double>> futures) {
        return futures.stream().allMatch(CompletableFuture::isDone);
    }

    private static double[] values(List<CompletableFuture<Double>> futures) {
        return futures.stream().mapToDouble(CompletableFuture::join).toArray();
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    /**
     * Threads by who made them: ours are the scheduler and the JDK HttpClient's selector thread; the SDK's are
     * its wait threads and whatever else appears that is neither ours nor the emulators'. Peak counts.
     */
    private static final class ThreadCensus {
        private final Set<Long> before = new HashSet<>();
        private int maxOurs;
        private int maxSdk;

        ThreadCensus() {
            Thread.getAllStackTraces().keySet().forEach(t -> before.add(t.getId()));
        }

        void sample() {
            int ours = 0;
            int sdk = 0;
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                String name = t.getName();
                if (name.startsWith("waiter-") || (name.startsWith("HttpClient-") && name.endsWith("SelectorManager"))) {
                    ours++;
                } else if (!before.contains(t.getId()) && !name.startsWith("databricks-emulator-")
                        && !name.equals("heap-sampler")) {
                    sdk++;
                }
            }
            maxOurs = Math.max(maxOurs, ours);
            maxSdk = Math.max(maxSdk, sdk);
        }

        int maxOurs() {
            return maxOurs;
        }

        int maxSdk() {
            return maxSdk;
        }
    }
}
