package io.jenkins.plugins.databricks.emulator.clusters;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import java.util.Locale;

/** Cluster lifecycle states as Databricks names them. */
enum ClusterState {
    PENDING, RUNNING, RESTARTING, RESIZING, TERMINATING, TERMINATED, ERROR, UNKNOWN;

    /** "Running", as the INVALID_STATE message spells it. */
    String titleCase() {
        String lower = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    static ClusterState parse(String value, String field) {
        try {
            return valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.invalidParameter("Invalid " + field + " '" + value + "'. Valid values: "
                    + java.util.Arrays.toString(values()));
        }
    }
}
