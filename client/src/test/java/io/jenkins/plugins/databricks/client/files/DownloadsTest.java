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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloading from volumes (Files API), DBFS (blocks of 1 MB) and workspace folders (SOURCE exports) to local
 * files, against the emulator: trees and globs, overwrite, missing sources, empty matches, retries, partial
 * failures, and that nothing lands outside the target whatever the remote names or local links say.
 */
class DownloadsTest {
    private static final String V = "/Volumes/main/ci/out";
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

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(String remote, byte[] content) throws Exception {
        client.uploads().uploadStream(new ByteArrayInputStream(content), content.length, remote, true);
    }

    /** A volume file whose name the client itself would never send: straight to the emulator's Files API. */
    private static void putRaw(String encodedPath, byte[] content) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(emu.baseUrl()
                + "/api/2.0/fs/files" + encodedPath)).header("Authorization", "Bearer " + TestSupport.TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());
    }

    /** Every file below a directory, relative, '/' separated, sorted (a download's leftovers would show here). */
    private static List<String> tree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !Files.isDirectory(p)).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static List<Object> column(List<Map<String, Object>> rows, String key) {
        List<Object> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(key)));
        return out;
    }

    @Test
    void aVolumeTreeLandsUnderTheTargetFilteredByGlobs() throws Exception {
        byte[] a = random(300_000, 1);
        put(V + "/reports/a.xml", a);
        put(V + "/reports/deep/er/b.xml", utf8("<b/>"));
        put(V + "/reports/skip.xml", utf8("<skip/>"));
        put(V + "/logs/run.log", utf8("log"));
        put(V + "/with space.xml", utf8("<s/>"));
        Path target = dir.resolve("out");
        List<String> lines = new ArrayList<>();
        List<Map<String, Object>> got = client.downloads().download(DownloadRequest.builder(V + "/", target)
                .includes(List.of("**/*.xml")).excludes(List.of("**/skip.xml")).build(), lines::add);
        assertEquals(List.of("reports/a.xml", "reports/deep/er/b.xml", "with space.xml"), column(got, "path"));
        assertEquals(List.of(V + "/reports/a.xml", V + "/reports/deep/er/b.xml", V + "/with space.xml"),
                column(got, "source"));
        assertEquals(List.of(300_000L, 4L, 4L), column(got, "size"));
        assertArrayEquals(a, Files.readAllBytes(target.resolve("reports/a.xml")));
        assertEquals("<b/>", Files.readString(target.resolve("reports/deep/er/b.xml")));
        assertEquals(List.of("reports/a.xml", "reports/deep/er/b.xml", "with space.xml"), tree(target),
                "only the matching files, and no temporary file left behind");
        assertTrue(lines.contains("Downloaded " + V + "/reports/a.xml -> reports/a.xml (300000 bytes)"), lines
                .toString());
        assertEquals(got.stream().map(m -> m.get("path")).toList(), column(client.downloads().plan(
                DownloadRequest.builder(V, target).includes(List.of("**/*.xml")).excludes(List.of("**/skip.xml"))
                        .overwrite(true).build()), "path"), "plan lists what download fetches");
    }

    @Test
    void oneFileGoesIntoAnExistingDirectoryOrToTheExactPathGiven() throws Exception {
        put(V + "/app.whl", utf8("wheel"));
        Files.createDirectories(dir.resolve("existing"));
        List<Map<String, Object>> into = client.downloads().download(DownloadRequest.builder(V + "/app.whl",
                dir.resolve("existing")).build(), null);
        assertEquals(List.of(Map.of("source", V + "/app.whl", "path", "app.whl", "size", 5L)), into);
        assertEquals("wheel", Files.readString(dir.resolve("existing/app.whl")));

        client.downloads().download(DownloadRequest.builder(V + "/app.whl", dir.resolve("new/renamed.whl"))
                .build(), null);
        assertEquals("wheel", Files.readString(dir.resolve("new/renamed.whl")));

        client.downloads().download(DownloadRequest.builder(V + "/app.whl", dir.resolve("fresh"))
                .intoDirectory(true).build(), null);
        assertEquals("wheel", Files.readString(dir.resolve("fresh/app.whl")));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(Files.createFile(dir.resolve("fresh/probe"))),
                    Files.getPosixFilePermissions(dir.resolve("fresh/app.whl")),
                    "a downloaded file gets the permissions of any new file, not a temporary file's owner-only ones");
        }
    }

    @Test
    void aDbfsFileIsReadInBlocksOfOneMegabyteByteForByte() throws Exception {
        byte[] jar = random(2 * Downloads.DBFS_BLOCK + Downloads.DBFS_BLOCK / 2, 2);
        put("dbfs:/ci/libs/app.jar", jar);
        put("dbfs:/ci/libs/conf/app.conf", utf8("x=1"));
        emu.resetCounters();
        List<Map<String, Object>> got = client.downloads().download(DownloadRequest.builder("dbfs:/ci/libs",
                dir).build(), null);
        assertEquals(List.of("app.jar", "conf/app.conf"), column(got, "path"));
        assertEquals(List.of("dbfs:/ci/libs/app.jar", "dbfs:/ci/libs/conf/app.conf"), column(got, "source"));
        assertArrayEquals(jar, Files.readAllBytes(dir.resolve("app.jar")));
        assertEquals("x=1", Files.readString(dir.resolve("conf/app.conf")));
        assertEquals(4, emu.requestCount("GET", "/api/2.0/dbfs/read"), "three blocks for the jar, one for the conf");

        emu.resetCounters();
        emu.faults().next(1, "/api/2.0/dbfs/read", Fault.closeMidAnswer());
        client.downloads().download(DownloadRequest.builder("dbfs:/ci/libs/app.jar", dir.resolve("again.jar"))
                .build(), null);
        assertArrayEquals(jar, Files.readAllBytes(dir.resolve("again.jar")));
        assertEquals(4, emu.requestCount("GET", "/api/2.0/dbfs/read"), "only the broken block is read again");
    }

    @Test
    void workspaceNotebooksAreExportedAsSourceWithTheirLanguagesExtension() throws Exception {
        String py = "# Databricks notebook source\nprint('etl')\n";
        emu.workspace().putNotebook("/Shared/app/etl", "PYTHON", py);
        emu.workspace().putNotebook("/Shared/app/sql/report", "SQL", "-- Databricks notebook source\nSELECT 1\n");
        emu.workspace().putNotebook("/Shared/app/lib/Util", "SCALA", "// Databricks notebook source\nval x = 1\n");
        client.workspace().mkdirs("/Shared/app/conf");
        client.workspace().importContent("/Shared/app/conf/settings.json", utf8("{\"a\":1}"), "AUTO", null, false);
        List<Map<String, Object>> got = client.downloads().download(DownloadRequest.builder("/Workspace/Shared/app",
                dir.resolve("nb")).build(), null);
        assertEquals(List.of("conf/settings.json", "etl.py", "lib/Util.scala", "sql/report.sql"),
                column(got, "path"));
        assertEquals(List.of("/Workspace/Shared/app/conf/settings.json", "/Workspace/Shared/app/etl",
                "/Workspace/Shared/app/lib/Util", "/Workspace/Shared/app/sql/report"), column(got, "source"));
        assertEquals(py, Files.readString(dir.resolve("nb/etl.py")));
        assertEquals("{\"a\":1}", Files.readString(dir.resolve("nb/conf/settings.json")));
        assertEquals((long) py.length(), got.get(1).get("size"));

        emu.resetCounters();
        emu.faults().next(1, "/api/2.0/workspace/export", Fault.closeMidAnswer());
        List<Map<String, Object>> one = client.downloads().download(DownloadRequest.builder("/Shared/app/etl", dir)
                .build(), null);
        assertEquals("etl.py", one.get(0).get("path"));
        assertEquals(py, Files.readString(dir.resolve("etl.py")), "an export broken off part-way starts again");
        assertEquals(2, emu.requestCount("GET", "/api/2.0/workspace/export"));
    }

    @Test
    void anExistingLocalFileNeedsOverwriteAndIsCheckedBeforeAnyFileIsFetched() throws Exception {
        put(V + "/a.txt", utf8("new-a"));
        put(V + "/b.txt", utf8("new-b"));
        Files.writeString(dir.resolve("b.txt"), "old-b");
        emu.resetCounters();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.downloads()
                .download(DownloadRequest.builder(V, dir).build(), null));
        assertEquals("target file 'b.txt' exists; set overwrite to replace it", e.getMessage());
        assertEquals(0, emu.requestCount("GET", "/api/2.0/fs/files" + V + "/a.txt"), "checked before any fetch");
        assertEquals(List.of("b.txt"), tree(dir));

        client.downloads().download(DownloadRequest.builder(V, dir).overwrite(true).build(), null);
        assertEquals("new-a", Files.readString(dir.resolve("a.txt")));
        assertEquals("new-b", Files.readString(dir.resolve("b.txt")));
        assertEquals(List.of("a.txt", "b.txt"), tree(dir));
    }

    @Test
    void aMissingSourceIsAnErrorNamingIt() {
        for (String source : List.of(V + "/nothing-here.txt", "dbfs:/no/such/dir", "/Workspace/Shared/none")) {
            DatabricksException e = assertThrows(DatabricksException.class, () -> client.downloads().download(
                    DownloadRequest.builder(source, dir).build(), null));
            assertTrue(e.isNotFound(), e.getMessage());
            assertTrue(e.getMessage().startsWith("RESOURCE_DOES_NOT_EXIST: source '" + source + "' does not exist"),
                    e.getMessage());
        }
    }

    @Test
    void anEmptyMatchIsAnErrorUnlessAllowed() throws Exception {
        put(V + "/a.txt", utf8("a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.downloads()
                .download(DownloadRequest.builder(V, dir.resolve("t")).includes(List.of("**/*.whl")).build(),
                        null));
        assertEquals("source '" + V + "' has no files to download matching includes [**/*.whl]; set allowEmpty to"
                + " accept an empty download", e.getMessage());
        assertEquals(List.of(), client.downloads().download(DownloadRequest.builder(V, dir.resolve("t"))
                .includes(List.of("**/*.whl")).allowEmpty(true).build(), null));
        assertFalse(Files.exists(dir.resolve("t")), "an empty download writes nothing");
        client.uploads().createDirectory(V + "/empty");
        assertThrows(IllegalArgumentException.class, () -> client.downloads().download(
                DownloadRequest.builder(V + "/empty", dir.resolve("t")).build(), null));
    }

    @Test
    void badRequestsAreRefusedBeforeAnyRequest() {
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> DownloadRequest.builder("Shared/app", dir));
        assertEquals("source 'Shared/app' is not an absolute path; expected /Volumes/<catalog>/<schema>/<volume>/...,"
                + " dbfs:/... or a workspace path such as /Workspace/Shared/app", relative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DownloadRequest.builder("s3://bucket/x", dir));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DownloadRequest.builder("/Volumes/main/ci",
                dir)).getMessage().contains("names no volume"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DownloadRequest.builder("dbfs:/a/../b", dir))
                .getMessage().contains("'..'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DownloadRequest.builder(V, null))
                .getMessage().startsWith("target must not be empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DownloadRequest.builder(V, dir)
                .parallelism(0)).getMessage().startsWith("parallelism must be between 1 and 32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DownloadRequest.builder(V, dir)
                .includes(List.of(" "))).getMessage().startsWith("includes[0] is empty"));
        assertEquals(4, DownloadRequest.builder(V, dir).build().parallelism());
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void hostileRemoteNamesAreRefusedBeforeAnythingIsWritten() throws Exception {
        put(V + "/in/good.txt", utf8("good"));
        putRaw(V + "/in/..%5C..%5Cevil.txt", utf8("evil"));
        emu.resetCounters();
        Path target = dir.resolve("t");
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.downloads().download(
                DownloadRequest.builder(V + "/in", target).build(), null));
        assertEquals("UNSAFE_REMOTE_NAME", e.errorCode());
        assertTrue(e.getMessage().contains("lists '..\\..\\evil.txt', which has a backslash"), e.getMessage());
        assertEquals(0, emu.requestCount("GET", "/api/2.0/fs/files" + V + "/in/good.txt"));
        assertFalse(Files.exists(target));

        putRaw(V + "/ctl/a%0Ab.txt", utf8("x"));
        DatabricksException control = assertThrows(DatabricksException.class, () -> client.downloads().download(
                DownloadRequest.builder(V + "/ctl", target).build(), null));
        assertTrue(control.getMessage().contains("lists 'a\\u000ab.txt', which has a NUL or control character"),
                control.getMessage());

        emu.workspace().putNotebook("/Shared/hostile/..\\evil", "PYTHON", "print(1)");
        DatabricksException notebook = assertThrows(DatabricksException.class, () -> client.downloads().download(
                DownloadRequest.builder("/Shared/hostile", target).build(), null));
        assertEquals("UNSAFE_REMOTE_NAME", notebook.errorCode());
        assertEquals(List.of(), tree(dir), "nothing was written anywhere");
    }

    @Test
    void theNameCheckRefusesEveryWayOutOfTheTarget() {
        for (String bad : List.of("..", "../x", "a/../../x", "a/..", "/etc/passwd", "a//b", "a/", "./a", "a/./b",
                "", "a\\b", "..\\x", "a\u0000b", "a\nb", "a\u007fb")) {
            DatabricksException e = assertThrows(DatabricksException.class, () -> LocalTarget.checkName(bad, "src"),
                    bad);
            assertEquals("UNSAFE_REMOTE_NAME", e.errorCode(), bad);
        }
        for (String ok : List.of("a", "a.b", "..a", "a..", "a/b c/d.txt", "...", "ünïcode/名前.txt")) {
            assertEquals(ok, LocalTarget.checkName(ok, "src"));
        }
        LocalTarget target = new LocalTarget(dir.resolve("t"));
        assertEquals(dir.resolve("t/a/b.txt").toAbsolutePath().normalize(), target.resolve("a/b.txt", "src"));
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheTargetIsNeverWrittenThrough() throws Exception {
        put(V + "/tree/sub/x.txt", utf8("x"));
        put(V + "/tree/top.txt", utf8("top"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(target.resolve("sub"), outside);
        emu.resetCounters();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.downloads().download(
                DownloadRequest.builder(V + "/tree", target).overwrite(true).build(), null));
        assertTrue(e.getMessage().startsWith("target directory 'sub' is a symbolic link to '"), e.getMessage());
        assertEquals(List.of(), tree(outside));
        assertEquals(0, emu.requestCount("GET", "/api/2.0/fs/files" + V + "/tree/top.txt"), "refused before any fetch");

        Path linkedTarget = Files.createSymbolicLink(dir.resolve("linked"), outside);
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class, () -> client.downloads()
                .download(DownloadRequest.builder(V + "/tree", linkedTarget).build(), null));
        assertTrue(self.getMessage().startsWith("target '" + linkedTarget + "' is a symbolic link"), self.getMessage());

        Files.delete(target.resolve("sub"));
        Files.createDirectories(target.resolve("sub"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "keep");
        Files.createSymbolicLink(target.resolve("sub/x.txt"), secret);
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class, () -> client.downloads()
                .download(DownloadRequest.builder(V + "/tree", target).overwrite(true).build(), null));
        assertEquals("target file 'sub/x.txt' is a symbolic link; downloads never replace or write through links"
                + " (remove it first)", file.getMessage());
        assertEquals("keep", Files.readString(secret));
        assertEquals(List.of("secret.txt"), tree(outside));

        Files.delete(target.resolve("sub/x.txt"));
        Files.delete(target.resolve("sub"));
        Files.createDirectories(target.resolve("real"));
        Files.createSymbolicLink(target.resolve("sub"), target.resolve("real"));
        client.downloads().download(DownloadRequest.builder(V + "/tree", target).build(), null);
        assertEquals("x", Files.readString(target.resolve("real/x.txt")), "a link that stays inside is followed");
    }

    @Test
    void aTransientFailureFetchesTheFileAgain() throws Exception {
        byte[] data = random(700_000, 3);
        put(V + "/r/big.bin", data);
        emu.resetCounters();
        emu.faults().next(1, "/api/2.0/fs/files" + V + "/r/big.bin", Fault.status(503));
        client.downloads().download(DownloadRequest.builder(V + "/r", dir).build(), null);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("big.bin")));
        assertEquals(2, emu.requestCount("GET", "/api/2.0/fs/files" + V + "/r/big.bin"));
        assertEquals(List.of("big.bin"), tree(dir));
    }

    @Test
    void aFailureInTheMiddleSaysWhatWasAndWasNotDownloaded() throws Exception {
        for (String n : List.of("a", "b", "c")) {
            put(V + "/p/" + n + ".txt", utf8(n));
        }
        emu.faults().next(1, "/api/2.0/fs/files" + V + "/p/b.txt", Fault.status(403));
        TransferException e = assertThrows(TransferException.class, () -> client.downloads().download(
                DownloadRequest.builder(V + "/p", dir).parallelism(1).build(), null));
        assertEquals(403, e.statusCode());
        assertEquals(List.of(V + "/p/a.txt"), column(e.done(), "source"));
        assertEquals(List.of(V + "/p/b.txt", V + "/p/c.txt"), e.notDone());
        assertTrue(e.getMessage().startsWith("Downloaded 1 of 3 files, then failed: GET /api/2.0/fs/files" + V
                + "/p/b.txt failed: HTTP 403"), e.getMessage());
        assertEquals(List.of("a.txt"), tree(dir), "the failed file left no temporary file");
        client.downloads().download(DownloadRequest.builder(V + "/p", dir).overwrite(true).build(), null);
        assertEquals(List.of("a.txt", "b.txt", "c.txt"), tree(dir));
    }

    @Test
    void twoRemoteNamesForOneLocalFileAreRefused() throws Exception {
        emu.workspace().putNotebook("/Shared/dup/etl", "PYTHON", "# Databricks notebook source\n");
        client.workspace().importContent("/Shared/dup/etl.py", utf8("print(1)"), "RAW", null, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.downloads().download(
                DownloadRequest.builder("/Shared/dup", dir).build(), null));
        assertTrue(e.getMessage().contains("land on the local file 'etl.py'"), e.getMessage());
        assertEquals(List.of(), tree(dir));
    }
}
