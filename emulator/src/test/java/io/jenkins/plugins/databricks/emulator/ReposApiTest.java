package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Git folders: create, list by prefix across pages, get, update to a branch or tag, errors. */
class ReposApiTest {
    private static final String URL = "https://github.com/acme/etl.git";
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

    @Test
    void createThenUpdateMovesTheHeadCommit() {
        emu.repos().setRef(URL, "main", "1111111111111111111111111111111111111111");
        emu.repos().setRef(URL, "v1.2", "2222222222222222222222222222222222222222");
        JsonNode created = http.post("/api/2.0/repos", Map.of("url", URL, "provider", "GITHUB",
                "path", "/Repos/user@example.com/etl")).json();
        assertEquals("gitHub", created.path("provider").asText());
        assertEquals("main", created.path("branch").asText());
        assertEquals("1111111111111111111111111111111111111111", created.path("head_commit_id").asText());
        assertEquals("REPO", emu.workspace().objectType("/Repos/user@example.com/etl").orElseThrow());

        long id = created.path("id").asLong();
        JsonNode tagged = http.send("PATCH", "/api/2.0/repos/" + id, Map.of("tag", "v1.2")).json();
        assertEquals("2222222222222222222222222222222222222222", tagged.path("head_commit_id").asText());
        assertFalse(tagged.has("branch"));
        Http.Answer unknown = http.send("PATCH", "/api/2.0/repos/" + id, Map.of("branch", "nope"));
        assertEquals("INVALID_PARAMETER_VALUE", unknown.errorCode());
        Http.Answer both = http.send("PATCH", "/api/2.0/repos/" + id, Map.of("branch", "main", "tag", "v1.2"));
        assertEquals("INVALID_PARAMETER_VALUE", both.errorCode());
        assertEquals(404, http.get("/api/2.0/repos/999").status());
        Http.Answer again = http.post("/api/2.0/repos", Map.of("url", URL, "provider", "gitHub",
                "path", "/Repos/user@example.com/etl"));
        assertEquals("RESOURCE_ALREADY_EXISTS", again.errorCode());
    }

    @Test
    void listFiltersByPrefixAndPages() {
        for (int i = 0; i < 25; i++) {
            assertEquals(200, http.post("/api/2.0/repos", Map.of("url", "https://github.com/acme/r" + i,
                    "provider", "gitHub")).status());
        }
        http.post("/api/2.0/workspace/mkdirs", Map.of("path", "/Shared/git"));
        http.post("/api/2.0/repos", Map.of("url", URL, "provider", "gitHub", "path", "/Shared/git/etl"));
        JsonNode first = http.get("/api/2.0/repos?path_prefix=/Repos").json();
        assertEquals(20, first.path("repos").size());
        String token = first.path("next_page_token").asText();
        JsonNode second = http.get("/api/2.0/repos?path_prefix=/Repos&next_page_token=" + token).json();
        assertEquals(5, second.path("repos").size());
        assertFalse(second.has("next_page_token"));
        JsonNode shared = http.get("/api/2.0/repos?path_prefix=/Workspace/Shared").json().path("repos");
        assertEquals(1, shared.size());
        assertTrue(shared.get(0).path("path").asText().endsWith("/Shared/git/etl"));
    }
}
