package io.jenkins.plugins.databricks.client.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploading build outputs to volumes (Files API) and DBFS: streamed, directories created, partial failures. */
class UploadsTest {
    private static DatabricksEmulator emu;
    private static DatabricksClient client;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().start();
        client = TestSupport.client(emu).rateLimit(1000).build();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.reset();
    }

    private Path write(String relative, byte[] content) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aTreeLandsInTheVolumeWithItsDirectories() throws Exception {
        byte[] wheel = random(300_000, 1);
        write("dist/app-1.0-py3-none-any.whl", wheel);
        write("dist/conf/settings with space.json", "{}".getBytes(StandardCharsets.UTF_8));
        List<Map<String, Object>> sent = client.uploads().upload(UploadRequest.builder(dir.resolve("dist"),
                "/Volumes/main/ci/artifacts/build-42").build(), null);
        assertEquals(List.of("app-1.0-py3-none-any.whl", "conf/settings with space.json"),
                sent.stream().map(m -> m.get("source")).toList());
        assertEquals("/Volumes/main/ci/artifacts/build-42/app-1.0-py3-none-any.whl", sent.get(0).get("path"));
        assertEquals(300_000L, sent.get(0).get("size"));
        assertArrayEquals(wheel, emu.volumes().read("/Volumes/main/ci/artifacts/build-42/app-1.0-py3-none-any.whl")
                .orElseThrow());
        assertTrue(emu.volumes().exists("/Volumes/main/ci/artifacts/build-42/conf/settings with space.json"));
        assertEquals(1, emu.requestCount("PUT", "/api/2.0/fs/directories/Volumes/main/ci/artifacts/build-42/conf"),
                "the deepest directory is created once, its parents with it");
        assertTrue(emu.volumes().isDirectory("/Volumes/main/ci/artifacts/build-42"));
        Map<String, Object> status = client.uploads().fileStatus(
                "/Volumes/main/ci/artifacts/build-42/app-1.0-py3-none-any.whl");
        assertEquals(300_000L, status.get("size"));
        assertEquals(null, client.uploads().fileStatus("/Volumes/main/ci/artifacts/none/x.whl"));
    }

    @Test
    void dbfsUploadsGoInBlocksOfOneMegabyte() throws Exception {
        byte[] jar = random(2 * Uploads.DBFS_BLOCK + 12_345, 2);
        Path file = write("target/app.jar", jar);
        List<Map<String, Object>> sent = client.uploads().upload(UploadRequest.builder(file, "dbfs:/ci/libs/")
                .build(), null);
        assertEquals("dbfs:/ci/libs/app.jar", sent.get(0).get("path"));
        assertArrayEquals(jar, emu.dbfs().read("/ci/libs/app.jar").orElseThrow());
        assertEquals(3, emu.requestCount("POST", "/api/2.0/dbfs/add-block"));
        assertEquals(1, emu.requestCount("POST", "/api/2.0/dbfs/close"));
        assertEquals((long) jar.length, client.uploads().fileStatus("dbfs:/ci/libs/app.jar").get("size"));
    }

    @Test
    void aStreamIsSentOnceWithItsSize() throws Exception {
        byte[] data = random(50_000, 3);
        Map<String, Object> v = client.uploads().uploadStream(new ByteArrayInputStream(data), data.length,
                "/Volumes/main/ci/artifacts/report.bin", false);
        assertEquals(50_000L, v.get("size"));
        assertArrayEquals(data, emu.volumes().read("/Volumes/main/ci/artifacts/report.bin").orElseThrow());
        Map<String, Object> d = client.uploads().uploadStream(new ByteArrayInputStream(data), -1,
                "dbfs:/ci/report.bin", false);
        assertEquals(50_000L, d.get("size"));
        assertArrayEquals(data, emu.dbfs().read("/ci/report.bin").orElseThrow());

        emu.faults().next(1, "/api/2.0/fs/files/*", Fault.status(503));
        DatabricksException once = assertThrows(DatabricksException.class, () -> client.uploads().uploadStream(
                new ByteArrayInputStream(data), data.length, "/Volumes/main/ci/artifacts/again.bin", true));
        assertEquals(503, once.statusCode());
        assertTrue(once.getMessage().contains("the upload's stream cannot be read twice"), once.getMessage());
    }

    @Test
    void aFileUploadIsRepeatedAfterATransientFailureIntact() throws Exception {
        byte[] data = random(1_000_000, 4);
        Path file = write("big.bin", data);
        emu.faults().next(2, "/api/2.0/fs/files/*", Fault.status(503));
        client.uploads().upload(UploadRequest.builder(file, "/Volumes/main/ci/v/big.bin").overwrite(true).build(),
                null);
        assertArrayEquals(data, emu.volumes().read("/Volumes/main/ci/v/big.bin").orElseThrow());
        assertEquals(3, emu.requestCount("PUT", "/api/2.0/fs/files/Volumes/main/ci/v/big.bin"));
    }

    @Test
    void badTargetsAndSourcesAreRefusedBeforeAnyRequest() throws Exception {
        write("a.txt", new byte[] {1});
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> UploadRequest.builder(dir, "/Shared/app"));
        assertTrue(outside.getMessage().startsWith("target '/Shared/app' is outside /Volumes/ and dbfs:/"),
                outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UploadRequest.builder(dir, "s3://bucket/x"));
        IllegalArgumentException noVolume = assertThrows(IllegalArgumentException.class,
                () -> UploadRequest.builder(dir, "/Volumes/main/ci"));
        assertTrue(noVolume.getMessage().contains("names no volume"), noVolume.getMessage());
        IllegalArgumentException dots = assertThrows(IllegalArgumentException.class,
                () -> UploadRequest.builder(dir, "dbfs:/a/../b"));
        assertTrue(dots.getMessage().contains("'..'"), dots.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> client.uploads()
                .upload(UploadRequest.builder(dir.resolve("dist/app.whl"), "/Volumes/a/b/c/").build(), null));
        assertTrue(missing.getMessage().startsWith("source '") && missing.getMessage().contains("does not exist"),
                missing.getMessage());
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class, () -> client.uploads()
                .upload(UploadRequest.builder(dir, "/Volumes/a/b/c").includes(List.of("**/*.whl")).build(), null));
        assertTrue(nothing.getMessage().contains("has no files to send matching includes [**/*.whl]"),
                nothing.getMessage());
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void existingFilesStopAnUploadWithoutOverwriteAndARerunConverges() throws Exception {
        for (int i = 1; i <= 4; i++) {
            write("out/f" + i + ".txt", ("v2-" + i).getBytes(StandardCharsets.UTF_8));
        }
        client.uploads().uploadStream(new ByteArrayInputStream("v1".getBytes(StandardCharsets.UTF_8)), 2,
                "/Volumes/m/s/v/out/f3.txt", false);
        TransferException e = assertThrows(TransferException.class, () -> client.uploads().upload(
                UploadRequest.builder(dir.resolve("out"), "/Volumes/m/s/v/out").parallelism(1).build(), null));
        assertEquals(409, e.statusCode());
        assertEquals(List.of("f1.txt", "f2.txt"), e.done().stream().map(m -> m.get("source")).toList());
        assertEquals(List.of("f3.txt", "f4.txt"), e.notDone());
        assertFalse(emu.volumes().exists("/Volumes/m/s/v/out/f4.txt"));
        client.uploads().upload(UploadRequest.builder(dir.resolve("out"), "/Volumes/m/s/v/out").overwrite(true)
                .build(), null);
        for (int i = 1; i <= 4; i++) {
            assertEquals("v2-" + i, new String(emu.volumes().read("/Volumes/m/s/v/out/f" + i + ".txt").orElseThrow(),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void contentIsReadOffTheHttpClientsThreads() throws Exception {
        java.util.Set<String> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.io.InputStream in = new java.io.FilterInputStream(new ByteArrayInputStream(random(300_000, 5))) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                readers.add(Thread.currentThread().getName());
                return super.read(b, off, len);
            }
        };
        client.uploads().uploadStream(in, 300_000, "/Volumes/main/ci/v/threads.bin", false);
        assertEquals(java.util.Set.of("databricks-upload-reader"), readers,
                "a slow disk must not hold up the shared HttpClient's selector thread");
    }
}
