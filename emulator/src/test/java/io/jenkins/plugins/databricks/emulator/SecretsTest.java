package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.secrets.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String S = "/api/2.0/secrets";
    private DatabricksEmulator emu;
    private Http http;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").manualClock().start();
        http = new Http(emu.baseUrl(), "dapi-test");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void scopeLifecycleAndCaseInsensitiveNames() {
        assertEquals("{}", http.get(S + "/scopes/list").body());
        assertEquals(200, http.post(S + "/scopes/create", Map.of("scope", "Team-A")).status());
        Http.Answer dup = http.post(S + "/scopes/create", Map.of("scope", "team-a"));
        assertEquals(400, dup.status());
        assertEquals("RESOURCE_ALREADY_EXISTS", dup.errorCode());
        assertEquals("Scope team-a already exists!", dup.message());
        JsonNode scopes = http.get(S + "/scopes/list").json().path("scopes");
        assertEquals("Team-A", scopes.get(0).path("name").asText());
        assertEquals("DATABRICKS", scopes.get(0).path("backend_type").asText());
        // the creator manages the scope
        assertEquals("MANAGE", http.get(S + "/acls/get?scope=team-a&principal=user@example.com").json()
                .path("permission").asText());
        assertEquals(200, http.post(S + "/scopes/delete", Map.of("scope", "TEAM-A")).status());
        Http.Answer gone = http.post(S + "/scopes/delete", Map.of("scope", "Team-A"));
        assertEquals(404, gone.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", gone.errorCode());
        assertEquals("Scope Team-A does not exist!", gone.message());
    }

    @Test
    void scopeNameRules() {
        for (String bad : new String[] {"has space", "slash/name", "x".repeat(129), "", "ü"}) {
            Http.Answer a = http.post(S + "/scopes/create", Map.of("scope", bad));
            assertEquals(400, a.status(), bad);
            assertEquals("INVALID_PARAMETER_VALUE", a.errorCode(), bad);
        }
        for (String good : new String[] {"a.b_c-d@e", "x".repeat(128)}) {
            assertEquals(200, http.post(S + "/scopes/create", Map.of("scope", good)).status(), good);
        }
    }

    @Test
    void initialManagePrincipalMayOnlyBeUsers() {
        assertEquals(200, http.post(S + "/scopes/create", Map.of("scope", "s1", "initial_manage_principal", "users"))
                .status());
        assertEquals("MANAGE", emu.secrets().acl("s1", "users").orElseThrow());
        Http.Answer a = http.post(S + "/scopes/create", Map.of("scope", "s2", "initial_manage_principal", "admins"));
        assertEquals(400, a.status());
        assertTrue(a.message().contains("users"), a.message());
    }

    @Test
    void keyVaultScopesNeedBothFields() {
        Http.Answer missing = http.post(S + "/scopes/create", Map.of("scope", "kv", "scope_backend_type", "AZURE_KEYVAULT"));
        assertEquals(400, missing.status());
        Http.Answer ok = http.post(S + "/scopes/create", Map.of("scope", "kv", "scope_backend_type", "AZURE_KEYVAULT",
                "backend_azure_keyvault", Map.of("resource_id", "/subscriptions/x/vaults/v", "dns_name",
                        "https://v.vault.azure.net/")));
        assertEquals(200, ok.status(), ok.body());
        assertEquals("AZURE_KEYVAULT", http.get(S + "/scopes/list").json().path("scopes").get(0).path("backend_type")
                .asText());
        assertEquals(400, http.post(S + "/scopes/create", Map.of("scope", "x", "scope_backend_type", "VAULT")).status());
    }

    @Test
    void secretsAreStoredListedAndNeverReturned() {
        http.post(S + "/scopes/create", Map.of("scope", "app"));
        assertEquals(200, http.post(S + "/put", Map.of("scope", "app", "key", "db-password", "string_value",
                "hunter2-secret")).status());
        byte[] raw = {0, 1, 2, (byte) 255};
        assertEquals(200, http.post(S + "/put", Map.of("scope", "APP", "key", "blob", "bytes_value",
                Base64.getEncoder().encodeToString(raw))).status());
        assertArrayEquals("hunter2-secret".getBytes(StandardCharsets.UTF_8),
                emu.secrets().value("app", "db-password").orElseThrow());
        assertArrayEquals(raw, emu.secrets().value("app", "blob").orElseThrow());

        Http.Answer list = http.get(S + "/list?scope=app");
        assertFalse(list.body().contains("hunter2"));
        assertEquals("db-password", list.json().path("secrets").get(0).path("key").asText());
        assertEquals(emu.clock().now(), list.json().path("secrets").get(0).path("last_updated_timestamp").asLong());

        emu.clock().advance(Duration.ofSeconds(5));
        http.post(S + "/put", Map.of("scope", "app", "key", "db-password", "string_value", "new"));
        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), emu.secrets().value("app", "db-password").orElseThrow());
        assertEquals(emu.clock().now(), http.get(S + "/list?scope=app").json().path("secrets").get(0)
                .path("last_updated_timestamp").asLong());
        assertEquals(404, http.get(S + "/get?scope=app&key=db-password").status());

        assertEquals(200, http.post(S + "/delete", Map.of("scope", "app", "key", "blob")).status());
        Http.Answer again = http.post(S + "/delete", Map.of("scope", "app", "key", "blob"));
        assertEquals(404, again.status());
        assertEquals("RESOURCE_DOES_NOT_EXIST", again.errorCode());
        assertTrue(emu.secrets().value("app", "blob").isEmpty());
    }

    @Test
    void putNeedsExactlyOneValueAValidKeyAndAnExistingScope() {
        http.post(S + "/scopes/create", Map.of("scope", "app"));
        assertEquals(400, http.post(S + "/put", Map.of("scope", "app", "key", "k")).status());
        assertEquals(400, http.post(S + "/put", Map.of("scope", "app", "key", "k", "string_value", "a",
                "bytes_value", "YQ==")).status());
        assertEquals(400, http.post(S + "/put", Map.of("scope", "app", "key", "bad key", "string_value", "a")).status());
        assertEquals(400, http.post(S + "/put", Map.of("scope", "app", "key", "k", "bytes_value", "%%%")).status());
        Http.Answer noScope = http.post(S + "/put", Map.of("scope", "nope", "key", "k", "string_value", "a"));
        assertEquals(404, noScope.status());
        assertEquals("Scope nope does not exist!", noScope.message());
        Http.Answer missingKey = http.post(S + "/put", Map.of("scope", "app", "string_value", "a"));
        assertEquals("Missing required field: key", missingKey.message());
    }

    @Test
    void valueLimitIs128KB() {
        http.post(S + "/scopes/create", Map.of("scope", "app"));
        assertEquals(200, http.post(S + "/put", Map.of("scope", "app", "key", "max", "string_value",
                "a".repeat(128 * 1024))).status());
        Http.Answer big = http.post(S + "/put", Map.of("scope", "app", "key", "big", "string_value",
                "a".repeat(128 * 1024 + 1)));
        assertEquals(400, big.status());
        assertEquals("INVALID_PARAMETER_VALUE", big.errorCode());
    }

    @Test
    void secretAndScopeCountLimits() {
        http.post(S + "/scopes/create", Map.of("scope", "many"));
        for (int i = 0; i < Secrets.MAX_SECRETS_PER_SCOPE; i++) {
            emu.secrets().put("many", "k" + i, new byte[] {1});
        }
        Http.Answer over = http.post(S + "/put", Map.of("scope", "many", "key", "one-more", "string_value", "x"));
        assertEquals(400, over.status());
        assertEquals(200, http.post(S + "/put", Map.of("scope", "many", "key", "k1", "string_value", "overwrite")).status());
        for (int i = 1; i < Secrets.MAX_SCOPES; i++) {
            emu.secrets().createScope("s" + i, "DATABRICKS", null, "users");
        }
        assertEquals(400, http.post(S + "/scopes/create", Map.of("scope", "too-many")).status());
    }

    @Test
    void aclsPutGetListDelete() {
        http.post(S + "/scopes/create", Map.of("scope", "app"));
        assertEquals(200, http.post(S + "/acls/put", Map.of("scope", "app", "principal", "data-eng", "permission", "READ"))
                .status());
        assertEquals(200, http.post(S + "/acls/put", Map.of("scope", "app", "principal", "data-eng", "permission", "WRITE"))
                .status());
        JsonNode got = http.get(S + "/acls/get?scope=app&principal=data-eng").json();
        assertEquals("data-eng", got.path("principal").asText());
        assertEquals("WRITE", got.path("permission").asText());
        JsonNode items = http.get(S + "/acls/list?scope=app").json().path("items");
        assertEquals(2, items.size());
        Http.Answer bad = http.post(S + "/acls/put", Map.of("scope", "app", "principal", "x", "permission", "OWNER"));
        assertEquals(400, bad.status());
        assertTrue(bad.message().contains("MANAGE"), bad.message());
        assertEquals(200, http.post(S + "/acls/delete", Map.of("scope", "app", "principal", "data-eng")).status());
        assertEquals(404, http.get(S + "/acls/get?scope=app&principal=data-eng").status());
        assertEquals(404, http.post(S + "/acls/delete", Map.of("scope", "app", "principal", "data-eng")).status());
        assertEquals(404, http.get(S + "/acls/list?scope=nope").status());
    }
}
