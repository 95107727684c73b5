package io.jenkins.plugins.databricks.emulator.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Router;
import io.jenkins.plugins.databricks.emulator.workspace.ObjectType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code /api/2.0/permissions/{type}/{id}[/permissionLevels]}. Clusters and jobs are objects the emulator
 * tracks, so unknown ids answer 404; every other type is accepted for any id (its grants are kept from the
 * first PUT/PATCH on) because the emulator has no notebooks, pipelines, ... to check against.
 */
public final class PermissionsApi {
    static final String PREFIX = "/api/2.0/permissions/";
    private static final List<String> PRINCIPAL_FIELDS = List.of("user_name", "group_name", "service_principal_name");

    private final Permissions permissions;
    private final Map<String, Predicate<String>> tracked;
    private final Map<String, String> trackedNouns = Map.of("clusters", "Cluster", "jobs", "Job");
    private static final Map<String, String> PRINCIPAL_KINDS = Map.of("user_name", "UserName",
            "group_name", "GroupName", "service_principal_name", "ServicePrincipalName");
    private Users directory;

    public PermissionsApi(Permissions permissions, Predicate<String> clusterExists, Predicate<String> jobExists) {
        this.permissions = permissions;
        this.tracked = Map.of("clusters", clusterExists, "jobs", jobExists);
    }

    /** Grants must name principals these users know; null accepts any name. */
    public PermissionsApi principals(Users directory) {
        this.directory = directory;
        return this;
    }

    public void register(Router router) {
        router.addPrefix("GET", PREFIX, this::get);
        router.addPrefix("PUT", PREFIX, this::put);
        router.addPrefix("PATCH", PREFIX, this::patch);
    }

    private record Target(ObjectType type, String id, boolean levels) {
        String objectId() {
            return type.objectId(id);
        }
    }

    private Target parse(ApiRequest req) {
        String rest = req.path().substring(PREFIX.length());
        for (String urlType : ObjectType.urlTypesLongestFirst()) {
            if (!rest.equals(urlType) && !rest.startsWith(urlType + "/")) {
                continue;
            }
            ObjectType type = ObjectType.byUrlType(urlType).orElseThrow();
            String tail = rest.substring(urlType.length());
            tail = tail.startsWith("/") ? tail.substring(1) : tail;
            boolean levels = false;
            if (tail.equals("permissionLevels") && !type.hasId()) {
                levels = true;
                tail = "";
            } else if (tail.endsWith("/permissionLevels")) {
                levels = true;
                tail = tail.substring(0, tail.length() - "/permissionLevels".length());
            }
            if (type.hasId() ? (tail.isEmpty() || tail.contains("/")) : !tail.isEmpty()) {
                break;
            }
            if (levels && !req.method().equals("GET")) {
                break;
            }
            Target t = new Target(type, tail, levels);
            Predicate<String> exists = tracked.get(type.urlType());
            if (exists != null && !exists.test(tail)) {
                throw ApiException.doesNotExist(trackedNouns.get(type.urlType()) + " " + tail + " does not exist.");
            }
            return t;
        }
        throw ApiException.endpointNotFound(req.method(), req.path().replaceFirst("^/api/2\\.0", ""));
    }

    private Object get(ApiRequest req) {
        Target t = parse(req);
        if (t.levels) {
            List<Map<String, Object>> levels = new ArrayList<>();
            for (String level : t.type.levels()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("permission_level", level);
                m.put("description", t.type.describe(level));
                levels.add(m);
            }
            return Map.of("permission_levels", levels);
        }
        return permissions.acl(t.type, t.objectId());
    }

    private Object put(ApiRequest req) {
        Target t = parse(req);
        List<Permissions.Grant> grants = grants(req, t.type);
        synchronized (permissions) {
            checkOwner(t.type, grants);
            permissions.replace(t.objectId(), grants);
        }
        return permissions.acl(t.type, t.objectId());
    }

    private Object patch(ApiRequest req) {
        Target t = parse(req);
        List<Permissions.Grant> changes = grants(req, t.type);
        synchronized (permissions) {
            Map<String, Permissions.Grant> merged = new LinkedHashMap<>();
            permissions.direct(t.objectId()).forEach(g -> merged.put(g.key(), g));
            changes.forEach(g -> merged.put(g.key(), g));
            List<Permissions.Grant> result = new ArrayList<>(merged.values());
            if (t.type.requiresOwner() && changes.stream().anyMatch(g -> g.level().equals("IS_OWNER"))) {
                checkOwner(t.type, result);
            }
            permissions.replace(t.objectId(), result);
        }
        return permissions.acl(t.type, t.objectId());
    }

    private static void checkOwner(ObjectType type, List<Permissions.Grant> grants) {
        if (!type.requiresOwner()) {
            return;
        }
        long owners = grants.stream().filter(g -> g.level().equals("IS_OWNER")).count();
        if (owners != 1) {
            throw ApiException.invalidParameter("The " + type.ownerNoun() + " must have exactly one owner.");
        }
    }

    private List<Permissions.Grant> grants(ApiRequest req, ObjectType type) {
        JsonNode list = req.body().get("access_control_list");
        List<Permissions.Grant> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw ApiException.malformed("Invalid JSON given in the body of the request - expected an array for field "
                    + "'access_control_list'");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String where = "access_control_list[" + i + "]";
            if (!e.isObject()) {
                throw ApiException.malformed("Invalid JSON given in the body of the request - expected an object for "
                        + where);
            }
            String field = null;
            String principal = null;
            for (String f : PRINCIPAL_FIELDS) {
                JsonNode v = e.get(f);
                if (v == null || v.isNull()) {
                    continue;
                }
                if (field != null) {
                    throw ApiException.invalidParameter("Exactly one of user_name, group_name or service_principal_name "
                            + "must be set in " + where);
                }
                if (!v.isTextual() || v.asText().isBlank()) {
                    throw ApiException.invalidParameter(where + "." + f + " must be a non-empty string");
                }
                field = f;
                principal = v.asText();
            }
            if (field == null) {
                throw ApiException.invalidParameter("Exactly one of user_name, group_name or service_principal_name "
                        + "must be set in " + where);
            }
            JsonNode levelNode = e.get("permission_level");
            if (levelNode == null || levelNode.isNull()) {
                throw ApiException.missingField(where + ".permission_level");
            }
            String level = levelNode.asText();
            if (!levelNode.isTextual() || !type.levels().contains(level)) {
                throw ApiException.invalidParameter("Permission level " + level + " is not supported for "
                        + type.objectType() + " objects. Supported levels: " + String.join(", ", type.levels()));
            }
            if (level.equals("IS_OWNER") && field.equals("group_name")) {
                throw ApiException.invalidParameter("Group " + principal + " cannot be the owner of a "
                        + type.objectType() + ": IS_OWNER can only be granted to a user or a service principal.");
            }
            if (directory != null && !directory.principalExists(field, principal)) {
                throw ApiException.invalidParameter("Principal: " + PRINCIPAL_KINDS.get(field) + "(" + principal
                        + ") does not exist");
            }
            out.add(new Permissions.Grant(field, principal, level));
        }
        return out;
    }
}
