package io.jenkins.plugins.databricks.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs every benchmark once, writes the figures as a flat JSON object to the path given as the only
 * argument, and prints them as a table. See docs/performance.md for what each figure means.
 */
public final class BenchmarkMain {

    /** Concurrent start-and-wait runs per library; medians are reported. */
    private static final int START_WAIT_RUNS = 5;

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "target/benchmark-results.json");
        System.out.println(machine());
        if (args.length > 1 && args[1].equals("waits")) {
            // only the run waits, merged into the figures already in the file
            Results results = Results.existing(output, k -> k.startsWith("waits_") || k.startsWith("sdk_waits_"));
            runWaits(results);
            finish(results, output);
            return;
        }
        if (args.length > 1 && args[1].equals("downloads")) {
            // only the 1 GiB download, merged into the figures already in the file
            Results results = Results.existing(output, k -> k.contains("download_1gb"));
            step("download 1 GiB from a volume");
            downloads(results, new DownloadBenchmark(4).run());
            finish(results, output);
            return;
        }
        if (args.length > 1 && args[1].equals("sql")) {
            // only the SQL results, merged into the figures already in the file
            Results results = Results.existing(output, k -> k.contains("sql_"));
            step("SQL: 1,000,000 rows to a file, and a one-row statement");
            sql(results, new SqlBenchmark(4, 200).run());
            finish(results, output);
            return;
        }
        long began = System.nanoTime();

        // Start-and-wait spends a minute of real time per run, nearly all of it asleep between polls, so the
        // runs of both libraries go alongside everything else instead of adding minutes to the run.
        ExecutorService background = Executors.newFixedThreadPool(2 * START_WAIT_RUNS);
        List<CompletableFuture<StartWaitBenchmark.Result>> clientWaits = new ArrayList<>();
        List<CompletableFuture<StartWaitBenchmark.Result>> sdkWaits = new ArrayList<>();
        for (int i = 0; i < START_WAIT_RUNS; i++) {
            clientWaits.add(supply(background, () -> new StartWaitBenchmark().run(url -> OurApi.connect(url, null))));
            sdkWaits.add(supply(background, () -> new StartWaitBenchmark().run(SdkApi::connect)));
        }

        step("overhead vs raw HTTP");
        OverheadBenchmark.Result overhead = new OverheadBenchmark(3_000, 5_000).run();
        step("throughput vs SDK");
        ThroughputBenchmark.Result throughput = new ThroughputBenchmark(4, Duration.ofSeconds(2), 5).run();
        step("rate-limited endpoint, databricks-client");
        RateLimitBenchmark rateLimit = new RateLimitBenchmark(16, 1_000);
        // The client as a user gets it: default rate limit, default retry policy.
        RateLimitBenchmark.Result clientLimited = rateLimit.run(url -> OurApi.connect(url, null));
        step("rate-limited endpoint, SDK");
        RateLimitBenchmark.Result sdkLimited = rateLimit.run(SdkApi::connect);
        step("listing 10,000 clusters");
        ListBenchmark.Result list = new ListBenchmark(2, 7).run();
        step("upload 1 GiB to a volume, import 500 notebooks");
        TransferBenchmark.Result transfer = new TransferBenchmark(4, 11).run();
        step("download 1 GiB from a volume");
        DownloadBenchmark.Result download = new DownloadBenchmark(4).run();
        step("start-and-wait (waiting for the 60 s cluster starts, " + START_WAIT_RUNS + " runs each)");
        StartWaitBenchmark.Summary clientStart = StartWaitBenchmark.Summary.of(join(clientWaits));
        StartWaitBenchmark.Summary sdkStart = StartWaitBenchmark.Summary.of(join(sdkWaits));
        background.shutdown();

        Results results = new Results()
                .atMost("overhead_vs_raw_http", Stats.round(overhead.clientOverRaw(), 3), 1.10)
                .atLeast("throughput_vs_databricks_sdk", Stats.round(throughput.ratio(), 3), 1.0)
                .atLeast("ratelimit_goodput", Stats.round(clientLimited.goodput(), 3), 0.90)
                .atMost("ratelimit_429_share", Stats.round(clientLimited.share429(), 3), 0.05)
                .atLeast("upload_1gb_vs_raw_http", Stats.round(transfer.uploadVsRaw(), 3), 0.9)
                .atLeast("upload_1gb_vs_databricks_sdk", Stats.round(transfer.uploadVsSdk(), 3), 1.0)
                .atMost("upload_1gb_peak_heap_mb", Stats.round(transfer.clientPeakHeapMb(), 1), 64)
                .atLeast("import_500_vs_raw_http", Stats.round(transfer.importVsRaw(), 3), 0.9)
                .atLeast("import_500_vs_databricks_sdk", Stats.round(transfer.importVsSdk(), 3), 1.0)
                .put("sdk_ratelimit_goodput", Stats.round(sdkLimited.goodput(), 3))
                .put("sdk_ratelimit_429_share", Stats.round(sdkLimited.share429(), 3))
                .put("list_10k_clusters_ms", Stats.round(list.clientMillis(), 1))
                .put("sdk_list_10k_clusters_ms", Stats.round(list.sdkMillis(), 1))
                .put("list_10k_clusters_peak_heap_mb", Stats.round(list.clientPeakHeapMb(), 1))
                .put("start_wait_polls", clientStart.polls())
                .put("start_wait_detect_ms", Stats.round(clientStart.detectMillis(), 0))
                .put("sdk_start_wait_polls", sdkStart.polls())
                .put("sdk_start_wait_detect_ms", Stats.round(sdkStart.detectMillis(), 0))
                // Supporting figures: the raw numbers behind the ratios, and what the goals leave unsaid.
                .put("raw_http_get_median_us", Stats.round(overhead.rawMedianMicros(), 1))
                .put("client_get_median_us", Stats.round(overhead.clientMedianMicros(), 1))
                .put("sdk_get_median_us", Stats.round(overhead.sdkMedianMicros(), 1))
                .put("sdk_overhead_vs_raw_http", Stats.round(overhead.sdkOverRaw(), 3))
                .put("client_calls_per_s", Stats.round(throughput.clientCallsPerSecond(), 0))
                .put("sdk_calls_per_s", Stats.round(throughput.sdkCallsPerSecond(), 0))
                .put("throughput_errors", throughput.errors())
                .put("ratelimit_seconds", Stats.round(clientLimited.seconds(), 2))
                .put("ratelimit_failed_calls", clientLimited.failed())
                .put("ratelimit_requests", clientLimited.requests())
                .put("sdk_ratelimit_seconds", Stats.round(sdkLimited.seconds(), 2))
                .put("sdk_ratelimit_failed_calls", sdkLimited.failed())
                .put("sdk_ratelimit_requests", sdkLimited.requests())
                .put("list_10k_clusters_pages", list.clientPages())
                .put("sdk_list_10k_clusters_pages", list.sdkPages())
                .put("list_10k_clusters_retained_heap_mb", Stats.round(list.clientRetainedHeapMb(), 1))
                .put("sdk_list_10k_clusters_peak_heap_mb", Stats.round(list.sdkPeakHeapMb(), 1))
                .put("sdk_list_10k_clusters_retained_heap_mb", Stats.round(list.sdkRetainedHeapMb(), 1))
                .put("start_wait_total_ms", Stats.round(clientStart.totalMillis(), 0))
                .put("sdk_start_wait_total_ms", Stats.round(sdkStart.totalMillis(), 0))
                .put("start_wait_runs", clientStart.runs())
                .put("upload_1gb_ms", Stats.round(transfer.clientUploadMs(), 0))
                .put("raw_http_upload_1gb_ms", Stats.round(transfer.rawUploadMs(), 0))
                .put("sdk_upload_1gb_ms", Stats.round(transfer.sdkUploadMs(), 0))
                .put("upload_1gb_peak_heap_incl_garbage_mb", Stats.round(transfer.clientPeakHeapWithGarbageMb(), 1))
                .put("raw_http_upload_1gb_peak_heap_incl_garbage_mb",
                        Stats.round(transfer.rawPeakHeapWithGarbageMb(), 1))
                .put("raw_http_upload_1gb_peak_heap_mb", Stats.round(transfer.rawPeakHeapMb(), 1))
                .put("sdk_upload_1gb_peak_heap_mb", Stats.round(transfer.sdkPeakHeapMb(), 1))
                .put("import_500_ms", Stats.round(transfer.clientImportMs(), 0))
                .put("import_500_sequential_ms", Stats.round(transfer.clientSequentialImportMs(), 0))
                .put("raw_http_import_500_ms", Stats.round(transfer.rawImportMs(), 0))
                .put("sdk_import_500_ms", Stats.round(transfer.sdkImportMs(), 0))
                .put("import_500_sequential_vs_raw_http",
                        Stats.round(transfer.rawImportMs() / transfer.clientSequentialImportMs(), 3))
                .put("import_500_sequential_vs_databricks_sdk",
                        Stats.round(transfer.sdkImportMs() / transfer.clientSequentialImportMs(), 3));
        downloads(results, download);
        step("SQL: 1,000,000 rows to a file, and a one-row statement");
        sql(results, new SqlBenchmark(4, 200).run());
        results.put("run_seconds", Stats.round((System.nanoTime() - began) / 1e9, 1));
        runWaits(results);
        finish(results, output);
    }

    /** The 1 GiB download's goals, then the figures behind them; see {@link DownloadBenchmark}. */
    private static void downloads(Results results, DownloadBenchmark.Result download) {
        results.atLeast("download_1gb_vs_raw_http", Stats.round(download.vsRaw(), 3), 0.9)
                .atLeast("download_1gb_vs_databricks_sdk", Stats.round(download.vsSdk(), 3), 1.0)
                .atMost("download_1gb_peak_heap_mb", Stats.round(download.clientPeakHeapMb(), 1), 64)
                .put("download_1gb_ms", Stats.round(download.clientMs(), 0))
                .put("raw_http_download_1gb_ms", Stats.round(download.rawMs(), 0))
                .put("sdk_download_1gb_ms", Stats.round(download.sdkMs(), 0))
                .put("download_1gb_peak_heap_incl_garbage_mb", Stats.round(download.clientPeakHeapWithGarbageMb(), 1))
                .put("raw_http_download_1gb_peak_heap_incl_garbage_mb",
                        Stats.round(download.rawPeakHeapWithGarbageMb(), 1))
                .put("raw_http_download_1gb_peak_heap_mb", Stats.round(download.rawPeakHeapMb(), 1))
                .put("sdk_download_1gb_peak_heap_mb", Stats.round(download.sdkPeakHeapMb(), 1));
    }

    /** The SQL goals, then the figures behind them; see {@link SqlBenchmark}. */
    private static void sql(Results results, SqlBenchmark.Result r) {
        results.atLeast("sql_1m_rows_to_file_vs_databricks_sdk", Stats.round(r.vsSdk(), 3), 1.0)
                .atMost("sql_1m_rows_peak_heap_mb", Stats.round(r.clientPeakHeapMb(), 1), 64)
                .atLeast("sql_small_statement_vs_databricks_sdk", Stats.round(r.smallVsSdk(), 3), 1.0)
                .put("sql_1m_rows_to_file_ms", Stats.round(r.clientMs(), 0))
                .put("sdk_sql_1m_rows_to_file_ms", Stats.round(r.sdkMs(), 0))
                .put("sql_small_statement_ms", Stats.round(r.clientSmallMs(), 2))
                .put("sdk_sql_small_statement_ms", Stats.round(r.sdkSmallMs(), 2));
    }

    /** N concurrent run waits, ours against the SDK's; see {@link RunWaitBenchmark}. */
    private static void runWaits(Results results) throws Exception {
        for (int n : new int[] {10, 100, 1000}) {
            step("waiting for " + n + " runs ending over " + RunWaitBenchmark.FIRST_END.toSeconds() + "-"
                    + RunWaitBenchmark.LAST_END.toSeconds() + " s, Waiter and SDK side by side");
            RunWaitBenchmark.Result r = new RunWaitBenchmark(n).run();
            String k = "waits_" + n + "_";
            RunWaitBenchmark.Side ours = r.ours();
            RunWaitBenchmark.Side sdk = r.sdk();
            if (n == 1000) {
                results.atMost(k + "threads", ours.threads(), 4)
                        .atMost(k + "requests_per_poll", Stats.round(ours.requestsPerPoll(), 1), Math.ceil(n / 25.0) + 2)
                        .atMost(k + "heap_kb_per_wait", Stats.round(ours.heapKbPerWait(), 2), 10)
                        .atMost(k + "detect_median_ms", Math.round(ours.detectMedianMs()),
                                Math.round(sdk.detectMedianMs()));
            } else {
                results.put(k + "threads", ours.threads())
                        .put(k + "requests_per_poll", Stats.round(ours.requestsPerPoll(), 1))
                        .put(k + "heap_kb_per_wait", Stats.round(ours.heapKbPerWait(), 2))
                        .put(k + "detect_median_ms", Math.round(ours.detectMedianMs()));
            }
            results.put("sdk_" + k + "threads", sdk.threads())
                    .put("sdk_" + k + "requests_per_poll", Stats.round(sdk.requestsPerPoll(), 1))
                    .put("sdk_" + k + "heap_kb_per_wait", Stats.round(sdk.heapKbPerWait(), 2))
                    .put("sdk_" + k + "detect_median_ms", Math.round(sdk.detectMedianMs()))
                    .put(k + "requests", ours.requests())
                    .put("sdk_" + k + "requests", sdk.requests())
                    .put(k + "requests_per_poll_overall", Stats.round(ours.requestsPerPollOverall(), 1))
                    .put(k + "detect_p90_ms", Math.round(ours.detectP90Ms()))
                    .put("sdk_" + k + "detect_p90_ms", Math.round(sdk.detectP90Ms()))
                    .put(k + "seconds", Stats.round(r.seconds(), 1));
        }
    }

    private static void finish(Results results, Path output) throws IOException {
        results.writeJson(output);
        System.out.println();
        results.printTable(System.out);
        System.out.println();
        System.out.println("written to " + output.toAbsolutePath());
        // Library pools (the SDK's HTTP connections, the client's schedulers) need not be daemons.
        System.exit(0);
    }

    private interface Task<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<T> supply(ExecutorService pool, Task<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                future.complete(task.call());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    private static <T> List<T> join(List<CompletableFuture<T>> futures) throws Exception {
        List<T> results = new ArrayList<>();
        for (CompletableFuture<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    private static void step(String what) {
        System.out.println("-- " + what);
    }

    static String machine() {
        return "machine: " + Runtime.getRuntime().availableProcessors() + " cpus, " + cpuModel() + "; JDK "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; heap max " + Runtime.getRuntime().maxMemory() / 1048576 + " MB";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
