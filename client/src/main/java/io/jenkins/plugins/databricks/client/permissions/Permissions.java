package io.jenkins.plugins.databricks.client.permissions;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.core.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Object permissions ({@code /api/2.0/permissions/{type}/{id}}). Obtained from
 * {@link DatabricksClient#permissions()}. Object types and permission levels are checked against the
 * published table before any request.
 */
public final class Permissions {
    private static final String BASE = "/api/2.0/permissions/";
    private static final List<String> WORKSPACE_OBJECT_LEVELS = List.of("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE");
    private static final List<String> WAREHOUSE_LEVELS = List.of("CAN_USE", "CAN_MONITOR", "CAN_VIEW", "CAN_MANAGE",
            "IS_OWNER");
    private static final Map<String, List<String>> LEVELS = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        LEVELS.put("clusters", List.of("CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"));
        LEVELS.put("cluster-policies", List.of("CAN_USE"));
        LEVELS.put("instance-pools", List.of("CAN_ATTACH_TO", "CAN_MANAGE"));
        LEVELS.put("jobs", List.of("CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER"));
        LEVELS.put("pipelines", List.of("CAN_VIEW", "CAN_RUN", "CAN_MANAGE", "IS_OWNER"));
        LEVELS.put("notebooks", WORKSPACE_OBJECT_LEVELS);
        LEVELS.put("directories", WORKSPACE_OBJECT_LEVELS);
        LEVELS.put("files", WORKSPACE_OBJECT_LEVELS);
        LEVELS.put("repos", WORKSPACE_OBJECT_LEVELS);
        LEVELS.put("sql/warehouses", WAREHOUSE_LEVELS);
        LEVELS.put("warehouses", WAREHOUSE_LEVELS);
        LEVELS.put("serving-endpoints", List.of("CAN_VIEW", "CAN_QUERY", "CAN_MANAGE"));
        LEVELS.put("experiments", List.of("CAN_READ", "CAN_EDIT", "CAN_MANAGE"));
        LEVELS.put("registered-models", List.of("CAN_READ", "CAN_EDIT", "CAN_MANAGE_STAGING_VERSIONS",
                "CAN_MANAGE_PRODUCTION_VERSIONS", "CAN_MANAGE"));
        LEVELS.put("authorization", List.of("CAN_USE"));
        ALIASES.put("cluster", "clusters");
        ALIASES.put("cluster-policy", "cluster-policies");
        ALIASES.put("instance-pool", "instance-pools");
        ALIASES.put("job", "jobs");
        ALIASES.put("pipeline", "pipelines");
        ALIASES.put("notebook", "notebooks");
        ALIASES.put("directory", "directories");
        ALIASES.put("file", "files");
        ALIASES.put("repo", "repos");
        ALIASES.put("warehouse", "warehouses");
        ALIASES.put("serving-endpoint", "serving-endpoints");
        ALIASES.put("experiment", "experiments");
        ALIASES.put("registered-model", "registered-models");
    }

    /** The ids of the {@code authorization} type. */
    public static final List<String> AUTHORIZATION_IDS = List.of("tokens", "passwords");

    private final DatabricksClient client;

    public Permissions(DatabricksClient client) {
        this.client = client;
    }

    /** @return the object types (URL segments) this client accepts, such as {@code clusters} and {@code jobs} */
    public static List<String> objectTypes() {
        return List.copyOf(LEVELS.keySet());
    }

    /**
     * @param objectType an object type (singular forms such as {@code cluster} are accepted too)
     * @return the permission levels that type accepts
     * @throws IllegalArgumentException for an unknown type, listing the accepted ones
     */
    public static List<String> levelsFor(String objectType) {
        return LEVELS.get(type(objectType));
    }

    /**
     * Reads an object's permissions.
     *
     * @param objectType the object type, such as {@code clusters}
     * @param objectId the object id ({@code tokens} or {@code passwords} for {@code authorization})
     * @return {@code object_id}, {@code object_type} and {@code access_control_list} with inherited grants
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> get(String objectType, String objectId) throws InterruptedException {
        return Checks.map(client.send("GET", path(objectType, objectId), List.of(), null, true), "permissions");
    }

    /**
     * Adds or changes grants ({@code PATCH}); other direct grants stay. Repeating it gives the same result, so
     * it is retried like a read.
     *
     * @param objectType the object type
     * @param objectId the object id
     * @param entries the grants; not empty, one entry per principal, levels valid for the type
     * @return the object's permissions after the change
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> update(String objectType, String objectId, List<AccessControlEntry> entries)
            throws InterruptedException {
        String path = path(objectType, objectId);
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("access control list must not be empty for an update; to remove every"
                    + " direct grant use replace with an empty list");
        }
        Map<String, Object> body = body(type(objectType), entries);
        return Checks.map(client.send("PATCH", path, List.of(), body, true), "permissions");
    }

    /**
     * Replaces all direct grants ({@code PUT}); an empty list removes them. Safe to repeat.
     *
     * @param objectType the object type
     * @param objectId the object id
     * @param entries the complete set of direct grants; one entry per principal, levels valid for the type
     * @return the object's permissions after the change
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> replace(String objectType, String objectId, List<AccessControlEntry> entries)
            throws InterruptedException {
        String path = path(objectType, objectId);
        Map<String, Object> body = body(type(objectType), entries == null ? List.of() : entries);
        return Checks.map(client.send("PUT", path, List.of(), body, true), "permissions");
    }

    /**
     * The levels the workspace offers for an object.
     *
     * @param objectType the object type
     * @param objectId the object id
     * @return entries with {@code permission_level} and {@code description}
     * @throws InterruptedException when interrupted
     */
    public List<Map<String, Object>> levels(String objectType, String objectId) throws InterruptedException {
        Map<String, Object> answer = Checks.map(client.send("GET", path(objectType, objectId) + "/permissionLevels",
                List.of(), null, true), "permissionLevels");
        return Checks.listOfMaps(answer, "permission_levels");
    }

    private static String type(String objectType) {
        String t = Checks.notBlank(objectType, "objectType", "one of " + String.join(", ", LEVELS.keySet()))
                .toLowerCase(Locale.ROOT);
        t = ALIASES.getOrDefault(t, t);
        if (!LEVELS.containsKey(t)) {
            throw new IllegalArgumentException("objectType '" + objectType.strip() + "' is not accepted; expected one"
                    + " of " + String.join(", ", LEVELS.keySet()));
        }
        return t;
    }

    private static String path(String objectType, String objectId) {
        String t = type(objectType);
        String id;
        if (t.equals("authorization")) {
            id = Checks.oneOf(objectId, "objectId", AUTHORIZATION_IDS);
        } else {
            id = Checks.id(objectId, "objectId", "a cluster id such as 0123-456789-abcdefgh or a job id such as 42");
        }
        return BASE + t + "/" + id;
    }

    private static Map<String, Object> body(String type, List<AccessControlEntry> entries) {
        List<String> accepted = LEVELS.get(type);
        List<Object> acl = new ArrayList<>();
        Set<String> principals = new HashSet<>();
        int owners = 0;
        for (AccessControlEntry e : entries) {
            if (e == null) {
                throw new IllegalArgumentException("access control list must not contain null entries");
            }
            if (!accepted.contains(e.level())) {
                throw new IllegalArgumentException("permission level '" + e.level() + "' for " + e.principalKind() + " "
                        + e.principal() + " is not accepted for " + type + "; expected one of "
                        + String.join(", ", accepted));
            }
            if (!principals.add(e.principalKind() + ":" + e.principal())) {
                throw new IllegalArgumentException("access control list names " + e.principalKind() + " "
                        + e.principal() + " more than once; give each principal one level");
            }
            if (e.level().equals("IS_OWNER")) {
                owners++;
            }
            acl.add(e.toMap());
        }
        if (owners > 1) {
            throw new IllegalArgumentException("access control list has " + owners + " IS_OWNER entries; " + type
                    + " must have exactly one owner");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_control_list", acl);
        return body;
    }
}
