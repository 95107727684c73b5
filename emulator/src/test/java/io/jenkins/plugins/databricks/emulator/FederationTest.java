package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.oauth.OidcIssuer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token federation at {@code /oidc/v1/token}: a JWT of a trusted issuer, checked against the policy's issuer,
 * audience and subject, its times on the emulator's clock and its signature against the issuer's JWKS, becomes an
 * access token of the policy's service principal (or, account-wide, of the user named by {@code sub}).
 */
class FederationTest {
    private static final String ME = "/api/2.0/preview/scim/v2/Me";
    private static final String SP = "aaaaaaaa-1111-2222-3333-444444444444";
    private static final String AUDIENCE = "https://ci.example.com/databricks";
    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";
    private static OidcIssuer idp;
    private DatabricksEmulator emu;

    @BeforeAll
    static void startIssuer() {
        idp = OidcIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        idp.close();
    }

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().manualClock().allowHttpIssuers()
                .federationPolicy(idp.issuer(), AUDIENCE, SUBJECT, SP).start();
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private Instant inAnHour() {
        return Instant.ofEpochMilli(emu.clock().now()).plus(Duration.ofHours(1));
    }

    private Http.Answer exchange(String jwt, String clientId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("subject_token", jwt);
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        form.put("scope", "all-apis");
        if (clientId != null) {
            form.put("client_id", clientId);
        }
        return post(form);
    }

    private Http.Answer post(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return Http.exchange(HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/oidc/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertRefused(Http.Answer a, int status, String error, String descriptionPart) {
        assertEquals(status, a.status(), a.body());
        assertEquals(error, a.json().path("error").asText(), a.body());
        assertTrue(a.json().path("error_description").asText().contains(descriptionPart), a.body());
    }

    @Test
    void aTrustedJwtBecomesAServicePrincipalTokenThatWorksAsABearer() {
        Http.Answer a = exchange(idp.jwt(SUBJECT, AUDIENCE, inAnHour()), SP);
        assertEquals(200, a.status(), a.body());
        JsonNode t = a.json();
        assertEquals("Bearer", t.path("token_type").asText());
        assertEquals(3600, t.path("expires_in").asLong());
        assertEquals("all-apis", t.path("scope").asText());
        JsonNode me = new Http(emu.baseUrl(), t.path("access_token").asText()).get(ME).json();
        assertEquals(SP, me.path("userName").asText());
        assertTrue(emu.users().servicePrincipalExists(SP));
    }

    @Test
    void theAccessTokenExpiresOnTheEmulatorsClock() {
        String token = exchange(idp.jwt(SUBJECT, AUDIENCE, inAnHour()), SP).json().path("access_token").asText();
        emu.clock().advance(Duration.ofMinutes(61));
        assertEquals(403, new Http(emu.baseUrl(), token).get(ME).status());
    }

    @Test
    void anAudienceArrayAndAnEs256SignatureAreAccepted() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", idp.issuer());
        claims.put("sub", SUBJECT);
        claims.put("aud", List.of("other", AUDIENCE));
        claims.put("exp", inAnHour().getEpochSecond());
        assertEquals(200, exchange(idp.jwt(claims, "ES256"), SP).status());
    }

    @Test
    void anAccountWidePolicyGivesATokenOfTheUserNamedBySub() {
        emu.federation().addPolicy(idp.issuer(), "account-audience", "*", null);
        Http.Answer a = exchange(idp.jwt("carol@example.com", "account-audience", inAnHour()), null);
        assertEquals(200, a.status(), a.body());
        JsonNode me = new Http(emu.baseUrl(), a.json().path("access_token").asText()).get(ME).json();
        assertEquals("carol@example.com", me.path("userName").asText());
    }

    @Test
    void aSubjectWildcardMatchesOnlyItsPrefix() {
        emu.federation().addPolicy(idp.issuer(), AUDIENCE, "repo:acme/app:*", "bbbbbbbb-1111-2222-3333-444444444444");
        String sp2 = "bbbbbbbb-1111-2222-3333-444444444444";
        assertEquals(200, exchange(idp.jwt("repo:acme/app:pull_request", AUDIENCE, inAnHour()), sp2).status());
        assertRefused(exchange(idp.jwt("repo:acme/other:ref", AUDIENCE, inAnHour()), sp2), 400, "invalid_grant",
                "subject repo:acme/other:ref does not match");
    }

    @Test
    void expiredAndNotYetValidTokensAreRefusedOnTheEmulatorsClock() {
        String jwt = idp.jwt(SUBJECT, AUDIENCE, inAnHour());
        emu.clock().advance(Duration.ofMinutes(60));
        assertRefused(exchange(jwt, SP), 400, "invalid_grant", "expired");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", idp.issuer());
        claims.put("sub", SUBJECT);
        claims.put("aud", AUDIENCE);
        claims.put("nbf", inAnHour().getEpochSecond() - 60);
        claims.put("exp", inAnHour().getEpochSecond());
        assertRefused(exchange(idp.jwt(claims, "RS256"), SP), 400, "invalid_grant", "not valid yet");
    }

    @Test
    void wrongAudienceSubjectIssuerOrClientAreRefused() {
        assertRefused(exchange(idp.jwt(SUBJECT, "someone-else", inAnHour()), SP), 400, "invalid_grant", "audience");
        assertRefused(exchange(idp.jwt("repo:acme/evil", AUDIENCE, inAnHour()), SP), 400, "invalid_grant",
                "does not match");
        assertRefused(exchange(idp.jwt(SUBJECT, AUDIENCE, inAnHour()), "no-such-sp"), 401, "invalid_client",
                "no federation policy");
        assertRefused(exchange(idp.jwt(SUBJECT, AUDIENCE, inAnHour()), null), 400, "invalid_grant",
                "No federation policy of the account trusts issuer");
        try (OidcIssuer stranger = OidcIssuer.start()) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", stranger.issuer());
            claims.put("sub", SUBJECT);
            claims.put("aud", AUDIENCE);
            claims.put("exp", inAnHour().getEpochSecond());
            assertRefused(exchange(stranger.jwt(claims, "RS256"), SP), 400, "invalid_grant", "trusts issuer");
        }
    }

