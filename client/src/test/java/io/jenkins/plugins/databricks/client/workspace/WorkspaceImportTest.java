package io.jenkins.plugins.databricks.client.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.client.files.TransferException;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing a build's files into the workspace: what becomes a notebook, globs, limits, partial failures. */
class WorkspaceImportTest {
    private static final String PY_NOTEBOOK = "# Databricks notebook source\nprint('etl')\n";
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

    private Path write(String relative, String content) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private void sampleTree() throws Exception {
        write("notebooks/etl.py", PY_NOTEBOOK);
        write("notebooks/report.sql", "-- Databricks notebook source\nselect 1\n");
        write("notebooks/explore.ipynb", "{\"cells\":[],\"metadata\":{},\"nbformat\":4,\"nbformat_minor\":5}");
        write("notebooks/helpers.py", "def helper():\n    return 1\n");
        write("conf/app.yml", "env: ci\n");
        write(".git/HEAD", "ref: refs/heads/main\n");
        write("notebooks/__pycache__/helpers.cpython-311.pyc", "bytecode");
    }

    @Test
    void aTreeImportsLikeTheDatabricksCli() throws Exception {
        sampleTree();
        List<String> progress = new CopyOnWriteArrayList<>();
        List<Map<String, Object>> imported = client.workspace().importFiles(
                ImportRequest.builder(dir, "/Workspace/Shared/app").build(), progress::add);

        assertEquals(List.of("conf/app.yml", "notebooks/etl.py", "notebooks/explore.ipynb", "notebooks/helpers.py",
                "notebooks/report.sql"), imported.stream().map(m -> m.get("source")).toList());
        assertEquals("NOTEBOOK", emu.workspace().objectType("/Shared/app/notebooks/etl").orElseThrow());
        assertEquals("PYTHON", emu.workspace().language("/Shared/app/notebooks/etl").orElseThrow());
        assertEquals("SQL", emu.workspace().language("/Shared/app/notebooks/report").orElseThrow());
        assertEquals("NOTEBOOK", emu.workspace().objectType("/Shared/app/notebooks/explore").orElseThrow());
        assertEquals("FILE", emu.workspace().objectType("/Shared/app/notebooks/helpers.py").orElseThrow(),
                "a .py without the notebook header stays a file, as with the CLI");
        assertEquals("FILE", emu.workspace().objectType("/Shared/app/conf/app.yml").orElseThrow());
        assertFalse(emu.workspace().exists("/Shared/app/.git"), "version-control files are left out by default");
        assertFalse(emu.workspace().exists("/Shared/app/notebooks/__pycache__"));
        assertEquals(PY_NOTEBOOK, emu.workspace().content("/Shared/app/notebooks/etl").orElseThrow());
        Map<String, Object> etl = imported.get(1);
        assertEquals("/Workspace/Shared/app/notebooks/etl", etl.get("path"));
        assertEquals("NOTEBOOK", etl.get("object_type"));
        assertEquals("PYTHON", etl.get("language"));
        assertEquals(5, progress.size(), progress.toString());
        assertTrue(progress.contains("Imported notebooks/etl.py -> /Workspace/Shared/app/notebooks/etl (PYTHON"
                + " notebook)"), progress.toString());
    }

    @Test
    void formatNotebookAndFileOverrideDetection() throws Exception {
        write("src/helpers.py", "def helper():\n    return 1\n");
        write("src/etl.py", PY_NOTEBOOK);
        client.workspace().importFiles(ImportRequest.builder(dir.resolve("src"), "/Shared/nb").format("notebook")
                .build(), null);
        assertEquals("NOTEBOOK", emu.workspace().objectType("/Shared/nb/helpers").orElseThrow());
        client.workspace().importFiles(ImportRequest.builder(dir.resolve("src"), "/Shared/files").format("FILE")
                .build(), null);
        assertEquals("FILE", emu.workspace().objectType("/Shared/files/etl.py").orElseThrow());
        assertEquals("FILE", emu.workspace().objectType("/Shared/files/helpers.py").orElseThrow());
    }

    @Test
    void includesAndExcludesAreAntGlobs() throws Exception {
        sampleTree();
        List<Map<String, Object>> plan = Workspace.plan(ImportRequest.builder(dir, "/Shared/app")
                .includes(List.of("**/*.py", "**/*.sql")).excludes(List.of("**/helpers.*")).build());
        assertEquals(List.of("notebooks/etl.py", "notebooks/report.sql"), plan.stream().map(m -> m.get("source"))
                .toList());
        assertEquals(0, emu.totalRequests(), "planning sends nothing");
    }

