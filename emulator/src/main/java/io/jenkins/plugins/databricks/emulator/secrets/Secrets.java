package io.jenkins.plugins.databricks.emulator.secrets;

import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secret scopes, their secrets and ACLs. Scope names are case-insensitive (kept as first written); values
 * are stored as bytes and never leave the emulator over HTTP. Thread-safe (guarded by this).
 */
public final class Secrets {
    public static final int MAX_SCOPES = 1000;
    public static final int MAX_SECRETS_PER_SCOPE = 1000;
    static final int MAX_VALUE_BYTES = 128 * 1024;
    static final int MAX_NAME_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]+");
    static final List<String> ACL_PERMISSIONS = List.of("READ", "WRITE", "MANAGE");

    private final EmulatorClock clock;
    private final Map<String, Scope> scopes = new LinkedHashMap<>();

    static final class Scope {
        final String name;
        final String backendType;
        final Map<String, Object> keyvault;
        final Map<String, Secret> secrets = new LinkedHashMap<>();
        final Map<String, String> acls = new LinkedHashMap<>();

        Scope(String name, String backendType, Map<String, Object> keyvault) {
            this.name = name;
            this.backendType = backendType;
            this.keyvault = keyvault;
        }
    }

    record Secret(byte[] value, long lastUpdated) {}

    public Secrets(EmulatorClock clock) {
        this.clock = clock;
    }

    /** A stored secret's value (for test assertions only; the REST API never returns values). */
    public synchronized Optional<byte[]> value(String scope, String key) {
        Scope s = scopes.get(lower(scope));
        if (s == null) {
            return Optional.empty();
        }
        Secret secret = s.secrets.get(key);
        return secret == null ? Optional.empty() : Optional.of(secret.value().clone());
    }

    /** Names of all scopes, in creation order. */
    public synchronized List<String> scopeNames() {
        List<String> out = new ArrayList<>();
        scopes.values().forEach(s -> out.add(s.name));
        return out;
    }

    /** The ACL permission of a principal on a scope (READ, WRITE, MANAGE), if any. */
    public synchronized Optional<String> acl(String scope, String principal) {
        Scope s = scopes.get(lower(scope));
        return s == null ? Optional.empty() : Optional.ofNullable(s.acls.get(principal));
    }

    // ---- REST operations ----

    public synchronized void createScope(String name, String backendType, Map<String, Object> keyvault, String managePrincipal) {
        checkName(name, "scope");
        if (scopes.containsKey(lower(name))) {
            throw ApiException.alreadyExists("Scope " + name + " already exists!");
        }
        if (scopes.size() >= MAX_SCOPES) {
            throw new ApiException(400, "MAX_SECRET_SCOPE_LIMIT_EXCEEDED",
                    "Cannot create more than " + MAX_SCOPES + " secret scopes in a workspace.");
        }
        Scope s = new Scope(name, backendType, keyvault);
        s.acls.put(managePrincipal, "MANAGE");
        scopes.put(lower(name), s);
    }

    synchronized void deleteScope(String name) {
        scope(name);
        scopes.remove(lower(name));
    }

    synchronized List<Map<String, Object>> listScopes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Scope s : scopes.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name);
            m.put("backend_type", s.backendType);
            if (s.keyvault != null) {
                m.put("keyvault_metadata", s.keyvault);
            }
            out.add(m);
        }
        return out;
    }

    public synchronized void put(String scopeName, String key, byte[] value) {
        Scope s = scope(scopeName);
        checkName(key, "key");
        if (s.keyvault != null) {
            throw ApiException.invalidParameter("Scope " + s.name + " is backed by Azure Key Vault and is read-only "
                    + "in Databricks. Put the secret into the key vault instead.");
        }
        if (value.length > MAX_VALUE_BYTES) {
            throw ApiException.invalidParameter("Secret value is " + value.length + " bytes; the limit is "
                    + MAX_VALUE_BYTES + " bytes (128 KB).");
        }
        if (!s.secrets.containsKey(key) && s.secrets.size() >= MAX_SECRETS_PER_SCOPE) {
            throw new ApiException(400, "MAX_SECRET_LIMIT_EXCEEDED",
                    "Cannot store more than " + MAX_SECRETS_PER_SCOPE + " secrets in scope " + s.name + ".");
        }
        s.secrets.put(key, new Secret(value.clone(), clock.now()));
    }

    synchronized List<Map<String, Object>> listSecrets(String scopeName) {
        List<Map<String, Object>> out = new ArrayList<>();
        scope(scopeName).secrets.forEach((k, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", k);
            m.put("last_updated_timestamp", v.lastUpdated());
            out.add(m);
        });
        return out;
    }

    synchronized void deleteSecret(String scopeName, String key) {
        Scope s = scope(scopeName);
        if (s.secrets.remove(key) == null) {
            throw ApiException.doesNotExist("Secret does not exist with scope: " + s.name + " and key: " + key);
        }
    }

    synchronized void putAcl(String scopeName, String principal, String permission) {
        Scope s = scope(scopeName);
        s.acls.put(principal, permission);
    }

    synchronized Map<String, Object> getAcl(String scopeName, String principal) {
        Scope s = scope(scopeName);
        String p = s.acls.get(principal);
        if (p == null) {
            throw ApiException.doesNotExist("ACL for principal " + principal + " does not exist in scope " + s.name
                    + "!");
        }
        return aclItem(principal, p);
    }

    synchronized List<Map<String, Object>> listAcls(String scopeName) {
        List<Map<String, Object>> out = new ArrayList<>();
        scope(scopeName).acls.forEach((k, v) -> out.add(aclItem(k, v)));
        return out;
    }

    synchronized void deleteAcl(String scopeName, String principal) {
        Scope s = scope(scopeName);
        if (s.acls.remove(principal) == null) {
            throw ApiException.doesNotExist("ACL for principal " + principal + " does not exist in scope " + s.name
                    + "!");
        }
    }

    public synchronized void reset() {
        scopes.clear();
    }

    private static Map<String, Object> aclItem(String principal, String permission) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("principal", principal);
        m.put("permission", permission);
        return m;
    }

    private Scope scope(String name) {
        Scope s = scopes.get(lower(name));
        if (s == null) {
            throw ApiException.doesNotExist("Scope " + name + " does not exist!");
        }
        return s;
    }

    static void checkName(String name, String what) {
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            String label = what.substring(0, 1).toUpperCase(Locale.ROOT) + what.substring(1);
            throw ApiException.invalidParameter(label + " name '" + abbreviate(name) + "' is invalid: it must consist of "
                    + "alphanumeric characters, dashes, underscores, periods and at signs, and may not exceed "
                    + MAX_NAME_LENGTH + " characters.");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 140 ? s : s.substring(0, 137) + "...";
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
