package io.jenkins.plugins.databricks.emulator.workspace;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An object type of the Permissions API: the URL segment, how Databricks names it in answers
 * ({@code object_type}, {@code object_id} prefix) and the permission levels it accepts.
 */
public record ObjectType(String urlType, String objectType, String idPrefix, List<String> levels, String ownerNoun,
                  boolean hasId) {

    private static final Map<String, ObjectType> BY_URL = new LinkedHashMap<>();

    static {
        List<String> workspaceObject = List.of("CAN_READ", "CAN_RUN", "CAN_EDIT", "CAN_MANAGE");
        register(new ObjectType("clusters", "cluster", "/clusters/",
                List.of("CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"), null, true));
        register(new ObjectType("cluster-policies", "cluster-policy", "/cluster-policies/", List.of("CAN_USE"), null, true));
        register(new ObjectType("instance-pools", "instance-pool", "/instance-pools/",
                List.of("CAN_ATTACH_TO", "CAN_MANAGE"), null, true));
        register(new ObjectType("jobs", "job", "/jobs/",
                List.of("CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER"), "job", true));
        register(new ObjectType("pipelines", "pipelines", "/pipelines/",
                List.of("CAN_VIEW", "CAN_RUN", "CAN_MANAGE", "IS_OWNER"), "pipeline", true));
        register(new ObjectType("notebooks", "notebook", "/notebooks/", workspaceObject, null, true));
        register(new ObjectType("directories", "directory", "/directories/", workspaceObject, null, true));
        register(new ObjectType("files", "file", "/files/", workspaceObject, null, true));
        register(new ObjectType("repos", "repo", "/repos/", workspaceObject, null, true));
        List<String> warehouse = List.of("CAN_USE", "CAN_MONITOR", "CAN_VIEW", "CAN_MANAGE", "IS_OWNER");
        register(new ObjectType("sql/warehouses", "warehouses", "/sql/warehouses/", warehouse, null, true));
        register(new ObjectType("warehouses", "warehouses", "/sql/warehouses/", warehouse, null, true));
        register(new ObjectType("serving-endpoints", "serving-endpoint", "/serving-endpoints/",
                List.of("CAN_VIEW", "CAN_QUERY", "CAN_MANAGE"), null, true));
        register(new ObjectType("experiments", "mlflowExperiment", "/experiments/",
                List.of("CAN_READ", "CAN_EDIT", "CAN_MANAGE"), null, true));
        register(new ObjectType("registered-models", "registered-model", "/registered-models/",
                List.of("CAN_READ", "CAN_EDIT", "CAN_MANAGE_STAGING_VERSIONS", "CAN_MANAGE_PRODUCTION_VERSIONS",
                        "CAN_MANAGE"), null, true));
        register(new ObjectType("authorization/tokens", "tokens", "/authorization/tokens", List.of("CAN_USE"), null,
                false));
        register(new ObjectType("authorization/passwords", "passwords", "/authorization/passwords",
                List.of("CAN_USE"), null, false));
    }

    private static void register(ObjectType t) {
        BY_URL.put(t.urlType, t);
    }

    public static Optional<ObjectType> byUrlType(String urlType) {
        return Optional.ofNullable(BY_URL.get(urlType));
    }

    /** URL types, longest first, so "sql/warehouses" is matched before a single segment. */
    public static List<String> urlTypesLongestFirst() {
        return BY_URL.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public static List<String> urlTypes() {
        return List.copyOf(BY_URL.keySet());
    }

    public String objectId(String id) {
        return hasId ? idPrefix + id : idPrefix;
    }

    /** The object the admins group inherits its grant from, e.g. "/clusters/". */
    public String root() {
        return hasId ? idPrefix : "/authorization/";
    }

    public boolean requiresOwner() {
        return ownerNoun != null;
    }

    public String describe(String level) {
        String words = level.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1) + " " + objectType;
    }
}
