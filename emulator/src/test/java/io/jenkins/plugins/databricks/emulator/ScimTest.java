package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SCIM surface: users, groups and service principals that tests and users create, and grants then name. */
class ScimTest {
    private static final String SCIM = "/api/2.0/preview/scim/v2/";
    private DatabricksEmulator emu;
    private Http http;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").servicePrincipal("sp-app-id", "sp-secret").start();
        http = new Http(emu.baseUrl(), "dapi-test");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private static List<String> names(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.path("Resources").forEach(r -> out.add(r.path(field).asText()));
        return out;
    }

    @Test
    void credentialsAndBuiltinGroupsAreInTheDirectory() {
        JsonNode users = http.get(SCIM + "Users").json();
        assertEquals(List.of("urn:ietf:params:scim:api:messages:2.0:ListResponse"),
                List.of(users.path("schemas").get(0).asText()));
        assertEquals(List.of("user@example.com"), names(users, "userName"));
        assertEquals(List.of("sp-app-id"), names(http.get(SCIM + "ServicePrincipals").json(), "applicationId"));
        assertEquals(List.of("admins", "users"), names(http.get(SCIM + "Groups").json(), "displayName"));
        JsonNode me = http.get(SCIM + "Me").json();
        List<String> groups = new ArrayList<>();
        me.path("groups").forEach(g -> groups.add(g.path("display").asText()));
        assertEquals(List.of("admins", "users"), groups);
    }

    @Test
    void createGetFilterAndDelete() {
        Http.Answer created = http.post(SCIM + "Users", Map.of("userName", "ana@example.com", "displayName", "Ana"));
        assertEquals(201, created.status(), created.body());
        String id = created.json().path("id").asText();
        assertEquals("Ana", http.get(SCIM + "Users/" + id).json().path("displayName").asText());
        Http.Answer dup = http.post(SCIM + "Users", Map.of("userName", "ana@example.com"));
        assertEquals(409, dup.status());
        assertEquals("409", dup.json().path("status").asText());
        assertFalse(dup.json().path("detail").asText().isEmpty());

        JsonNode filtered = http.get(SCIM + "Users?filter=" + java.net.URLEncoder.encode("userName eq \"ana@example.com\"",
                java.nio.charset.StandardCharsets.UTF_8)).json();
        assertEquals(1, filtered.path("totalResults").asInt());
        assertEquals(List.of("ana@example.com"), names(filtered, "userName"));

        Http.Answer sp = http.post(SCIM + "ServicePrincipals", Map.of("applicationId", "6f0e-app", "displayName", "ci"));
        assertEquals(201, sp.status());
        Http.Answer group = http.post(SCIM + "Groups", Map.of("displayName", "data-eng",
                "members", List.of(Map.of("value", id), Map.of("value", sp.json().path("id").asText()))));
        assertEquals(201, group.status(), group.body());
        JsonNode members = http.get(SCIM + "Groups/" + group.json().path("id").asText()).json().path("members");
        assertEquals(2, members.size());
        assertEquals("ana@example.com", members.get(0).path("display").asText());

        assertEquals(404, http.get(SCIM + "Users/999").status());
        assertEquals(204, http.send("DELETE", SCIM + "Users/" + id, null).status());
        assertEquals(404, http.get(SCIM + "Users/" + id).status());
    }

    @Test
    void pagingWithStartIndexAndCount() {
        for (int i = 0; i < 5; i++) {
            emu.users().addUser("u" + i + "@example.com");
        }
        JsonNode page = http.get(SCIM + "Users?startIndex=2&count=2").json();
        assertEquals(6, page.path("totalResults").asInt());
        assertEquals(2, page.path("itemsPerPage").asInt());
        assertEquals(List.of("u0@example.com", "u1@example.com"), names(page, "userName"));
    }

    @Test
    void resetForgetsCreatedPrincipalsButKeepsConfiguredOnes() {
        emu.users().addUser("temp@example.com");
        emu.users().addGroup("temp");
        emu.reset();
        assertFalse(emu.users().userExists("temp@example.com"));
        assertFalse(emu.users().groupExists("temp"));
        assertTrue(emu.users().userExists("user@example.com"));
        assertTrue(emu.users().servicePrincipalExists("sp-app-id"));
        assertTrue(emu.users().groupExists("admins"));
    }
}