    @Test
    void oneFileGoesToTheExactPathOrIntoAFolder() throws Exception {
        Path nb = write("etl.py", PY_NOTEBOOK);
        client.workspace().mkdirs("/Shared/one");
        client.workspace().importFiles(ImportRequest.builder(nb, "/Shared/one/main").build(), null);
        client.workspace().importFiles(ImportRequest.builder(nb, "/Shared/two/").build(), null);
        assertEquals("NOTEBOOK", emu.workspace().objectType("/Shared/one/main").orElseThrow());
        assertEquals("NOTEBOOK", emu.workspace().objectType("/Shared/two/etl").orElseThrow());
    }

    @Test
    void badInputIsRefusedBeforeAnyRequestNamingTheParameter() throws Exception {
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> ImportRequest.builder(dir, "Shared/app"));
        assertTrue(relative.getMessage().startsWith("path 'Shared/app' is not absolute"),
                relative.getMessage());
        IllegalArgumentException volume = assertThrows(IllegalArgumentException.class,
                () -> ImportRequest.builder(dir, "/Volumes/main/ci/v"));
        assertTrue(volume.getMessage().contains("not a workspace path"), volume.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> client.workspace().importFiles(ImportRequest.builder(dir.resolve("nope"), "/Shared/app")
                        .build(), null));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        write(".git/config", "x");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> client.workspace().importFiles(ImportRequest.builder(dir, "/Shared/app").build(), null));
        assertTrue(empty.getMessage().contains("has no files to send"), empty.getMessage());
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> ImportRequest.builder(dir, "/Shared/app").format("DBC"));
        assertEquals("format 'DBC' is not accepted; expected one of AUTO, NOTEBOOK, FILE", format.getMessage());
        IllegalArgumentException glob = assertThrows(IllegalArgumentException.class,
                () -> ImportRequest.builder(dir, "/Shared/app").includes(List.of("{a,b")));
        assertTrue(glob.getMessage().contains("unclosed"), glob.getMessage());
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void aFileOverTheImportLimitIsNamedWithTheLimit() throws Exception {
        write("ok.sql", "select 1");
        Path big = dir.resolve("data/big.csv");
        Files.createDirectories(big.getParent());
        Files.write(big, new byte[(int) Workspace.MAX_IMPORT_BYTES + 1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.workspace().importFiles(ImportRequest.builder(dir, "/Shared/app").build(), null));
        assertTrue(e.getMessage().contains("data/big.csv") && e.getMessage().contains("10485760 bytes (10 MB)"),
                e.getMessage());
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void aFileThatGrowsPastTheLimitAfterThePlanIsRefusedWithoutBeingSent() throws Exception {
        write("a.sql", "select 1");
        write("b.sql", "select 2");
        Path b = dir.resolve("b.sql");
        TransferException e = assertThrows(TransferException.class, () -> client.workspace().importFiles(
                ImportRequest.builder(dir, "/Shared/grows").parallelism(1).build(), line -> {
                    try {
                        Files.write(b, new byte[(int) Workspace.MAX_IMPORT_BYTES + 10]); // grows once a.sql is in
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }));
        assertEquals("MAX_NOTEBOOK_SIZE_EXCEEDED", e.errorCode());
        assertTrue(e.getMessage().contains("b.sql grew to more than 10485760 bytes"), e.getMessage());
        assertEquals(1, emu.requestCount("POST", "/api/2.0/workspace/import"), "only a.sql was sent");
    }

    @Test
    void aFailureMidwaySaysWhatWasDoneAndOverwriteConverges() throws Exception {
        for (int i = 1; i <= 5; i++) {
            write("nb" + i + ".sql", "-- Databricks notebook source\nselect " + i + "\n");
        }
        client.workspace().mkdirs("/Shared/app");
        emu.workspace().putNotebook("/Shared/app/nb3", "SQL", "select 'old'");
        TransferException e = assertThrows(TransferException.class, () -> client.workspace().importFiles(
                ImportRequest.builder(dir, "/Shared/app").parallelism(1).build(), null));
        assertEquals(List.of("nb1.sql", "nb2.sql"), e.done().stream().map(m -> m.get("source")).toList());
        assertEquals(List.of("nb3.sql", "nb4.sql", "nb5.sql"), e.notDone());
        assertEquals("RESOURCE_ALREADY_EXISTS", e.errorCode());
        assertTrue(e.getMessage().startsWith("Imported 2 of 5 files, then failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("Not done: nb3.sql, nb4.sql, nb5.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("run it again with overwrite"), e.getMessage());

        List<Map<String, Object>> second = client.workspace().importFiles(ImportRequest.builder(dir, "/Shared/app")
                .overwrite(true).build(), null);
        assertEquals(5, second.size());
        for (int i = 1; i <= 5; i++) {
            assertEquals("-- Databricks notebook source\nselect " + i + "\n",
                    emu.workspace().content("/Shared/app/nb" + i).orElseThrow());
        }
    }

    @Test
    void manyFilesGoInParallelAndSurviveTransientFailures() throws Exception {
        for (int i = 0; i < 60; i++) {
            write("pkg" + (i % 3) + "/nb" + i + ".py", PY_NOTEBOOK + "# " + i + "\n");
        }
        emu.faults().next(5, "/api/2.0/workspace/import", io.jenkins.plugins.databricks.emulator.faults.Fault
                .status(503));
        List<Map<String, Object>> imported = client.workspace().importFiles(ImportRequest.builder(dir, "/Shared/many")
                .parallelism(8).build(), null);
        assertEquals(60, imported.size());
        assertEquals(60, emu.workspace().paths("/Shared/many").stream()
                .filter(p -> emu.workspace().objectType(p).orElseThrow().equals("NOTEBOOK")).count());
        assertEquals(3, emu.requestCount("POST", "/api/2.0/workspace/mkdirs"), "one mkdirs per deepest folder");
        assertEquals(65, emu.requestCount("POST", "/api/2.0/workspace/import"));
        assertTrue(new String(client.workspace().export("/Shared/many/pkg0/nb0", "SOURCE"), StandardCharsets.UTF_8)
                .startsWith("# Databricks notebook source"));
    }

    @Test
    void objectsCanBeReadListedAndDeleted() throws Exception {
        client.workspace().mkdirs("/Shared/app/jobs");
        client.workspace().importContent("/Shared/app/jobs/nightly", "select 1".getBytes(StandardCharsets.UTF_8),
                "SOURCE", "SQL", false);
        assertEquals("NOTEBOOK", client.workspace().getStatus("/Workspace/Shared/app/jobs/nightly")
                .get("object_type"));
        assertEquals(List.of("/Shared/app/jobs"), client.workspace().list("/Shared/app").stream()
                .map(m -> m.get("path")).toList());
        DatabricksException notEmpty = assertThrows(DatabricksException.class,
                () -> client.workspace().delete("/Shared/app", false));
        assertEquals("DIRECTORY_NOT_EMPTY", notEmpty.errorCode());
        client.workspace().delete("/Shared/app", true);
        DatabricksException gone = assertThrows(DatabricksException.class,
                () -> client.workspace().getStatus("/Shared/app/jobs/nightly"));
        assertTrue(gone.isNotFound(), gone.getMessage());
    }

    @Test
    void aFileThatVanishesOrAListenerThatFailsStillGetsAReport() throws Exception {
        for (int i = 1; i <= 3; i++) {
            write("nb" + i + ".sql", "-- Databricks notebook source\nselect " + i + "\n");
        }
        TransferException vanished = assertThrows(TransferException.class, () -> client.workspace().importFiles(
                ImportRequest.builder(dir, "/Shared/app").parallelism(1).build(), line -> {
                    try {
                        Files.deleteIfExists(dir.resolve("nb2.sql"));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
        assertEquals("LOCAL_READ_FAILED", vanished.errorCode());
        assertEquals(List.of("nb1.sql"), vanished.done().stream().map(m -> m.get("source")).toList());
        assertEquals(List.of("nb2.sql", "nb3.sql"), vanished.notDone());

        write("nb2.sql", "-- Databricks notebook source\nselect 2\n");
        TransferException listener = assertThrows(TransferException.class, () -> client.workspace().importFiles(
                ImportRequest.builder(dir, "/Shared/app").overwrite(true).parallelism(4).build(), line -> {
                    throw new IllegalStateException("log closed");
                }));
        assertEquals("LOCAL_FAILURE", listener.errorCode());
        assertTrue(listener.getMessage().contains("log closed"), listener.getMessage());
    }
}
