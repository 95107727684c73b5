package io.jenkins.plugins.databricks.emulator.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/2.0/secrets/*}: scopes, secrets and ACLs. Secret values are accepted, never returned. */
public final class SecretsApi {
    private static final String P = "/api/2.0/secrets";

    private final Secrets secrets;

    public SecretsApi(Secrets secrets) {
        this.secrets = secrets;
    }

    public void register(Router r) {
        r.add("POST", P + "/scopes/create", this::createScope);
        r.add("GET", P + "/scopes/list", req -> listOrEmpty("scopes", secrets.listScopes()));
        r.add("POST", P + "/scopes/delete", req -> {
            secrets.deleteScope(req.nonEmpty("scope"));
            return Map.of();
        });
        r.add("POST", P + "/put", this::put);
        r.add("GET", P + "/list", req -> listOrEmpty("secrets", secrets.listSecrets(req.nonEmpty("scope"))));
        r.add("POST", P + "/delete", req -> {
            secrets.deleteSecret(req.nonEmpty("scope"), req.nonEmpty("key"));
            return Map.of();
        });
        r.add("POST", P + "/acls/put", req -> {
            String permission = req.nonEmpty("permission");
            if (!Secrets.ACL_PERMISSIONS.contains(permission)) {
                throw ApiException.invalidParameter("Invalid permission " + permission
                        + ". Valid values: " + String.join(", ", Secrets.ACL_PERMISSIONS));
            }
            secrets.putAcl(req.nonEmpty("scope"), req.nonEmpty("principal"), permission);
            return Map.of();
        });
        r.add("GET", P + "/acls/get", req -> secrets.getAcl(req.nonEmpty("scope"), req.nonEmpty("principal")));
        r.add("GET", P + "/acls/list", req -> listOrEmpty("items", secrets.listAcls(req.nonEmpty("scope"))));
        r.add("POST", P + "/acls/delete", req -> {
            secrets.deleteAcl(req.nonEmpty("scope"), req.nonEmpty("principal"));
            return Map.of();
        });
    }

    /** Databricks leaves an empty list out of the answer altogether: {@code {}}. */
    private static Map<String, Object> listOrEmpty(String field, List<Map<String, Object>> items) {
        return items.isEmpty() ? Map.of() : Map.of(field, items);
    }

    private Object createScope(ApiRequest req) {
        String scope = req.nonEmpty("scope");
        String backend = req.optString("scope_backend_type").orElse("DATABRICKS");
        Map<String, Object> keyvault = null;
        if (backend.equals("AZURE_KEYVAULT")) {
            JsonNode kv = req.body().get("backend_azure_keyvault");
            if (kv == null || !kv.isObject() || !kv.path("resource_id").isTextual() || !kv.path("dns_name").isTextual()
                    || kv.get("resource_id").asText().isBlank() || kv.get("dns_name").asText().isBlank()) {
                throw ApiException.invalidParameter("backend_azure_keyvault with resource_id and dns_name is required "
                        + "when scope_backend_type is AZURE_KEYVAULT");
            }
            keyvault = new LinkedHashMap<>();
            keyvault.put("resource_id", kv.get("resource_id").asText());
            keyvault.put("dns_name", kv.get("dns_name").asText());
        } else if (!backend.equals("DATABRICKS")) {
            throw ApiException.invalidParameter("Invalid scope_backend_type " + backend
                    + ". Valid values: DATABRICKS, AZURE_KEYVAULT");
        }
        String managePrincipal = req.identity().userName();
        var initial = req.optString("initial_manage_principal");
        if (initial.isPresent() && !initial.get().isEmpty()) {
            if (!initial.get().equals("users")) {
                throw ApiException.invalidParameter("initial_manage_principal must be 'users' (the only supported "
                        + "principal), got '" + initial.get() + "'");
            }
            managePrincipal = "users";
        }
        secrets.createScope(scope, backend, keyvault, managePrincipal);
        return Map.of();
    }

    private Object put(ApiRequest req) {
        String scope = req.nonEmpty("scope");
        String key = req.nonEmpty("key");
        JsonNode s = req.body().get("string_value");
        JsonNode b = req.body().get("bytes_value");
        boolean hasString = s != null && !s.isNull();
        boolean hasBytes = b != null && !b.isNull();
        if (hasString == hasBytes) {
            throw ApiException.invalidParameter("Exactly one of string_value or bytes_value must be specified.");
        }
        byte[] value;
        if (hasString) {
            if (!s.isTextual()) {
                throw ApiException.malformed("Invalid JSON given in the body of the request - expected a string for "
                        + "field 'string_value'");
            }
            value = s.asText().getBytes(StandardCharsets.UTF_8);
        } else {
            if (!b.isTextual()) {
                throw ApiException.malformed("Invalid JSON given in the body of the request - expected a string for "
                        + "field 'bytes_value'");
            }
            try {
                value = Base64.getDecoder().decode(b.asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidParameter("bytes_value must be base64-encoded");
            }
        }
        secrets.put(scope, key, value);
        return Map.of();
    }
}
