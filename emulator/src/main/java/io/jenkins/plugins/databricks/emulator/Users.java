package io.jenkins.plugins.databricks.emulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workspace's identities and their credentials: personal access tokens (each belonging to a user),
 * service principals (client id + secret) and the OAuth access tokens issued to them.
 */
public final class Users {
    static final String DEFAULT_USER = "user@example.com";

    private final String defaultUserName;
    private final Map<String, Identity> personalTokens = new ConcurrentHashMap<>();
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, Identity> servicePrincipals = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1234567890123456L);

    private record IssuedToken(Identity identity, long expiresAtMillis) {}

    Users(String defaultUserName) {
        this.defaultUserName = defaultUserName;
    }

    /** The userName of the identity behind personal access tokens ("user@example.com" unless configured). */
    public String currentUserName() {
        return defaultUserName;
    }

    void addToken(String token, String userName) {
        String name = userName == null ? defaultUserName : userName;
        Identity existing = personalTokens.values().stream().filter(i -> i.userName().equals(name)).findFirst()
                .orElseGet(() -> new Identity(Long.toString(nextId.getAndIncrement()), name, displayName(name), false));
        personalTokens.put(token, existing);
    }

    void addServicePrincipal(String clientId, String secret) {
        clientSecrets.put(clientId, secret);
        servicePrincipals.computeIfAbsent(clientId,
                id -> new Identity(Long.toString(nextId.getAndIncrement()), id, "Service principal " + id, true));
    }

    /** The identity of a valid PAT or unexpired OAuth access token at {@code now}. */
    Optional<Identity> byBearer(String token, long now) {
        Identity pat = personalTokens.get(token);
        if (pat != null) {
            return Optional.of(pat);
        }
        IssuedToken issued = accessTokens.get(token);
        if (issued != null && now < issued.expiresAtMillis) {
            return Optional.of(issued.identity);
        }
        if (issued != null) {
            accessTokens.remove(token, issued);
        }
        return Optional.empty();
    }

    /** The service principal whose credentials match; compared in constant time. */
    Optional<Identity> servicePrincipal(String clientId, String secret) {
        String expected = clientSecrets.get(clientId);
        if (expected == null || secret == null || !constantTimeEquals(expected, secret)) {
            return Optional.empty();
        }
        return Optional.of(servicePrincipals.get(clientId));
    }

    void issue(String accessToken, Identity identity, long expiresAtMillis) {
        accessTokens.put(accessToken, new IssuedToken(identity, expiresAtMillis));
    }

    /** Forget issued OAuth tokens (on reset); PATs and service principals are configuration and stay. */
    void reset() {
        accessTokens.clear();
    }

    boolean hasCredentials() {
        return !personalTokens.isEmpty() || !clientSecrets.isEmpty();
    }

    static Map<String, Object> scimMe(Identity who) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("id", who.id());
        me.put("userName", who.userName());
        me.put("displayName", who.displayName());
        me.put("active", true);
        if (who.servicePrincipal()) {
            me.put("schemas", java.util.List.of("urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal"));
            me.put("applicationId", who.userName());
        } else {
            me.put("schemas", java.util.List.of("urn:ietf:params:scim:schemas:core:2.0:User"));
            me.put("emails", java.util.List.of(Map.of("type", "work", "value", who.userName(), "primary", true)));
        }
        me.put("groups", java.util.List.of(Map.of("display", "admins", "type", "direct", "value", "1000000000000001")));
        return me;
    }

    private static String displayName(String userName) {
        int at = userName.indexOf('@');
        String local = at > 0 ? userName.substring(0, at) : userName;
        return local.isEmpty() ? userName : Character.toUpperCase(local.charAt(0)) + local.substring(1);
    }

    private static boolean constantTimeEquals(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] x = sha.digest(a.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] y = sha.digest(b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return MessageDigest.isEqual(x, y);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
