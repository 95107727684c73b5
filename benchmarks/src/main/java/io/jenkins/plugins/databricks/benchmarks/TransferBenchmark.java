package io.jenkins.plugins.databricks.benchmarks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.files.UploadRequest;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.workspace.ImportRequest;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Moving files in: one 1 GiB file uploaded to a volume (Files API PUT), and 500 small notebooks imported into
 * the workspace (mkdirs + workspace/import), by our client, by a bare java.net.http loop doing the same
 * requests, and by the SDK's own calls ({@code files().upload}, {@code workspace().importContent}). Variants
 * take turns in every round; then, apart, the heap each upload needs.
 *
 * <p>The 1 GiB file is sparse (zeros the file system does not store), so reading it costs no disk time, and the
 * emulator counts the uploaded bytes instead of writing them: what is measured is the HTTP path.
 */
final class TransferBenchmark {
    static final long SIZE = 1L << 30;
    static final int NOTEBOOKS = 500;
    static final int FOLDERS = 10;
    private static final String VOLUME_FILE = "/Volumes/main/bench/uploads/big.bin";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Result(double clientUploadMs, double rawUploadMs, double sdkUploadMs, double clientPeakHeapMb,
                  double clientPeakHeapWithGarbageMb, double rawPeakHeapWithGarbageMb, double rawPeakHeapMb,
                  double sdkPeakHeapMb,
                  double clientImportMs, double clientSequentialImportMs, double rawImportMs, double sdkImportMs) {
        double uploadVsRaw() {
            return rawUploadMs / clientUploadMs;
        }

        double uploadVsSdk() {
            return sdkUploadMs / clientUploadMs;
        }

        double importVsRaw() {
            return rawImportMs / clientImportMs;
        }

        double importVsSdk() {
            return sdkImportMs / clientImportMs;
        }
    }

    interface Variant {
        void run() throws Exception;
    }

    private final int uploadRounds;
    private final int importRounds;

    /** Each round runs every variant once; the first round of each is a warm-up. */
    TransferBenchmark(int uploadRounds, int importRounds) {
        this.uploadRounds = uploadRounds;
        this.importRounds = importRounds;
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory("databricks-transfer-bench");
        try (DatabricksEmulator emulator = Workspaces.plain()) {
            emulator.volumes().keepContents(false);
            String url = emulator.baseUrl();
            Path big = dir.resolve("big.bin");
            try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
                f.setLength(SIZE);
            }
            DatabricksClient client = DatabricksClient.builder().host(url).token(Workspaces.TOKEN)
                    .rateLimit(Limits.UNLIMITED).build();
            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(url).setToken(Workspaces.TOKEN)
                    .setAuthType("pat"));
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();

            Variant clientUpload = () -> client.uploads().upload(io.jenkins.plugins.databricks.client.files.UploadRequest
                    .builder(big, VOLUME_FILE).overwrite(true).build(), null);
            Variant rawUpload = () -> rawPut(raw, url, big);
            Variant sdkUpload = () -> {
                try (InputStream in = Files.newInputStream(big)) {
                    sdk.files().upload(new UploadRequest().setFilePath(VOLUME_FILE).setContents(in).setOverwrite(true));
                }
            };
            List<Variant> uploads = List.of(clientUpload, rawUpload, sdkUpload);
            double[] uploadMs = rounds(uploads, uploadRounds, () -> checkUploaded(emulator));

            double[] heap = new double[5];
            heap[0] = livePeakMb(clientUpload);
            checkUploaded(emulator);
            heap[2] = livePeakMb(rawUpload);
            heap[3] = livePeakMb(sdkUpload);
            try (HeapSampler sampler = new HeapSampler()) {
                clientUpload.run();
                heap[1] = sampler.peakAboveBaseline() / 1048576.0;
            }
            try (HeapSampler sampler = new HeapSampler()) {
                rawUpload.run();
                heap[4] = sampler.peakAboveBaseline() / 1048576.0;
            }

