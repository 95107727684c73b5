package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.iam.AccessControlRequest;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.PermissionLevel;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateObjectPermissions;
import com.databricks.sdk.service.iam.User;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import io.jenkins.plugins.databricks.emulator.faults.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Databricks SDK for Java as a third-party client: what it meets against the emulator must be what it
 * meets against a workspace (invalid tokens, principals, OAuth discovery, cluster details, 429s). The SDK has
 * no call for a GET with a JSON body or for Jobs API 2.0; raw HTTP tests cover those (ClustersTest,
 * JobsApi20Test).
 */
class SdkCompatibilityTest {
    private static final String TOKEN = "dapi-sdk-test";
    private static final String CLIENT_ID = "5e2b7c1d-sdk-client";
    private static final String CLIENT_SECRET = "sdk-oauth-secret";
    private DatabricksEmulator emu;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token(TOKEN).servicePrincipal(CLIENT_ID, CLIENT_SECRET).manualClock()
                .clusterStartDuration(Duration.ofSeconds(3)).start();
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private WorkspaceClient pat(String token) {
        return new WorkspaceClient(new DatabricksConfig().setHost(emu.baseUrl()).setToken(token).setAuthType("pat"));
    }

    @Test
    void anInvalidTokenIs403InvalidAccessToken() {
        DatabricksError e = assertThrows(DatabricksError.class, () -> pat("dapi-not-a-token").currentUser().me(new com.databricks.sdk.service.iam.MeRequest()));
        assertEquals(403, e.getStatusCode());
        assertTrue(e instanceof PermissionDenied, e.getClass().getName());
        assertEquals("Invalid access token.", e.getMessage());
    }

