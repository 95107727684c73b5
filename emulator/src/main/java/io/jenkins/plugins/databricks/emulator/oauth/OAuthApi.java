package io.jenkins.plugins.databricks.emulator.oauth;

import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.Identity;
import io.jenkins.plugins.databricks.emulator.iam.Users;
import io.jenkins.plugins.databricks.emulator.server.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workspace OAuth endpoints: client-credentials tokens for service principals (machine-to-machine)
 * and token federation (RFC 8693 token exchange, checked by {@link Federation}),
 * and the authorization-server metadata clients use to discover the token endpoint.
 */
public final class OAuthApi {
    public static final String TOKEN_PATH = "/oidc/v1/token";
    public static final String METADATA_PATH = "/oidc/.well-known/oauth-authorization-server";
    /** Host metadata current SDKs read first, to find the OIDC root (and from it the metadata above). */
    public static final String HOST_METADATA_PATH = "/.well-known/databricks-config";
    static final String ACCOUNT_ID = "7a1c3e5f-0b2d-4f68-9a1c-3e5f7b9d1f23";

    private final Users users;
    private final EmulatorClock clock;
    private final Duration lifetime;
    private final Federation federation;
    private final SecureRandom random = new SecureRandom();

    public OAuthApi(Users users, EmulatorClock clock, Duration lifetime, Federation federation) {
        this.users = users;
        this.federation = federation;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Reply hostMetadata(String baseUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oidc_endpoint", baseUrl + "/oidc");
        m.put("account_id", ACCOUNT_ID);
        m.put("workspace_id", DatabricksEmulator.WORKSPACE_ID);
        m.put("cloud", "aws");
        return Reply.json(200, m);
    }

    public Reply metadata(String baseUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", baseUrl + "/oidc");
        m.put("authorization_endpoint", baseUrl + "/oidc/v1/authorize");
        m.put("token_endpoint", baseUrl + TOKEN_PATH);
        m.put("jwks_uri", baseUrl + "/oidc/jwks.json");
        m.put("grant_types_supported", List.of("client_credentials", "authorization_code", "refresh_token",
                Federation.GRANT_TYPE));
        m.put("response_types_supported", List.of("code"));
        m.put("scopes_supported", List.of("all-apis", "offline_access"));
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        return Reply.json(200, m);
    }

    /** POST /oidc/v1/token: form-encoded; client credentials in HTTP Basic or in the form fields. */
    public Reply token(String authorization, byte[] body) {
        Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
        String grant = form.get("grant_type");
        if (grant == null || grant.isEmpty()) {
            return error(400, "invalid_request", "Missing grant_type");
        }
        if (Federation.GRANT_TYPE.equals(grant)) {
            try {
                return issue(federation.verify(form), "all-apis");
            } catch (Federation.Refusal r) {
                return error(r.status, r.error, r.getMessage());
            }
        }
        if (!"client_credentials".equals(grant)) {
            return error(400, "unsupported_grant_type", "Grant type " + grant + " is not supported");
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return error(401, "invalid_client", "Client authentication failed");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return error(401, "invalid_client", "Client authentication failed");
            }
            clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
        if (clientId == null || secret == null) {
            return error(401, "invalid_client", "Client authentication failed");
        }
        var identity = users.servicePrincipal(clientId, secret);
        if (identity.isEmpty()) {
            return error(401, "invalid_client", "Client authentication failed");
        }
        return issue(identity.get(), form.getOrDefault("scope", "all-apis"));
    }

    private Reply issue(Identity identity, String scope) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String accessToken = "eyJemulator." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        users.issue(accessToken, identity, clock.now() + lifetime.toMillis());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", lifetime.toSeconds());
        answer.put("scope", scope);
        return Reply.json(200, answer);
    }

    private static Reply error(int status, String error, String description) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("error", error);
        b.put("error_description", description);
        return Reply.json(status, b);
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // a broken escape: ignore the pair, the missing field is reported instead
            }
        }
        return out;
    }
}
