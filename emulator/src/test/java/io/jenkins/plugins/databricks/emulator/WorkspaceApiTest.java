package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workspace objects: mkdirs, import in each format, status, list, export, delete, and their errors. */
class WorkspaceApiTest {
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

    private static Http.Answer importObject(String path, String format, String language, String content,
                                            boolean overwrite) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", path);
        body.put("format", format);
        if (language != null) {
            body.put("language", language);
        }
        body.put("content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
        body.put("overwrite", overwrite);
        return http.post("/api/2.0/workspace/import", body);
    }

    @Test
    void importedNotebookIsListedReadAndExported() {
        assertEquals(200, http.post("/api/2.0/workspace/mkdirs", Map.of("path", "/Shared/app/etl")).status());
        Http.Answer a = importObject("/Workspace/Shared/app/etl/load", "SOURCE", "PYTHON", "print(1)", false);
        assertEquals(200, a.status(), a.body());
        JsonNode status = http.get("/api/2.0/workspace/get-status?path=/Shared/app/etl/load").json();
        assertEquals("NOTEBOOK", status.path("object_type").asText());
        assertEquals("PYTHON", status.path("language").asText());
        JsonNode list = http.get("/api/2.0/workspace/list?path=/Shared/app").json().path("objects");
        assertEquals(1, list.size());
        assertEquals("DIRECTORY", list.get(0).path("object_type").asText());
        String exported = http.get("/api/2.0/workspace/export?path=/Shared/app/etl/load&format=SOURCE").json()
                .path("content").asText();
        assertEquals("print(1)", new String(Base64.getDecoder().decode(exported), StandardCharsets.UTF_8));
    }

    @Test
    void autoFormatFollowsTheNotebookHeaderLikeTheCli() {
        assertEquals(200, importObject("/Shared/nb.py", "AUTO", null, "# Databricks notebook source\nx = 1", false)
                .status());
        assertEquals(200, importObject("/Shared/script.py", "AUTO", null, "x = 1", false).status());
        assertEquals("NOTEBOOK", emu.workspace().objectType("/Shared/nb").orElseThrow());
        assertFalse(emu.workspace().exists("/Shared/nb.py"));
        assertEquals("FILE", emu.workspace().objectType("/Shared/script.py").orElseThrow());
    }

    @Test
    void errorsHaveDatabricksCodes() {
        Http.Answer missingParent = importObject("/Shared/nope/x", "SOURCE", "SQL", "select 1", false);
        assertEquals(404, missingParent.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", missingParent.errorCode());
        assertTrue(missingParent.message().contains("/Shared/nope"), missingParent.message());

        assertEquals(200, importObject("/Shared/x", "SOURCE", "SQL", "select 1", false).status());
        Http.Answer exists = importObject("/Shared/x", "SOURCE", "SQL", "select 2", false);
        assertEquals(400, exists.status());
        assertEquals("RESOURCE_ALREADY_EXISTS", exists.errorCode());
        assertEquals(200, importObject("/Shared/x", "SOURCE", "SQL", "select 2", true).status());
        assertEquals("select 2", emu.workspace().content("/Shared/x").orElseThrow());

        Http.Answer relative = importObject("Shared/y", "SOURCE", "SQL", "select 1", false);
        assertEquals("INVALID_PARAMETER_VALUE", relative.errorCode());
        Http.Answer noLanguage = importObject("/Shared/y", "SOURCE", null, "select 1", false);
        assertEquals("INVALID_PARAMETER_VALUE", noLanguage.errorCode());

        Http.Answer notFound = http.get("/api/2.0/workspace/get-status?path=/Shared/none");
        assertEquals(404, notFound.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", notFound.errorCode());

        assertEquals(200, http.post("/api/2.0/workspace/mkdirs", Map.of("path", "/Shared/d/e")).status());
        Http.Answer notEmpty = http.post("/api/2.0/workspace/delete", Map.of("path", "/Shared/d"));
        assertEquals("DIRECTORY_NOT_EMPTY", notEmpty.errorCode());
        assertEquals(200, http.post("/api/2.0/workspace/delete", Map.of("path", "/Shared/d", "recursive", true))
                .status());
        assertFalse(emu.workspace().exists("/Shared/d/e"));

        Http.Answer mkdirOverNotebook = http.post("/api/2.0/workspace/mkdirs", Map.of("path", "/Shared/x/sub"));
        assertEquals("RESOURCE_ALREADY_EXISTS", mkdirOverNotebook.errorCode());
    }

    @Test
    void contentOverTenMegabytesIsRefusedWithItsOwnCode() {
        String big = "a".repeat(10 * 1024 * 1024 + 1);
        Http.Answer a = importObject("/Shared/big.txt", "AUTO", null, big, false);
        assertEquals(400, a.status(), a.body());
        assertEquals("MAX_NOTEBOOK_SIZE_EXCEEDED", a.errorCode());
        assertTrue(a.message().contains("10485760"), a.message());
        assertEquals(200, importObject("/Shared/limit.txt", "AUTO", null, "a".repeat(10 * 1024 * 1024), false)
                .status());
    }
}
