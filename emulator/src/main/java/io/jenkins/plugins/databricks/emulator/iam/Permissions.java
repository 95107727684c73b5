package io.jenkins.plugins.databricks.emulator.iam;

import io.jenkins.plugins.databricks.emulator.workspace.ObjectType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Direct permission grants per object, keyed by Databricks object id ("/clusters/ID"). Inherited grants
 * are not stored: every object shows the admins group with CAN_MANAGE inherited from its root.
 */
public final class Permissions {
    static final String ADMINS = "admins";

    /** One direct grant. {@code field} is user_name, group_name or service_principal_name. */
    public record Grant(String field, String principal, String level) {
        String key() {
            return field + ":" + principal;
        }
    }

    private final Map<String, Map<String, Grant>> grants = new ConcurrentHashMap<>();

    /** Direct grants of an object, in the order they were made; empty if never written. */
    synchronized List<Grant> direct(String objectId) {
        Map<String, Grant> g = grants.get(objectId);
        return g == null ? List.of() : new ArrayList<>(g.values());
    }

    synchronized void replace(String objectId, List<Grant> newGrants) {
        Map<String, Grant> m = new LinkedHashMap<>();
        newGrants.forEach(g -> m.put(g.key(), g));
        grants.put(objectId, m);
    }

    public synchronized void grant(String objectId, Grant grant) {
        grants.computeIfAbsent(objectId, k -> new LinkedHashMap<>()).put(grant.key(), grant);
    }

    public synchronized void forget(String objectId) {
        grants.remove(objectId);
    }

    public synchronized void reset() {
        grants.clear();
    }

    /** The answer of GET/PUT/PATCH: direct grants plus the inherited admins grant. */
    Map<String, Object> acl(ObjectType type, String objectId) {
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        for (Grant g : direct(objectId)) {
            Map<String, Object> e = entries.computeIfAbsent(g.key(), k -> entry(g.field(), g.principal()));
            permissionsOf(e).add(permission(g.level(), false, null));
        }
        Map<String, Object> admins = entries.computeIfAbsent("group_name:" + ADMINS, k -> entry("group_name", ADMINS));
        permissionsOf(admins).add(permission("CAN_MANAGE", true, type.root()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object_id", objectId);
        out.put("object_type", type.objectType());
        out.put("access_control_list", new ArrayList<>(entries.values()));
        return out;
    }

    private static Map<String, Object> entry(String field, String principal) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put(field, principal);
        if (!field.equals("group_name")) {
            e.put("display_name", principal);
        }
        e.put("all_permissions", new ArrayList<Map<String, Object>>());
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> permissionsOf(Map<String, Object> entry) {
        return (List<Map<String, Object>>) entry.get("all_permissions");
    }

    private static Map<String, Object> permission(String level, boolean inherited, String from) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("permission_level", level);
        p.put("inherited", inherited);
        if (from != null) {
            p.put("inherited_from_object", List.of(from));
        }
        return p;
    }
}