    @Test
    void onlyHostClientIdAndSecretFindTheTokenEndpointAndAnExpiredTokenIs403() {
        // no auth type, no token endpoint: the SDK discovers everything from the host
        WorkspaceClient sp = new WorkspaceClient(new DatabricksConfig().setHost(emu.baseUrl())
                .setClientId(CLIENT_ID).setClientSecret(CLIENT_SECRET));
        assertEquals(CLIENT_ID, sp.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName());
        assertEquals(1, emu.requestCount("GET", "/.well-known/databricks-config"));
        assertTrue(emu.requestCount("GET", "/oidc/.well-known/oauth-authorization-server") >= 1);
        assertEquals(1, emu.requestCount("POST", "/oidc/v1/token"));

        // the workspace's clock passes the token's hour; the SDK's cache (on wall time) still sends it
        emu.clock().advance(Duration.ofHours(2));
        DatabricksError e = assertThrows(DatabricksError.class, () -> sp.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()));
        assertEquals(403, e.getStatusCode());
        assertEquals("Invalid access token.", e.getMessage());
    }

    @Test
    void permissionsNameRealPrincipalsWhichScimCreates() {
        WorkspaceClient w = pat(TOKEN);
        String clusterId = emu.clusters().create("shared");
        UpdateObjectPermissions grant = new UpdateObjectPermissions().setRequestObjectType("clusters")
                .setRequestObjectId(clusterId).setAccessControlList(List.of(new AccessControlRequest()
                        .setUserName("ana@example.com").setPermissionLevel(PermissionLevel.CAN_RESTART)));
        InvalidParameterValue unknown = assertThrows(InvalidParameterValue.class, () -> w.permissions().update(grant));
        assertEquals("Principal: UserName(ana@example.com) does not exist", unknown.getMessage());
        assertEquals(400, unknown.getStatusCode());

        User ana = w.users().create(new User().setUserName("ana@example.com").setDisplayName("Ana"));
        assertNotNull(ana.getId());
        ServicePrincipal ci = w.servicePrincipals().create(new ServicePrincipal().setApplicationId("6f0e-ci")
                .setDisplayName("ci"));
        Group eng = w.groups().create(new Group().setDisplayName("data-eng"));
        assertEquals("Ana", w.users().get(ana.getId()).getDisplayName());
        assertEquals("6f0e-ci", w.servicePrincipals().get(ci.getId()).getApplicationId());
        assertEquals("data-eng", w.groups().get(eng.getId()).getDisplayName());
        List<String> names = new ArrayList<>();
        w.users().list(new ListUsersRequest()).forEach(u -> names.add(u.getUserName()));
        assertEquals(List.of("user@example.com", "ana@example.com"), names);

        w.permissions().update(grant.setAccessControlList(List.of(
                new AccessControlRequest().setUserName("ana@example.com").setPermissionLevel(PermissionLevel.CAN_RESTART),
                new AccessControlRequest().setGroupName("data-eng").setPermissionLevel(PermissionLevel.CAN_ATTACH_TO),
                new AccessControlRequest().setServicePrincipalName("6f0e-ci")
                        .setPermissionLevel(PermissionLevel.CAN_MANAGE))));
        assertEquals(5, w.permissions().get("clusters", clusterId).getAccessControlList().size(),
                "creator, three grants and the inherited admins");

        assertThrows(ResourceDoesNotExist.class, () -> w.permissions().get("clusters", "0101-000000-nosuchid"));
    }

    @Test
    void aRunningClusterHasItsNodesAndSpec() throws Exception {
        WorkspaceClient w = pat(TOKEN);
        String id = w.clusters().create(new com.databricks.sdk.service.compute.CreateCluster()
                .setClusterName("etl").setSparkVersion("15.4.x-scala2.12").setNodeTypeId("i3.xlarge")
                .setNumWorkers(2L)).getResponse().getClusterId();
        assertTrue(id.matches("\\d{4}-\\d{6}-[a-z0-9]{8}"), id);
        emu.clock().advance(Duration.ofSeconds(3));
        ClusterDetails c = w.clusters().get(id);
        assertEquals(State.RUNNING, c.getState());
        assertNotNull(c.getDriver().getPrivateIp());
        assertEquals(2, c.getExecutors().size());
        assertEquals(3 * 31_232L, c.getClusterMemoryMb());
        assertEquals(12.0, c.getClusterCores());
        assertEquals("etl", c.getSpec().getClusterName());
        assertEquals(2L, c.getSpec().getNumWorkers());
    }

    @Test
    void aRateLimitedCallIsRetriedAfterRetryAfter() {
        WorkspaceClient w = pat(TOKEN);
        emu.faults().next(1, "/api/2.0/preview/scim/v2/Me", Fault.rateLimited(Faults.DEFAULT_RETRY_AFTER_SECONDS));
        assertEquals("user@example.com", w.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName());
        assertEquals(2, emu.requestCount("GET", "/api/2.0/preview/scim/v2/Me"));
        assertEquals(1, emu.statusCount(429));
        assertFalse(emu.faults().pending() > 0);
    }

    @Test
    void theSdksDbfsStreamsReadBackWhatTheyWroteAndListIt() throws Exception {
        WorkspaceClient w = pat(TOKEN);
        byte[] content = new byte[2 * 1024 * 1024 + 123]; // more than two blocks each way
        new java.util.Random(7).nextBytes(content);
        try (java.io.OutputStream out = w.dbfs().getOutputStream("/ci/reports/junit.bin")) {
            out.write(content);
        }
        assertArrayEquals(content, w.dbfs().readAllBytes(java.nio.file.Path.of("/ci/reports/junit.bin")));
        try (java.io.InputStream in = w.dbfs().open("dbfs:/ci/reports/junit.bin")) {
            assertArrayEquals(content, in.readAllBytes());
        }
        List<String> listed = new java.util.ArrayList<>();
        w.dbfs().recursiveList("/ci").forEach(f -> listed.add(f.getPath() + " " + f.getFileSize()));
        assertEquals(List.of("/ci/reports 0", "/ci/reports/junit.bin " + content.length), listed);
        ResourceDoesNotExist missing = assertThrows(ResourceDoesNotExist.class,
                () -> w.dbfs().readAllBytes(java.nio.file.Path.of("/ci/none")));
        assertTrue(missing.getMessage().contains("/ci/none"), missing.getMessage());
    }
}
