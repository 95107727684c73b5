package io.jenkins.plugins.databricks.benchmarks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import io.jenkins.plugins.databricks.benchmarks.TransferBenchmark.Variant;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.files.DownloadRequest;
import io.jenkins.plugins.databricks.client.files.UploadRequest;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Bringing files home: one 1 GiB file of a volume downloaded to a local file (Files API GET) by our client
 * ({@code downloads().download}), by a bare java.net.http GET with {@code BodyHandlers.ofFile}, and by the SDK's
 * {@code files().download(path)} stream copied with {@code Files.copy}. Variants take turns in every round, as in
 * {@link TransferBenchmark}; then, apart, the heap each download needs.
 *
 * <p>The emulator serves a volume file from the disk file it was stored in, so the 1 GiB is seeded once by an
 * upload with contents kept (pseudo-random bytes, so a checksum means something) into the emulator's temporary
 * directory, which closing the emulator deletes. Every download is checked afterwards (length and CRC32C, outside
 * the timing) and deleted, so no side wins by doing less and no round starts with more on disk.
 */
final class DownloadBenchmark {
    static final long SIZE = TransferBenchmark.SIZE;
    private static final String VOLUME_FILE = "/Volumes/main/bench/downloads/big.bin";
    private static final int BUFFER = 1 << 20;

    record Result(double clientMs, double rawMs, double sdkMs, double clientPeakHeapMb,
                  double clientPeakHeapWithGarbageMb, double rawPeakHeapWithGarbageMb, double rawPeakHeapMb,
                  double sdkPeakHeapMb) {
        double vsRaw() {
            return rawMs / clientMs;
        }

        double vsSdk() {
            return sdkMs / clientMs;
        }
    }

    private final int rounds;

    /** Each round runs every variant once; the first round is a warm-up. */
    DownloadBenchmark(int rounds) {
        this.rounds = rounds;
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory("databricks-download-bench");
        try (DatabricksEmulator emulator = Workspaces.plain()) {
            String url = emulator.baseUrl();
            DatabricksClient client = DatabricksClient.builder().host(url).token(Workspaces.TOKEN)
                    .rateLimit(Limits.UNLIMITED).build();
            WorkspaceClient sdk = new WorkspaceClient(new DatabricksConfig().setHost(url).setToken(Workspaces.TOKEN)
                    .setAuthType("pat"));
            HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();

            long crc = seed(client, emulator, dir.resolve("seed.bin"));
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            Path clientFile = downloads.resolve("client.bin");
            Path rawFile = downloads.resolve("raw.bin");
            Path sdkFile = downloads.resolve("sdk.bin");

            Variant clientDownload = () -> client.downloads().download(DownloadRequest.builder(VOLUME_FILE, clientFile)
                    .overwrite(true).build(), null);
            Variant rawDownload = () -> rawGet(raw, url, rawFile);
            Variant sdkDownload = () -> {
                try (InputStream in = sdk.files().download(VOLUME_FILE).getContents()) {
                    Files.copy(in, sdkFile);
                }
            };
            Variant check = () -> checkDownloaded(downloads, crc);
            double[] ms = TransferBenchmark.rounds(List.of(clientDownload, rawDownload, sdkDownload), rounds, check);

            double[] heap = new double[5];
            heap[0] = TransferBenchmark.livePeakMb(clientDownload);
            check.run();
            heap[2] = TransferBenchmark.livePeakMb(rawDownload);
            check.run();
            heap[3] = TransferBenchmark.livePeakMb(sdkDownload);
            check.run();
            try (HeapSampler sampler = new HeapSampler()) {
                clientDownload.run();
                heap[1] = sampler.peakAboveBaseline() / 1048576.0;
            }
            check.run();
            try (HeapSampler sampler = new HeapSampler()) {
                rawDownload.run();
                heap[4] = sampler.peakAboveBaseline() / 1048576.0;
            }
            check.run();
            return new Result(ms[0], ms[1], ms[2], heap[0], heap[1], heap[4], heap[2], heap[3]);
        } finally {
            TransferBenchmark.deleteTree(dir);
        }
    }

    /**
     * Writes 1 GiB of seeded pseudo-random bytes to {@code local}, uploads it to the volume (the emulator keeps it
     * in its temporary directory), deletes the local copy and answers the CRC32C of the bytes.
     */
    private static long seed(DatabricksClient client, DatabricksEmulator emulator, Path local) throws Exception {
        CRC32C crc = new CRC32C();
        SplittableRandom random = new SplittableRandom(21);
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out = FileChannel.open(local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < SIZE; written += BUFFER) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    buffer.putLong(random.nextLong());
                }
                buffer.flip();
                crc.update(buffer);
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        client.uploads().upload(UploadRequest.builder(local, VOLUME_FILE).overwrite(true).build(), null);
        Files.delete(local);
        long size = emulator.volumes().size(VOLUME_FILE).orElse(-1L);
        if (size != SIZE) {
            throw new IllegalStateException("the volume holds " + size + " bytes, not " + SIZE);
        }
        return crc.getValue();
    }

    private static void rawGet(HttpClient http, String url, Path target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/2.0/fs/files" + VOLUME_FILE))
                .header("Authorization", "Bearer " + Workspaces.TOKEN)
                .timeout(Duration.ofMinutes(10))
                .GET()
                .build();
        HttpResponse<Path> r = http.send(request, HttpResponse.BodyHandlers.ofFile(target));
        if (r.statusCode() != 200) {
            throw new IOException("raw download answered HTTP " + r.statusCode());
        }
    }

    /** The one file a download left: its length and CRC32C must be the seed's; then it is deleted. */
    private static void checkDownloaded(Path downloads, long expectedCrc) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(downloads)) {
            files = s.toList();
        }
        if (files.size() != 1) {
            throw new IllegalStateException("expected one downloaded file, found " + files);
        }
        Path file = files.get(0);
        long size = Files.size(file);
        if (size != SIZE) {
            throw new IllegalStateException(file.getFileName() + " has " + size + " bytes, not " + SIZE);
        }
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                crc.update(buffer.flip());
            }
        }
        if (crc.getValue() != expectedCrc) {
            throw new IllegalStateException(file.getFileName() + " has other bytes than the volume file (CRC32C "
                    + Long.toHexString(crc.getValue()) + ", not " + Long.toHexString(expectedCrc) + ")");
        }
        Files.delete(file);
    }
}