            Path notebooks = notebooks(dir.resolve("notebooks"));
            List<Path> files;
            try (Stream<Path> s = Files.walk(notebooks)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            Variant clientImport = () -> client.workspace().importFiles(ImportRequest.builder(notebooks,
                    "/Shared/bench/client").overwrite(true).build(), null);
            Variant clientSequential = () -> client.workspace().importFiles(ImportRequest.builder(notebooks,
                    "/Shared/bench/sequential").overwrite(true).parallelism(1).build(), null);
            Variant rawImport = () -> rawImport(raw, url, notebooks, files, "/Shared/bench/raw");
            Variant sdkImport = () -> {
                for (int f = 0; f < FOLDERS; f++) {
                    sdk.workspace().mkdirs("/Shared/bench/sdk/pkg" + f);
                }
                for (Path file : files) {
                    sdk.workspace().importContent(new Import().setPath(target("/Shared/bench/sdk", notebooks, file))
                            .setContent(Base64.getEncoder().encodeToString(Files.readAllBytes(file)))
                            .setFormat(ImportFormat.SOURCE).setLanguage(Language.PYTHON).setOverwrite(true));
                }
            };
            double[] importMs = rounds(List.of(clientImport, clientSequential, rawImport, sdkImport), importRounds,
                    () -> checkImported(emulator));
            return new Result(uploadMs[0], uploadMs[1], uploadMs[2], heap[0], heap[1], heap[4], heap[2], heap[3],
                    importMs[0], importMs[1], importMs[2], importMs[3]);
        } finally {
            deleteTree(dir);
        }
    }

    /** Median milliseconds per variant over the measured rounds; the order rotates every round. */
    static double[] rounds(List<Variant> variants, int rounds, Variant check) throws Exception {
        int n = variants.size();
        List<List<Long>> nanos = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            nanos.add(new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < n; i++) {
                int k = (i + r) % n;
                long start = System.nanoTime();
                variants.get(k).run();
                long elapsed = System.nanoTime() - start;
                check.run();
                if (r > 0) {
                    nanos.get(k).add(elapsed);
                }
            }
        }
        double[] ms = new double[n];
        for (int k = 0; k < n; k++) {
            ms[k] = Stats.median(nanos.get(k).stream().mapToLong(Long::longValue).toArray()) / 1e6;
        }
        return ms;
    }

    /**
     * The most heap in use right after a collection while the upload runs, above a settled baseline: a thread
     * collects every 100 ms and reads what is left, i.e. what the upload holds, not the garbage it leaves.
     */
    static double livePeakMb(Variant upload) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = HeapSampler.settledUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread collector = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                System.gc();
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-collector");
        collector.setDaemon(true);
        collector.start();
        try {
            upload.run();
        } finally {
            collector.interrupt();
            collector.join();
        }
        return (peak.get() - baseline) / 1048576.0;
    }

    private static void rawPut(HttpClient http, String url, Path file) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/2.0/fs/files" + VOLUME_FILE
                        + "?overwrite=true"))
                .header("Authorization", "Bearer " + Workspaces.TOKEN)
                .header("Content-Type", "application/octet-stream")
                .timeout(Duration.ofMinutes(10))
                .PUT(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 204) {
            throw new IOException("raw upload answered HTTP " + r.statusCode());
        }
    }

    private static void rawImport(HttpClient http, String url, Path root, List<Path> files, String target)
            throws IOException, InterruptedException {
        for (int f = 0; f < FOLDERS; f++) {
            post(http, url, "/api/2.0/workspace/mkdirs", Map.of("path", target + "/pkg" + f));
        }
        for (Path file : files) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", target(target, root, file));
            body.put("format", "SOURCE");
            body.put("language", "PYTHON");
            body.put("content", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            body.put("overwrite", true);
            post(http, url, "/api/2.0/workspace/import", body);
        }
    }

    private static void post(HttpClient http, String url, String path, Map<String, Object> body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + Workspaces.TOKEN)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(path + " answered HTTP " + r.statusCode());
        }
        MAPPER.readValue(r.body(), Map.class);
    }

    /** The notebook's workspace path: its relative path without ".py". */
    private static String target(String folder, Path root, Path file) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        return folder + "/" + rel.substring(0, rel.length() - 3);
    }

    private static Path notebooks(Path root) throws IOException {
        String body = "# Databricks notebook source\n" + "# COMMAND ----------\n\nprint('hello')\n".repeat(25);
        for (int i = 0; i < NOTEBOOKS; i++) {
            Path p = root.resolve("pkg" + (i % FOLDERS)).resolve("nb" + i + ".py");
            Files.createDirectories(p.getParent());
            Files.writeString(p, body + "# " + i + "\n");
        }
        return root;
    }

    private static void checkUploaded(DatabricksEmulator emulator) {
        long size = emulator.volumes().size(VOLUME_FILE).orElse(-1L);
        if (size != SIZE) {
            throw new IllegalStateException("the volume holds " + size + " bytes, not " + SIZE);
        }
    }

    private static void checkImported(DatabricksEmulator emulator) {
        for (String variant : List.of("client", "sequential", "raw", "sdk")) {
            long notebooks = emulator.workspace().paths("/Shared/bench/" + variant).stream()
                    .filter(p -> emulator.workspace().objectType(p).orElse("").equals("NOTEBOOK")).count();
            if (notebooks != 0 && notebooks != NOTEBOOKS) {
                throw new IllegalStateException(variant + " imported " + notebooks + " notebooks, not " + NOTEBOOKS);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
