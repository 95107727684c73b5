package io.jenkins.plugins.databricks.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What hosts users may paste, and that no path can send a request anywhere but the workspace's REST API. */
class HostAndPathTest {
    private static DatabricksEmulator emu;
    private static DatabricksClient client;

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().start();
        client = TestSupport.client(emu).build();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.resetCounters();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "adb-1234567890123456.7.azuredatabricks.net, https://adb-1234567890123456.7.azuredatabricks.net",
        "https://adb-1234567890123456.7.azuredatabricks.net/, https://adb-1234567890123456.7.azuredatabricks.net",
        "adb-123.4.azuredatabricks.net/?o=123, https://adb-123.4.azuredatabricks.net",
        "https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/login.html?o=42#notebook/1, https://dbc-a1b2c3d4-e5f6.cloud.databricks.com",
        "HTTPS://My-Workspace.Cloud.Databricks.COM, https://my-workspace.cloud.databricks.com",
        "  ws.cloud.databricks.us  , https://ws.cloud.databricks.us",
        "https://1234567890123456.7.gcp.databricks.com:443/, https://1234567890123456.7.gcp.databricks.com",
        "https://adb-1.2.databricks.azure.cn:8443, https://adb-1.2.databricks.azure.cn:8443",
        "http://localhost:8080/, http://localhost:8080",
        "http://127.0.0.1:9000, http://127.0.0.1:9000",
        "http://[::1]:9000, http://[::1]:9000",
    })
    void hostIsNormalizedToSchemeAndAuthority(String pasted, String normalized) {
        assertEquals(normalized, DatabricksClient.builder().host(pasted).token(TestSupport.TOKEN).build().host());
        assertEquals(normalized, DatabricksClient.normalizeHost(pasted));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://adb-123.4.azuredatabricks.net", "http://10.0.0.5:8080", "http://localhost.evil.com"})
    void plainHttpIsRefusedExceptForLoopback(String host) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().host(host));
        assertTrue(e.getMessage().contains("host must use https://"), e.getMessage());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ftp://ws.cloud.databricks.com", "https://user:pw@ws.cloud.databricks.com",
        "https://", "ws.cloud.databricks .com", "https://ws.cloud.databricks.com\\@evil.com", "https://a_b:x"})
    void unusableHostsAreRefusedNamingTheField(String host) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().host(host));
        assertTrue(e.getMessage().startsWith("host"), e.getMessage());
    }

    @Test
    void buildRequiresHostAndExactlyOneAuthMethod() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().token("dapi1").build()).getMessage().startsWith("host must be set"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().host(emu.baseUrl()).build()).getMessage().startsWith("auth must be set"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().token("dapi1").servicePrincipal("id", "secret")).getMessage()
                .contains("exactly one"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().token(" ")).getMessage().startsWith("token must not be empty"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().servicePrincipal("id", "")).getMessage().startsWith("clientSecret"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().rateLimit(0)).getMessage().startsWith("rateLimit"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().requestTimeout(java.time.Duration.ZERO)).getMessage()
                .startsWith("requestTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> DatabricksClient.builder().userAgentSuffix("a\nb")).getMessage().startsWith("userAgentSuffix"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://evil.example.com/api/2.0/clusters/list",
        "//evil.example.com/api/2.0/clusters/list",
        "evil.example.com/api/2.0/clusters/list",
        "/api/2.0/../../oidc/v1/token",
        "/api/2.0/clusters/../../../etc/passwd",
        "/api/2.0/./clusters/list",
        "/api/2.0/%2e%2e/%2E%2E/oidc/v1/token",
        "/api/2.0/clusters%2flist",
        "/api/2.0/clusters%5c..%5clist",
        "/api/2.0/clusters%252e%252e/list",
        "/api//2.0/clusters/list",
        "/api/2.0/clusters\\..\\list",
        "/api/2.0/clusters/list@evil.example.com",
        "/api/2.0/clusters/list#fragment",
        "/api/2.0/clusters/list\r\nHost: evil.example.com",
        "/api/2.0/clusters/list\u0000",
        "/api/2.0/clusters list",
        "/oidc/v1/token",
        "/api",
        "api/2.0/clusters/list",
        "/API/2.0/clusters/list",
        "/api/2.0/clusters/lïst",
        "/api/..;/manager/html",
        "/api/2.0/..;/..;/manager/html",
        "/api/2.0/clusters;jsessionid=x/list",
        "/api/2.0/clusters/list;",
        "/api/..%3b/manager/html",
        "/api/..%3B/manager/html",
        "/api/%2e%2e;/manager/html",
        "/api/%2e%2e%3b/manager/html",
        "/api/2.0/.hidden/list",
        "/api/2.0/...",
        "/api/2.0/.%2e/oidc/v1/token",
        "/api/2.0/%2Ehidden",
        "",
    })
    void pathsThatCouldLeaveTheWorkspaceApiAreRefusedBeforeAnyRequest(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.call("GET", path, null, null));
        assertTrue(e.getMessage().startsWith("path"), e.getMessage());
        assertTrue(e.getMessage().contains("/api/"), "names what is accepted: " + e.getMessage());
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void pathMayCarryItsOwnQueryString() throws Exception {
        String id = emu.clusters().create("q", "RUNNING");
        Object answer = client.call("GET", "/api/2.1/clusters/get?cluster_id=" + id, null, null);
        assertEquals(id, ((Map<?, ?>) answer).get("cluster_id"));
    }

    @Test
    void methodIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.call("TRACE", "/api/2.1/clusters/list", null, null));
        assertEquals("method must be one of GET, POST, PUT, PATCH, DELETE, got 'TRACE'", e.getMessage());
        assertEquals(0, emu.totalRequests());
    }
}
