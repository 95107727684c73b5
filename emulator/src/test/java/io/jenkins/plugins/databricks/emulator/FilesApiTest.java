package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Volume files through the Files API (streamed bodies) and DBFS create/add-block/close. */
class FilesApiTest {
    private static DatabricksEmulator emu;
    private static Http http;

    @BeforeAll
    static void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").start();
        http = new Http(emu.baseUrl(), "dapi-test");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.reset();
    }

    private static Http.Answer put(String path, HttpRequest.BodyPublisher body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path)).PUT(body);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return Http.exchange(b.build());
    }

    @Test
    void aStreamedUploadIsStoredAndServedBack() {
        Http.Answer a = put("/api/2.0/fs/files/Volumes/main/ci/artifacts/app/app%201.whl?overwrite=false",
                HttpRequest.BodyPublishers.ofString("wheel bytes"), "dapi-test");
        assertEquals(204, a.status(), a.body());
        assertEquals("wheel bytes", new String(emu.volumes().read("/Volumes/main/ci/artifacts/app/app 1.whl")
                .orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(emu.volumes().isDirectory("/Volumes/main/ci/artifacts/app"));
        Http.Answer get = http.get("/api/2.0/fs/files/Volumes/main/ci/artifacts/app/app%201.whl");
        assertEquals("wheel bytes", get.body());
        assertEquals("application/octet-stream", get.header("Content-Type"));
        JsonNode listing = http.get("/api/2.0/fs/directories/Volumes/main/ci/artifacts/app").json().path("contents");
        assertEquals("app 1.whl", listing.get(0).path("name").asText());
        assertEquals(11, listing.get(0).path("file_size").asLong());
    }

    @Test
    void bodiesFarOverTheJsonLimitStreamThroughWithALengthOrChunked() {
        long size = 64L << 20;
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> zeros(size));
        Http.Answer c = put("/api/2.0/fs/files/Volumes/main/ci/big/chunked.bin", chunked, "dapi-test");
        assertEquals(204, c.status(), c.body());
        assertEquals(size, emu.volumes().size("/Volumes/main/ci/big/chunked.bin").orElseThrow());
        HttpRequest.BodyPublisher zeros = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> zeros(size)), size);
        Http.Answer a = put("/api/2.0/fs/files/Volumes/main/ci/big/zeros.bin?overwrite=true", zeros, "dapi-test");
        assertEquals(204, a.status(), a.body());
        assertEquals(size, emu.volumes().size("/Volumes/main/ci/big/zeros.bin").orElseThrow());
    }

    private static InputStream zeros(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void errorsOfTheFilesApi() {
        assertEquals(204, put("/api/2.0/fs/files/Volumes/a/b/c/f.txt", HttpRequest.BodyPublishers.ofString("1"),
                "dapi-test").status());
        Http.Answer exists = put("/api/2.0/fs/files/Volumes/a/b/c/f.txt?overwrite=false",
                HttpRequest.BodyPublishers.ofString("2"), "dapi-test");
        assertEquals(409, exists.status());
        assertEquals("ALREADY_EXISTS", exists.errorCode());
        assertEquals(401, put("/api/2.0/fs/files/Volumes/a/b/c/g.txt", HttpRequest.BodyPublishers.ofString("1"),
                null).status());
        assertFalse(emu.volumes().exists("/Volumes/a/b/c/g.txt"));
        Http.Answer outside = put("/api/2.0/fs/files/tmp/f.txt", HttpRequest.BodyPublishers.ofString("1"),
                "dapi-test");
        assertEquals("INVALID_PARAMETER_VALUE", outside.errorCode());
        Http.Answer missing = http.get("/api/2.0/fs/files/Volumes/a/b/c/none.txt");
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", missing.errorCode());
        assertEquals(204, Http.exchange(HttpRequest.newBuilder(URI.create(emu.baseUrl()
                + "/api/2.0/fs/directories/Volumes/a/b/c/x/y")).PUT(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer dapi-test").build()).status());
        assertTrue(emu.volumes().isDirectory("/Volumes/a/b/c/x"));
    }

    @Test
    void dbfsTakesBlocksOfAtMostOneMegabyte() {
        long handle = http.post("/api/2.0/dbfs/create", Map.of("path", "dbfs:/ci/lib.jar", "overwrite", false))
                .json().path("handle").asLong();
        byte[] block = new byte[1024 * 1024];
        block[0] = 7;
        assertEquals(200, http.post("/api/2.0/dbfs/add-block", Map.of("handle", handle,
                "data", Base64.getEncoder().encodeToString(block))).status());
        Http.Answer tooBig = http.post("/api/2.0/dbfs/add-block", Map.of("handle", handle,
                "data", Base64.getEncoder().encodeToString(new byte[1024 * 1024 + 1])));
        assertEquals(400, tooBig.status());
        assertEquals("MAX_BLOCK_SIZE_EXCEEDED", tooBig.errorCode());
        assertFalse(emu.dbfs().exists("/ci/lib.jar"), "visible only once closed");
        assertEquals(200, http.post("/api/2.0/dbfs/close", Map.of("handle", handle)).status());
        JsonNode status = http.get("/api/2.0/dbfs/get-status?path=/ci/lib.jar").json();
        assertEquals(1024 * 1024, status.path("file_size").asLong());
        assertFalse(status.path("is_dir").asBoolean());
        assertArrayEquals(block, emu.dbfs().read("/ci/lib.jar").orElseThrow());

        Http.Answer again = http.post("/api/2.0/dbfs/create", Map.of("path", "/ci/lib.jar"));
        assertEquals("RESOURCE_ALREADY_EXISTS", again.errorCode());
        Http.Answer closed = http.post("/api/2.0/dbfs/add-block", Map.of("handle", handle, "data", ""));
        assertEquals("RESOURCE_DOES_NOT_EXIST", closed.errorCode());
        Http.Answer none = http.get("/api/2.0/dbfs/get-status?path=/ci/none");
        assertEquals(404, none.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", none.errorCode());
    }
}
