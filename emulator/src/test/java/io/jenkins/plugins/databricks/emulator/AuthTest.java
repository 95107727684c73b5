package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
    private static final String ME = "/api/2.0/preview/scim/v2/Me";
    private static final String SECRET = "sp-secret-value-123";
    private DatabricksEmulator emu;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").token("dapi-alice", "alice@example.com")
                .servicePrincipal("11111111-2222-3333-4444-555555555555", SECRET)
                .accessTokenLifetime(Duration.ofMinutes(10)).manualClock().start();
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void personalAccessTokenIsTheDefaultUser() {
        JsonNode me = new Http(emu.baseUrl(), "dapi-test").get(ME).json();
        assertEquals("user@example.com", me.path("userName").asText());
        assertEquals(emu.users().currentUserName(), me.path("userName").asText());
        assertTrue(me.path("active").asBoolean());
        assertFalse(me.path("id").asText().isEmpty());
        assertEquals("alice@example.com", new Http(emu.baseUrl(), "dapi-alice").get(ME).json().path("userName").asText());
    }

    @Test
    void missingTokenIs401WithADatabricksBody() {
        Http.Answer a = new Http(emu.baseUrl(), null).get(ME);
        assertEquals(401, a.status());
        assertEquals("UNAUTHENTICATED", a.errorCode());
        assertFalse(a.message().isEmpty());
    }

    @Test
    void unknownTokenIs403InvalidAccessTokenAndIsNotEchoed() {
        Http.Answer a = new Http(emu.baseUrl(), "dapi-wrong-token").get("/api/2.1/clusters/list");
        assertEquals(403, a.status());
        assertTrue(a.json().path("error_code").isInt(), a.body());
        assertEquals(403, a.json().path("error_code").asInt());
        assertEquals("Invalid access token.", a.message());
        assertFalse(a.body().contains("dapi-wrong-token"));
    }

    @Test
    void hostMetadataLeadsToTheOidcDiscoveryDocumentAsCurrentSdksFollowIt() {
        Http anonymous = new Http(emu.baseUrl(), null);
        JsonNode host = anonymous.get("/.well-known/databricks-config").json();
        assertEquals(emu.baseUrl() + "/oidc", host.path("oidc_endpoint").asText());
        assertEquals(DatabricksEmulator.WORKSPACE_ID, host.path("workspace_id").asText());
        JsonNode discovery = anonymous.get(URI.create(host.path("oidc_endpoint").asText() + "/")
                .resolve(".well-known/oauth-authorization-server").getPath()).json();
        assertEquals(emu.baseUrl() + "/oidc/v1/token", discovery.path("token_endpoint").asText());
    }

    @Test
    void wellKnownNamesTheTokenEndpoint() {
        JsonNode m = new Http(emu.baseUrl(), null).get("/oidc/.well-known/oauth-authorization-server").json();
        assertEquals(emu.baseUrl() + "/oidc/v1/token", m.path("token_endpoint").asText());
    }

    private Http.Answer token(String basicUser, String basicSecret, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/oidc/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basicUser != null) {
            String creds = basicUser + ":" + basicSecret;
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8)));
        }
        return Http.exchange(b.build());
    }

    @Test
    void clientCredentialsWithBasicAuthGiveAServicePrincipalToken() {
        Http.Answer t = token("11111111-2222-3333-4444-555555555555", SECRET,
                "grant_type=client_credentials&scope=all-apis");
        assertEquals(200, t.status(), t.body());
        assertEquals("Bearer", t.json().path("token_type").asText());
        assertEquals(600, t.json().path("expires_in").asLong());
        String access = t.json().path("access_token").asText();
        assertFalse(access.contains(SECRET));
        JsonNode me = new Http(emu.baseUrl(), access).get(ME).json();
        assertEquals("11111111-2222-3333-4444-555555555555", me.path("userName").asText());
    }

    @Test
    void clientCredentialsInFormFieldsWork() {
        Http.Answer t = token(null, null, "grant_type=client_credentials&scope=all-apis&client_id="
                + "11111111-2222-3333-4444-555555555555&client_secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8));
        assertEquals(200, t.status(), t.body());
        assertEquals(200, new Http(emu.baseUrl(), t.json().path("access_token").asText()).get(ME).status());
    }

    @Test
    void wrongSecretIsInvalidClientWithoutEchoingIt() {
        Http.Answer t = token("11111111-2222-3333-4444-555555555555", "not-the-secret",
                "grant_type=client_credentials&scope=all-apis");
        assertEquals(401, t.status());
        assertEquals("invalid_client", t.json().path("error").asText());
        assertFalse(t.json().path("error_description").asText().isEmpty());
        assertFalse(t.body().contains("not-the-secret"));
        assertEquals(401, token(null, null, "grant_type=client_credentials").status());
    }

    @Test
    void unsupportedGrantIsRejected() {
        Http.Answer t = token("11111111-2222-3333-4444-555555555555", SECRET, "grant_type=password");
        assertEquals(400, t.status());
        assertEquals("unsupported_grant_type", t.json().path("error").asText());
    }

    @Test
    void accessTokenExpiresOnTheEmulatorClock() {
        String access = token("11111111-2222-3333-4444-555555555555", SECRET, "grant_type=client_credentials")
                .json().path("access_token").asText();
        Http sp = new Http(emu.baseUrl(), access);
        emu.clock().advance(Duration.ofMinutes(10).minusMillis(1));
        assertEquals(200, sp.get(ME).status());
        emu.clock().advance(Duration.ofMillis(1));
        Http.Answer expired = sp.get(ME);
        assertEquals(403, expired.status());
        assertEquals(403, expired.json().path("error_code").asInt());
        assertEquals("Invalid access token.", expired.message());
        // a PAT does not expire
        assertEquals(200, new Http(emu.baseUrl(), "dapi-test").get(ME).status());
    }

    @Test
    void servicePrincipalCreatorShowsInClusterAcl() {
        String access = token("11111111-2222-3333-4444-555555555555", SECRET, "grant_type=client_credentials")
                .json().path("access_token").asText();
        Http sp = new Http(emu.baseUrl(), access);
        String id = sp.post("/api/2.1/clusters/create", Map.of("cluster_name", "sp", "spark_version", "15.4.x-scala2.12"))
                .json().path("cluster_id").asText();
        JsonNode acl = sp.get("/api/2.0/permissions/clusters/" + id).json().path("access_control_list");
        assertEquals("11111111-2222-3333-4444-555555555555", acl.get(0).path("service_principal_name").asText());
        assertEquals("CAN_MANAGE", acl.get(0).path("all_permissions").get(0).path("permission_level").asText());
    }
}
