package io.jenkins.plugins.databricks.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every error body shape Databricks, its SCIM and OAuth endpoints and the proxies in front of it send. */
class ErrorBodiesTest {
    private static ErrorBodies.ErrorInfo parse(int status, String contentType, String body) {
        return ErrorBodies.parse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void databricksShape() {
        ErrorBodies.ErrorInfo e = parse(404, "application/json",
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Scope x does not exist!\",\"details\":[]}");
        assertEquals("RESOURCE_DOES_NOT_EXIST", e.errorCode());
        assertEquals("Scope x does not exist!", e.message());
    }

    @Test
    void integerErrorCode() {
        ErrorBodies.ErrorInfo e = parse(403, "application/json", "{\"error_code\":403,\"message\":\"Invalid access token.\"}");
        assertEquals("403", e.errorCode());
        assertEquals("Invalid access token.", e.message());
    }

    @Test
    void theInvalidTokenFormOf403IsARefusedCredentialAndPermissionDeniedIsNot() {
        assertTrue(ErrorBodies.isRejectedCredential(403,
                parse(403, "application/json", "{\"error_code\":403,\"message\":\"Invalid access token.\"}")));
        assertTrue(ErrorBodies.isRejectedCredential(403,
                parse(403, "application/json", "{\"error_code\":\"403\",\"message\":\"Invalid access token.\"}")));
        assertTrue(ErrorBodies.isRejectedCredential(401, parse(401, "text/plain", "")));
        assertFalse(ErrorBodies.isRejectedCredential(403, parse(403, "application/json",
                "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"User does not have CAN_MANAGE on the token\"}")));
        assertFalse(ErrorBodies.isRejectedCredential(403, parse(403, "text/html", "<html>Forbidden</html>")));
        assertTrue(new DatabricksException("GET", "/x", 403, "403", "Invalid access token.", 1, null).isInvalidToken());
        assertFalse(new DatabricksException("GET", "/x", 403, "PERMISSION_DENIED", "no", 1, null).isInvalidToken());
    }

    @Test
    void legacyErrorField() {
        ErrorBodies.ErrorInfo e = parse(400, "application/json",
                "{\"error_code\":\"INVALID_STATE\",\"error\":\"Cluster is in unexpected state Running.\"}");
        assertEquals("INVALID_STATE", e.errorCode());
        assertEquals("Cluster is in unexpected state Running.", e.message());
        ErrorBodies.ErrorInfo bare = parse(500, "application/json", "{\"error\":\"Something broke\"}");
        assertNull(bare.errorCode());
        assertEquals("Something broke", bare.message());
    }

    @Test
    void oauthError() {
        ErrorBodies.ErrorInfo e = parse(401, "application/json",
                "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        assertEquals("invalid_client", e.errorCode());
        assertEquals("Client authentication failed", e.message());
    }

    @Test
    void scimDetail() {
        ErrorBodies.ErrorInfo e = parse(404, "application/scim+json",
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"detail\":\"User not found\",\"status\":\"404\"}");
        assertNull(e.errorCode());
        assertEquals("User not found", e.message());
    }

    @Test
    void htmlPageYieldsItsTitle() {
        ErrorBodies.ErrorInfo e = parse(502, "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>");
        assertNull(e.errorCode());
        assertEquals("502 Bad Gateway (HTML page)", e.message());
        ErrorBodies.ErrorInfo noTitle = parse(503, "text/html; charset=utf-8",
                "<html><body><script>var x = 1;</script><p>Service   down &amp; out</p></body></html>");
        assertEquals("Service down & out (HTML page)", noTitle.message());
    }

    @Test
    void plainText() {
        ErrorBodies.ErrorInfo e = parse(504, "text/plain", "upstream request timeout\n");
        assertEquals("upstream request timeout", e.message());
    }

    @Test
    void emptyBodyUsesTheReasonPhrase() {
        assertEquals("Service Unavailable", parse(503, null, "").message());
        assertEquals("Too Many Requests", ErrorBodies.parse(429, "", null).message());
        assertEquals("HTTP status 418", parse(418, null, "  ").message());
    }

    @Test
    void jsonWithoutKnownFieldsIsShownAsText() {
        assertEquals("{\"foo\":1}", parse(500, "application/json", "{\"foo\":1}").message());
    }

    @Test
    void hugeBodiesAreTruncated() {
        String big = "x".repeat(5000);
        String m = parse(500, "text/plain", big).message();
        assertTrue(m.length() < 1100 && m.endsWith("(truncated)"), m.length() + "");
    }
}
