package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.workspace.ObjectType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PermissionsTest {
    private DatabricksEmulator emu;
    private Http http;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").manualClock().start();
        http = new Http(emu.baseUrl(), "dapi-test");
        for (String user : List.of("a", "b", "bob@example.com")) {
            emu.users().addUser(user);
        }
        for (String group : List.of("data-eng", "analysts", "bi", "g")) {
            emu.users().addGroup(group);
        }
        emu.users().addServicePrincipal("app-1");
    }

    @Test
    void grantsMustNameExistingPrincipalsAsOnDatabricks() {
        String path = "/api/2.0/permissions/clusters/" + emu.clusters().create("c");
        Map<String, String> expected = Map.of("user_name", "Principal: UserName(nobody@example.com) does not exist",
                "group_name", "Principal: GroupName(nobody@example.com) does not exist",
                "service_principal_name", "Principal: ServicePrincipalName(nobody@example.com) does not exist");
        expected.forEach((field, message) -> {
            for (String method : List.of("PUT", "PATCH")) {
                Http.Answer a = http.send(method, path, acl(Map.of(field, "nobody@example.com",
                        "permission_level", "CAN_RESTART")));
                assertEquals(400, a.status(), a.body());
                assertEquals("INVALID_PARAMETER_VALUE", a.errorCode());
                assertEquals(message, a.message());
            }
        });
        assertEquals(List.of("user:user@example.com=CAN_MANAGE"), direct(http.get(path).json()), "nothing was written");

        // once the workspace knows them (SCIM or the Java API), the same grants work
        http.post("/api/2.0/preview/scim/v2/Users", Map.of("userName", "nobody@example.com"));
        emu.users().addGroup("nobody@example.com");
        assertEquals(200, http.send("PATCH", path, acl(Map.of("user_name", "nobody@example.com",
                "permission_level", "CAN_RESTART"), Map.of("group_name", "nobody@example.com",
                "permission_level", "CAN_ATTACH_TO"))).status());
        // the builtin groups always exist
        assertEquals(200, http.send("PATCH", path, acl(Map.of("group_name", "users",
                "permission_level", "CAN_ATTACH_TO"))).status());
    }

    @Test
    void unknownObjectIdIsResourceDoesNotExist() {
        Http.Answer cluster = http.get("/api/2.0/permissions/clusters/0101-000000-nosuchid");
        assertEquals(404, cluster.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", cluster.errorCode());
        Http.Answer job = http.send("PATCH", "/api/2.0/permissions/jobs/987654321", acl(Map.of("user_name", "a",
                "permission_level", "CAN_VIEW")));
        assertEquals(404, job.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", job.errorCode());
    }

    @Test
    void allowUnknownPrincipalsAcceptsMadeUpNames() {
        try (DatabricksEmulator lenient = DatabricksEmulator.builder().token("dapi-test").allowUnknownPrincipals()
                .start()) {
            String path = "/api/2.0/permissions/clusters/" + lenient.clusters().create("c");
            assertEquals(200, new Http(lenient.baseUrl(), "dapi-test").send("PATCH", path, acl(Map.of("user_name",
                    "made-up@example.com", "permission_level", "CAN_RESTART"))).status());
        }
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private static Map<String, Object> acl(Map<?, ?>... entries) {
        return Map.of("access_control_list", List.of(entries));
    }

    private static List<String> direct(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : answer.path("access_control_list")) {
            for (JsonNode p : e.path("all_permissions")) {
                if (!p.path("inherited").asBoolean()) {
                    String who = e.has("user_name") ? "user:" + e.get("user_name").asText()
                            : e.has("group_name") ? "group:" + e.get("group_name").asText()
                            : "sp:" + e.path("service_principal_name").asText();
                    out.add(who + "=" + p.path("permission_level").asText());
                }
            }
        }
        return out;
    }

    @Test
    void clusterCreatorHasCanManageAndAdminsInherit() {
        String id = emu.clusters().create("c");
        JsonNode a = http.get("/api/2.0/permissions/clusters/" + id).json();
        assertEquals("/clusters/" + id, a.path("object_id").asText());
        assertEquals("cluster", a.path("object_type").asText());
        assertEquals(List.of("user:user@example.com=CAN_MANAGE"), direct(a));
        JsonNode admins = a.path("access_control_list").get(1);
        assertEquals("admins", admins.path("group_name").asText());
        JsonNode inherited = admins.path("all_permissions").get(0);
        assertTrue(inherited.path("inherited").asBoolean());
        assertEquals("/clusters/", inherited.path("inherited_from_object").get(0).asText());
    }

    @Test
    void patchAddsAndChangesPutReplaces() {
        String id = emu.clusters().create("c");
        String path = "/api/2.0/permissions/clusters/" + id;
        Http.Answer patched = http.send("PATCH", path, acl(
                Map.of("group_name", "data-eng", "permission_level", "CAN_ATTACH_TO"),
                Map.of("user_name", "bob@example.com", "permission_level", "CAN_RESTART")));
        assertEquals(200, patched.status(), patched.body());
        assertEquals(List.of("user:user@example.com=CAN_MANAGE", "group:data-eng=CAN_ATTACH_TO",
                "user:bob@example.com=CAN_RESTART"), direct(patched.json()));
        JsonNode changed = http.send("PATCH", path, acl(Map.of("group_name", "data-eng", "permission_level", "CAN_MANAGE")))
                .json();
        assertTrue(direct(changed).contains("group:data-eng=CAN_MANAGE"));
        assertFalse(direct(changed).contains("group:data-eng=CAN_ATTACH_TO"));

        JsonNode replaced = http.send("PUT", path, acl(Map.of("service_principal_name", "app-1", "permission_level",
                "CAN_RESTART"))).json();
        assertEquals(List.of("sp:app-1=CAN_RESTART"), direct(replaced));
        assertEquals(List.of("sp:app-1=CAN_RESTART"), direct(http.get(path).json()));
        assertEquals(List.of(), direct(http.send("PUT", path, acl()).json()));
    }

    @Test
    void levelsAreValidatedPerType() {
        String id = emu.clusters().create("c");
        Http.Answer a = http.send("PATCH", "/api/2.0/permissions/clusters/" + id,
                acl(Map.of("user_name", "bob@example.com", "permission_level", "CAN_RUN")));
        assertEquals(400, a.status());
        assertEquals("INVALID_PARAMETER_VALUE", a.errorCode());
        assertTrue(a.message().contains("CAN_RUN") && a.message().contains("CAN_ATTACH_TO"), a.message());

        Http.Answer twoPrincipals = http.send("PATCH", "/api/2.0/permissions/notebooks/42",
                acl(Map.of("user_name", "a", "group_name", "b", "permission_level", "CAN_READ")));
        assertEquals(400, twoPrincipals.status());
        Http.Answer noLevel = http.send("PATCH", "/api/2.0/permissions/notebooks/42", acl(Map.of("user_name", "a")));
        assertEquals(400, noLevel.status());
        assertTrue(noLevel.message().contains("permission_level"), noLevel.message());
    }

    @Test
    void permissionLevelsAnswerTheTypesLevels() {
        String id = emu.clusters().create("c");
        JsonNode levels = http.get("/api/2.0/permissions/clusters/" + id + "/permissionLevels").json()
                .path("permission_levels");
        List<String> names = new ArrayList<>();
        levels.forEach(l -> names.add(l.path("permission_level").asText()));
        assertEquals(List.of("CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"), names);
        assertFalse(levels.get(0).path("description").asText().isEmpty());
        JsonNode tokens = http.get("/api/2.0/permissions/authorization/tokens/permissionLevels").json();
        assertEquals("CAN_USE", tokens.path("permission_levels").get(0).path("permission_level").asText());
    }

    @Test
    void unknownClusterAndJobAre404() {
        Http.Answer c = http.get("/api/2.0/permissions/clusters/0000-000000-missing");
        assertEquals(404, c.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", c.errorCode());
        Http.Answer j = http.send("PUT", "/api/2.0/permissions/jobs/999",
                acl(Map.of("user_name", "a", "permission_level", "IS_OWNER")));
        assertEquals(404, j.status());
        assertEquals(404, http.get("/api/2.0/permissions/jobs/999/permissionLevels").status());
    }

    @Test
    void untrackedObjectsHaveADefaultAclAndKeepWhatIsWritten() {
        JsonNode fresh = http.get("/api/2.0/permissions/notebooks/123").json();
        assertEquals("/notebooks/123", fresh.path("object_id").asText());
        assertEquals("notebook", fresh.path("object_type").asText());
        assertEquals(List.of(), direct(fresh));
        assertEquals("admins", fresh.path("access_control_list").get(0).path("group_name").asText());

        http.send("PATCH", "/api/2.0/permissions/notebooks/123", acl(Map.of("group_name", "analysts",
                "permission_level", "CAN_RUN")));
        assertEquals(List.of("group:analysts=CAN_RUN"), direct(http.get("/api/2.0/permissions/notebooks/123").json()));

        JsonNode wh = http.send("PATCH", "/api/2.0/permissions/sql/warehouses/abc", acl(Map.of("group_name", "bi",
                "permission_level", "CAN_USE"))).json();
        assertEquals("/sql/warehouses/abc", wh.path("object_id").asText());
        assertEquals("warehouses", wh.path("object_type").asText());
        assertEquals(List.of("group:bi=CAN_USE"), direct(http.get("/api/2.0/permissions/warehouses/abc").json()));

        JsonNode tokens = http.send("PATCH", "/api/2.0/permissions/authorization/tokens", acl(Map.of("group_name",
                "users", "permission_level", "CAN_USE"))).json();
        assertEquals("/authorization/tokens", tokens.path("object_id").asText());
        assertEquals("tokens", tokens.path("object_type").asText());
    }

    @Test
    void jobOwnerRulesOnPut() {
        long jobId = emu.jobs().create("j");
        String path = "/api/2.0/permissions/jobs/" + jobId;
        JsonNode a = http.get(path).json();
        assertEquals("job", a.path("object_type").asText());
        assertEquals("/jobs/" + jobId, a.path("object_id").asText());
        assertEquals(List.of("user:user@example.com=IS_OWNER"), direct(a));

        Http.Answer noOwner = http.send("PUT", path, acl(Map.of("group_name", "g", "permission_level", "CAN_VIEW")));
        assertEquals(400, noOwner.status());
        assertEquals("INVALID_PARAMETER_VALUE", noOwner.errorCode());
        assertEquals("The job must have exactly one owner.", noOwner.message());

        Http.Answer twoOwners = http.send("PUT", path, acl(Map.of("user_name", "a", "permission_level", "IS_OWNER"),
                Map.of("user_name", "b", "permission_level", "IS_OWNER")));
        assertEquals("The job must have exactly one owner.", twoOwners.message());

        Http.Answer ok = http.send("PUT", path, acl(Map.of("service_principal_name", "app-1", "permission_level", "IS_OWNER"),
                Map.of("group_name", "g", "permission_level", "CAN_MANAGE_RUN")));
        assertEquals(200, ok.status(), ok.body());
        assertEquals(List.of("sp:app-1=IS_OWNER", "group:g=CAN_MANAGE_RUN"), direct(http.get(path).json()));

        Http.Answer groupOwner = http.send("PUT", path, acl(Map.of("group_name", "g", "permission_level", "IS_OWNER")));
        assertEquals(400, groupOwner.status());

        Http.Answer pipeline = http.send("PUT", "/api/2.0/permissions/pipelines/p-1",
                acl(Map.of("user_name", "a", "permission_level", "CAN_RUN")));
        assertEquals(400, pipeline.status());
        assertEquals("The pipeline must have exactly one owner.", pipeline.message());
    }

    @Test
    void unknownTypeAndWrongMethodAreEndpointNotFound() {
        Http.Answer a = http.get("/api/2.0/permissions/spaceships/1");
        assertEquals(404, a.status());
        assertEquals("ENDPOINT_NOT_FOUND", a.errorCode());
        assertEquals(404, http.send("DELETE", "/api/2.0/permissions/notebooks/1", null).status());
        assertEquals(404, http.send("PATCH", "/api/2.0/permissions/notebooks/1/permissionLevels", acl()).status());
    }

    @Test
    void everyContractTypeAnswers() {
        for (String type : ObjectType.urlTypes()) {
            String path = "/api/2.0/permissions/" + type + (type.startsWith("authorization/") ? "" : "/x1");
            if (type.equals("clusters") || type.equals("jobs")) {
                continue;
            }
            Http.Answer a = http.get(path);
            assertEquals(200, a.status(), type + ": " + a.body());
            assertFalse(a.json().path("object_type").asText().isEmpty(), type);
        }
    }
}
