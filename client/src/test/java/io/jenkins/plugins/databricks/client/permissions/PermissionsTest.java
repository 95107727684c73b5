package io.jenkins.plugins.databricks.client.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Object permissions: reading, PATCH, PUT, levels, and validation against the published table. */
class PermissionsTest {
    private static DatabricksEmulator emu;
    private static DatabricksClient client;
    private String clusterId;

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
        clusterId = emu.clusters().create("shared", "RUNNING");
        // grants must name principals the workspace knows, as on Databricks
        emu.users().addUser("ana@example.com");
        emu.users().addGroup("data-eng");
        emu.users().addGroup("ops");
        emu.users().addServicePrincipal("6f1c-app-id");
    }

    /** principal -> direct (not inherited) level, from a permissions answer. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> direct(Map<String, Object> answer) {
        return ((List<Map<String, Object>>) answer.get("access_control_list")).stream()
                .filter(e -> ((List<Map<String, Object>>) e.get("all_permissions")).stream()
                        .anyMatch(p -> Boolean.FALSE.equals(p.get("inherited"))))
                .collect(Collectors.toMap(e -> String.valueOf(e.getOrDefault("user_name",
                                e.getOrDefault("group_name", e.get("service_principal_name")))),
                        e -> ((List<Map<String, Object>>) e.get("all_permissions")).stream()
                                .filter(p -> Boolean.FALSE.equals(p.get("inherited")))
                                .map(p -> String.valueOf(p.get("permission_level"))).findFirst().orElse("")));
    }

    @Test
    void updateAddsGrantsAndKeepsOthers() throws Exception {
        client.permissions().update("clusters", clusterId, List.of(AccessControlEntry.user("ana@example.com",
                "CAN_RESTART")));
        Map<String, Object> after = client.permissions().update("cluster", clusterId, List.of(
                AccessControlEntry.group("data-eng", "CAN_ATTACH_TO"),
                AccessControlEntry.servicePrincipal("6f1c-app-id", "can_manage")));
        Map<String, String> grants = direct(after);
        assertEquals("CAN_RESTART", grants.get("ana@example.com"));
        assertEquals("CAN_ATTACH_TO", grants.get("data-eng"));
        assertEquals("CAN_MANAGE", grants.get("6f1c-app-id"));
        assertEquals("/clusters/" + clusterId, after.get("object_id"));
        assertEquals(2, emu.requestCount("PATCH", "/api/2.0/permissions/clusters/" + clusterId));
        assertEquals(direct(after), direct(client.permissions().get("clusters", clusterId)));
    }

    @Test
    void replaceSetsExactlyTheGivenGrantsAndAnEmptyListRemovesThem() throws Exception {
        client.permissions().update("clusters", clusterId, List.of(AccessControlEntry.user("ana@example.com",
                "CAN_RESTART")));
        Map<String, Object> replaced = client.permissions().replace("clusters", clusterId,
                List.of(AccessControlEntry.of("group", "ops", "CAN_MANAGE")));
        assertEquals(Map.of("ops", "CAN_MANAGE"), direct(replaced));
        assertEquals(Map.of(), direct(client.permissions().replace("clusters", clusterId, List.of())));
    }

    @Test
    void levelsComeFromTheWorkspace() throws Exception {
        List<Map<String, Object>> levels = client.permissions().levels("clusters", clusterId);
        assertEquals(List.of("CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"),
                levels.stream().map(l -> l.get("permission_level")).collect(Collectors.toList()));
    }

    @Test
    void authorizationTokensHaveNoObjectIdOfTheirOwn() throws Exception {
        Map<String, Object> answer = client.permissions().update("authorization", "tokens",
                List.of(AccessControlEntry.group("users", "CAN_USE")));
        assertEquals("CAN_USE", direct(answer).get("users"));
        assertThrows(IllegalArgumentException.class, () -> client.permissions().get("authorization", "secrets"));
    }

    @Test
    void aGrantToAnUnknownPrincipalFailsWithDatabricksMessage() {
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.permissions().update("clusters",
                clusterId, List.of(AccessControlEntry.user("nobody@example.com", "CAN_RESTART"))));
        assertEquals(400, e.statusCode());
        assertEquals("INVALID_PARAMETER_VALUE", e.errorCode());
        assertTrue(e.getMessage().contains("Principal: UserName(nobody@example.com) does not exist"), e.getMessage());
        assertFalse(e.isNotFound(), "the object exists; the principal does not");
    }

    @Test
    void tableOfTypesAndLevelsMatchesTheContract() {
        assertTrue(Permissions.objectTypes().containsAll(List.of("clusters", "cluster-policies", "instance-pools",
                "jobs", "pipelines", "notebooks", "directories", "files", "repos", "sql/warehouses", "warehouses",
                "serving-endpoints", "experiments", "registered-models", "authorization")));
        assertEquals(List.of("CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER"), Permissions.levelsFor("jobs"));
        assertEquals(List.of("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE"), Permissions.levelsFor("notebook"));
    }

    @Test
    void inputIsValidatedBeforeAnyRequestNamingFieldAndAcceptedValues() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> client.permissions().get("tables", "1"));
        assertTrue(type.getMessage().startsWith("objectType 'tables' is not accepted; expected one of clusters,"
                + " cluster-policies,"), type.getMessage());
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> client.permissions().update("clusters", clusterId,
                        List.of(AccessControlEntry.user("ana@example.com", "CAN_RUN"))));
        assertEquals("permission level 'CAN_RUN' for user ana@example.com is not accepted for clusters; expected one"
                + " of CAN_ATTACH_TO, CAN_RESTART, CAN_MANAGE", level.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.permissions().update("clusters",
                clusterId, List.of())).getMessage().startsWith("access control list must not be empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.permissions().replace("jobs", "12",
                List.of(AccessControlEntry.user("a@x", "IS_OWNER"), AccessControlEntry.user("b@x", "IS_OWNER"))))
                .getMessage().contains("exactly one owner"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.permissions().update("clusters",
                clusterId, List.of(AccessControlEntry.user("a@x", "CAN_RESTART"),
                        AccessControlEntry.user("a@x", "CAN_MANAGE")))).getMessage().contains("more than once"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.permissions().get("clusters",
                "a/../b")).getMessage().startsWith("objectId 'a/../b' is not a valid id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessControlEntry.of("robot", "r", "CAN_USE"))
                .getMessage().equals("principal kind 'robot' is not accepted; expected one of user, group,"
                        + " servicePrincipal"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessControlEntry.user(" ", "CAN_USE"))
                .getMessage().startsWith("user name must not be empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AccessControlEntry.group("g", "can use"))
                .getMessage().startsWith("permission level 'can use' is not a level name"));
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void unknownObjectIsNotFound() {
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.permissions().get("clusters", "0000-000000-gone"));
        assertTrue(e.isNotFound(), e.getMessage());
    }

    @Test
    void entriesAreSerializableAndMapToTheWireFormat() throws Exception {
        AccessControlEntry e = AccessControlEntry.of("service_principal", "app-1", "can_attach_to");
        assertEquals(Map.of("service_principal_name", "app-1", "permission_level", "CAN_ATTACH_TO"), e.toMap());
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(e);
        }
        assertFalse(e.toString().isEmpty());
    }
}
