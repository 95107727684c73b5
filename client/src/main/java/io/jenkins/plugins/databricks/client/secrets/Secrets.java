package io.jenkins.plugins.databricks.client.secrets;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Json;
import io.jenkins.plugins.databricks.client.core.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secret scopes, secrets and secret ACLs ({@code /api/2.0/secrets/*}). Obtained from
 * {@link DatabricksClient#secrets()}. Secret values are never logged, returned or put in a message.
 */
public final class Secrets {
    /** Permissions a secret ACL accepts. */
    public static final List<String> ACL_PERMISSIONS = List.of("MANAGE", "WRITE", "READ");
    /** The largest secret value Databricks stores, in bytes. */
    public static final int MAX_VALUE_BYTES = 128 * 1024;

    private static final String BASE = "/api/2.0/secrets/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");
    private static final String NAME_RULE = "1 to 128 letters, digits, '-', '_', '.' or '@'";

    private final DatabricksClient client;

    public Secrets(DatabricksClient client) {
        this.client = client;
    }

    /**
     * Creates a Databricks-backed secret scope.
     *
     * @param scope the scope name (1 to 128 letters, digits, '-', '_', '.' or '@')
     * @param initialManagePrincipal null (the creator gets MANAGE) or {@code users} (all workspace users do)
     * @param ignoreExisting true to succeed when the scope already exists
     * @return {@code {"scope": name, "created": true|false}}
     * @throws InterruptedException when interrupted
     * @throws DatabricksException when the scope exists and {@code ignoreExisting} is false, or on failure
     */
    public Map<String, Object> createScope(String scope, String initialManagePrincipal, boolean ignoreExisting)
            throws InterruptedException {
        String s = name(scope, "scope");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", s);
        if (initialManagePrincipal != null && !initialManagePrincipal.isBlank()) {
            if (!initialManagePrincipal.strip().equals("users")) {
                throw new IllegalArgumentException("initialManagePrincipal must be 'users' or empty (Databricks accepts"
                        + " no other value), got '" + initialManagePrincipal.strip() + "'");
            }
            body.put("initial_manage_principal", "users");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scope", s);
        try {
            // with ignoreExisting a repeat cannot fail or create twice, so it may be retried like a read
            client.send("POST", BASE + "scopes/create", List.of(), body, ignoreExisting);
            result.put("created", true);
        } catch (DatabricksException e) {
            if (!ignoreExisting || !isAlreadyExists(e)) {
                throw e;
            }
            result.put("created", false);
        }
        return result;
    }

    private static boolean isAlreadyExists(DatabricksException e) {
        return "RESOURCE_ALREADY_EXISTS".equals(e.errorCode()) || "ALREADY_EXISTS".equals(e.errorCode())
                || e.statusCode() == 409;
    }

    /**
     * @return the scopes, each with {@code name} and {@code backend_type}
     * @throws InterruptedException when interrupted
     */
    public List<Map<String, Object>> listScopes() throws InterruptedException {
        return Checks.listOfMaps(Checks.map(client.send("GET", BASE + "scopes/list", List.of(), null, true),
                "scopes/list"), "scopes");
    }

    /**
     * Deletes a scope with its secrets and ACLs.
     *
     * @param scope the scope name
     * @throws InterruptedException when interrupted
     */
    public void deleteScope(String scope) throws InterruptedException {
        client.send("POST", BASE + "scopes/delete", List.of(), Map.of("scope", name(scope, "scope")), false);
    }

    /**
     * Stores a text secret, replacing any value under the key. Safe to repeat.
     *
     * @param scope the scope name
     * @param key the key (1 to 128 letters, digits, '-', '_', '.' or '@')
     * @param value the value, at most 128 KB in UTF-8
     * @throws InterruptedException when interrupted
     */
    public void putSecret(String scope, String key, String value) throws InterruptedException {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null; pass a string or bytes");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value is larger than " + MAX_VALUE_BYTES + " bytes, the largest secret"
                    + " Databricks stores");
        }
        put(scope, key, "string_value", value);
    }

    /**
     * Stores a binary secret (sent base64-encoded), replacing any value under the key. Safe to repeat.
     *
     * @param scope the scope name
     * @param key the key
     * @param value the bytes, at most 128 KB
     * @throws InterruptedException when interrupted
     */
    public void putSecret(String scope, String key, byte[] value) throws InterruptedException {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null; pass a string or bytes");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value is larger than " + MAX_VALUE_BYTES + " bytes, the largest secret"
                    + " Databricks stores");
        }
        put(scope, key, "bytes_value", Base64.getEncoder().encodeToString(value));
    }

    private void put(String scope, String key, String field, String value) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", name(scope, "scope"));
        body.put("key", name(key, "key"));
        body.put(field, value);
        client.send(new Transport.Request("POST", BASE + "put", List.of(), Json.write(body), "application/json", true,
                value.isEmpty() ? List.of() : List.of(value)));
    }

    /**
     * @param scope the scope name
     * @return the keys, each with {@code key} and {@code last_updated_timestamp} (never a value)
     * @throws InterruptedException when interrupted
     */
    public List<Map<String, Object>> listSecrets(String scope) throws InterruptedException {
        return Checks.listOfMaps(Checks.map(client.send("GET", BASE + "list",
                List.of(Map.entry("scope", name(scope, "scope"))), null, true), "secrets/list"), "secrets");
    }

    /**
     * @param scope the scope name
     * @param key the key to delete
     * @throws InterruptedException when interrupted
     */
    public void deleteSecret(String scope, String key) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", name(scope, "scope"));
        body.put("key", name(key, "key"));
        client.send("POST", BASE + "delete", List.of(), body, false);
    }

    /**
     * Grants a principal a permission on a scope, replacing its previous one. Safe to repeat.
     *
     * @param scope the scope name
     * @param principal a user name, group name or service principal application id
     * @param permission MANAGE, WRITE or READ
     * @throws InterruptedException when interrupted
     */
    public void putAcl(String scope, String principal, String permission) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", name(scope, "scope"));
        body.put("principal", principal(principal));
        body.put("permission", Checks.oneOf(permission, "permission", ACL_PERMISSIONS));
        client.send("POST", BASE + "acls/put", List.of(), body, true);
    }

    /**
     * @param scope the scope name
     * @param principal the principal
     * @return {@code principal} and {@code permission}
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> getAcl(String scope, String principal) throws InterruptedException {
        return Checks.map(client.send("GET", BASE + "acls/get", List.of(Map.entry("scope", name(scope, "scope")),
                Map.entry("principal", principal(principal))), null, true), "acls/get");
    }

    /**
     * @param scope the scope name
     * @return the ACL entries, each with {@code principal} and {@code permission}
     * @throws InterruptedException when interrupted
     */
    public List<Map<String, Object>> listAcls(String scope) throws InterruptedException {
        return Checks.listOfMaps(Checks.map(client.send("GET", BASE + "acls/list",
                List.of(Map.entry("scope", name(scope, "scope"))), null, true), "acls/list"), "items");
    }

    /**
     * @param scope the scope name
     * @param principal the principal whose permission to remove
     * @throws InterruptedException when interrupted
     */
    public void deleteAcl(String scope, String principal) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scope", name(scope, "scope"));
        body.put("principal", principal(principal));
        client.send("POST", BASE + "acls/delete", List.of(), body, false);
    }

    private static String name(String value, String field) {
        String v = Checks.notBlank(value, field, NAME_RULE);
        if (!NAME.matcher(v).matches()) {
            throw new IllegalArgumentException(field + " '" + v + "' is not accepted; expected " + NAME_RULE);
        }
        return v;
    }

    private static String principal(String principal) {
        String p = Checks.notBlank(principal, "principal", "a user name, group name or service principal"
                + " application id");
        if (p.length() > 256 || p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("principal must be at most 256 characters without control characters");
        }
        return p;
    }
}