    @Test
    void aTamperedOrForeignSignatureIsRefused() {
        String jwt = idp.jwt(SUBJECT, AUDIENCE, inAnHour());
        String[] p = jwt.split("\\.");
        String otherPayload = idp.jwt("repo:acme/app:ref:refs/heads/evil", AUDIENCE, inAnHour()).split("\\.")[1];
        assertRefused(exchange(p[0] + "." + otherPayload + "." + p[2], SP), 400, "invalid_grant", "signature");
        // the issuer rotates its keys: a new key id is fetched at once, the old key no longer verifies
        long fetches = idp.jwksRequests();
        idp.rotateKeys();
        assertEquals(200, exchange(idp.jwt(SUBJECT, AUDIENCE, inAnHour()), SP).status());
        assertEquals(fetches + 1, idp.jwksRequests());
        assertRefused(exchange(jwt, SP), 400, "invalid_grant", "signature");
    }

    @Test
    void theIssuersKeysAreCachedBetweenExchanges() {
        long before = idp.jwksRequests();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, exchange(idp.jwt(SUBJECT, AUDIENCE, inAnHour()), SP).status());
        }
        assertEquals(1, idp.jwksRequests() - before);
    }

    @Test
    void malformedRequestsAreInvalidRequest() {
        assertRefused(exchange("not-a-jwt", SP), 400, "invalid_request", "not a valid JWT");
        assertRefused(exchange("e30.e30.c2ln", SP), 400, "invalid_request", "missing a required claim");
        assertRefused(exchange("!!.e30.c2ln", SP), 400, "invalid_request", "header");
        Map<String, String> noToken = new LinkedHashMap<>();
        noToken.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        noToken.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        assertRefused(post(noToken), 400, "invalid_request", "Missing subject_token");
        Map<String, String> wrongType = new LinkedHashMap<>(noToken);
        wrongType.put("subject_token", idp.jwt(SUBJECT, AUDIENCE, inAnHour()));
        wrongType.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
        assertRefused(post(wrongType), 400, "invalid_request", "Unsupported subject_token_type");
    }

    @Test
    void noErrorEchoesTheSubjectToken() {
        String jwt = idp.jwt(SUBJECT, "someone-else", inAnHour());
        Http.Answer a = exchange(jwt, SP);
        assertEquals(400, a.status());
        assertFalse(a.body().contains(jwt));
        assertFalse(a.body().contains(jwt.split("\\.")[2]));
    }

    @Test
    void httpIssuersNeedAllowHttpIssuersAndALoopbackHost() {
        try (DatabricksEmulator strict = DatabricksEmulator.builder().start()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> strict.federation().addPolicy(idp.issuer(), AUDIENCE, SUBJECT, SP));
            assertTrue(e.getMessage().contains("https"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> emu.federation().addPolicy("http://ci.example.com", AUDIENCE, SUBJECT, SP));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatabricksEmulator.builder()
                .federationPolicy("https://ci.example.com", "", SUBJECT, SP).start());
        emu.federation().addPolicy("https://token.actions.githubusercontent.com", AUDIENCE, SUBJECT, SP);
    }
}
