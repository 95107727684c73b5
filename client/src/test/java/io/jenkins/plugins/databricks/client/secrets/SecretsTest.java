package io.jenkins.plugins.databricks.client.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secret scopes, secrets (text and bytes) and ACLs. */
class SecretsTest {
    private static DatabricksEmulator emu;
    private static DatabricksClient client;

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

    @Test
    void createScopeReportsWhetherItCreatedIt() throws Exception {
        assertEquals(Map.of("scope", "ci-secrets", "created", true),
                client.secrets().createScope("ci-secrets", null, true));
        assertEquals(Map.of("scope", "ci-secrets", "created", false),
                client.secrets().createScope("ci-secrets", null, true));
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.secrets().createScope("ci-secrets", "users", false));
        assertEquals("RESOURCE_ALREADY_EXISTS", e.errorCode());
        assertTrue(e.getMessage().contains("Scope ci-secrets already exists!"), e.getMessage());
        assertEquals(List.of("ci-secrets"), client.secrets().listScopes().stream().map(s -> s.get("name"))
                .collect(Collectors.toList()));
    }

    @Test
    void deleteScopeRemovesItAndAMissingScopeIsNotFound() throws Exception {
        client.secrets().createScope("temp", null, false);
        client.secrets().deleteScope("temp");
        assertEquals(List.of(), client.secrets().listScopes());
        DatabricksException e = assertThrows(DatabricksException.class, () -> client.secrets().deleteScope("temp"));
        assertTrue(e.isNotFound(), e.getMessage());
    }

    @Test
    void putsTextAndBytesAndListsKeysWithoutValues() throws Exception {
        client.secrets().createScope("app", null, false);
        client.secrets().putSecret("app", "db-password", "s3cr3t-välue");
        byte[] key = {0, 1, 2, (byte) 0xff};
        client.secrets().putSecret("app", "tls.key", key);
        assertArrayEquals("s3cr3t-välue".getBytes(StandardCharsets.UTF_8), emu.secrets().value("app", "db-password")
                .orElseThrow());
        assertArrayEquals(key, emu.secrets().value("app", "tls.key").orElseThrow());
        List<Map<String, Object>> keys = client.secrets().listSecrets("app");
        assertEquals(List.of("db-password", "tls.key"), keys.stream().map(k -> k.get("key")).sorted()
                .collect(Collectors.toList()));
        assertTrue(keys.stream().allMatch(k -> k.get("last_updated_timestamp") instanceof Long));
        client.secrets().putSecret("app", "db-password", "rotated");
        assertArrayEquals("rotated".getBytes(StandardCharsets.UTF_8), emu.secrets().value("app", "db-password")
                .orElseThrow());
        client.secrets().deleteSecret("app", "tls.key");
        assertEquals(1, client.secrets().listSecrets("app").size());
    }

    @Test
    void aclsArePutReadListedAndDeleted() throws Exception {
        client.secrets().createScope("shared", null, false);
        client.secrets().putAcl("shared", "data-eng", "read");
        client.secrets().putAcl("shared", "data-eng", "WRITE");
        assertEquals("WRITE", client.secrets().getAcl("shared", "data-eng").get("permission"));
        assertTrue(client.secrets().listAcls("shared").stream().anyMatch(a -> "data-eng".equals(a.get("principal"))));
        client.secrets().deleteAcl("shared", "data-eng");
        assertTrue(client.secrets().listAcls("shared").stream().noneMatch(a -> "data-eng".equals(a.get("principal"))));
    }

    @Test
    void inputIsValidatedBeforeAnyRequest() {
        assertEquals("scope 'bad name' is not accepted; expected 1 to 128 letters, digits, '-', '_', '.' or '@'",
                assertThrows(IllegalArgumentException.class, () -> client.secrets().createScope("bad name", null,
                        false)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.secrets().createScope("x".repeat(129),
                null, false)).getMessage().startsWith("scope '"));
        assertEquals("initialManagePrincipal must be 'users' or empty (Databricks accepts no other value), got 'admins'",
                assertThrows(IllegalArgumentException.class, () -> client.secrets().createScope("ok", "admins",
                        false)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.secrets().putSecret("ok", "k/1", "v"))
                .getMessage().startsWith("key 'k/1' is not accepted"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.secrets().putSecret("ok", "k",
                (String) null)).getMessage().startsWith("value must not be null"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.secrets().putSecret("ok", "k",
                new byte[128 * 1024 + 1])).getMessage().startsWith("value is larger than 131072 bytes"));
        assertEquals("permission 'OWNER' is not accepted; expected one of MANAGE, WRITE, READ",
                assertThrows(IllegalArgumentException.class, () -> client.secrets().putAcl("ok", "p", "OWNER"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.secrets().getAcl("ok", ""))
                .getMessage().startsWith("principal must not be empty"));
        assertEquals(0, emu.totalRequests());
    }
}
