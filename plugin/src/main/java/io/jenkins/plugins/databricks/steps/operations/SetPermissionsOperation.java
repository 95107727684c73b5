package io.jenkins.plugins.databricks.steps.operations;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.permissions.AccessControlEntry;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Grants permission levels on a workspace object: adds to the existing grants (PATCH), or with
 * {@code replace} makes the list the object's only direct grants (PUT).
 */
public final class SetPermissionsOperation implements DatabricksOperation {

    private final String objectType;
    private final String objectId;
    private final List<AccessControlEntryConfig> grants;
    private final List<AccessControlEntry> entries = new ArrayList<>();
    private final boolean replace;

    public SetPermissionsOperation(String objectType, String objectId, List<AccessControlEntryConfig> grants,
                                   boolean replace) throws AbortException {
        this.objectType = Arguments.required("objectType", objectType,
                "the kind of object, such as clusters, jobs, pipelines, notebooks or directories");
        this.objectId = Arguments.required("objectId", objectId, "the id of the object, such as a cluster id");
        this.grants = grants == null ? List.of() : new ArrayList<>(grants);
        this.replace = replace;
        if (this.grants.isEmpty() && !replace) {
            throw new AbortException("accessControlList is required: at least one grant such as"
                    + " [user: 'someone@example.com', level: 'CAN_MANAGE'] (an empty list only makes sense with"
                    + " replace: true, which removes every direct grant)");
        }
        for (int i = 0; i < this.grants.size(); i++) {
            entries.add(toEntry("accessControlList[" + i + "]", this.grants.get(i)));
        }
    }

    private static AccessControlEntry toEntry(String where, AccessControlEntryConfig grant) throws AbortException {
        if (grant == null || grant.getPrincipalType() == null) {
            throw new AbortException(where + ": give one of user, group or servicePrincipal");
        }
        if (grant.isAmbiguous()) {
            throw new AbortException(where + ": give only one of user, group or servicePrincipal");
        }
        String level = Arguments.required(where + ".level", grant.getLevel(),
                "a permission level such as CAN_MANAGE");
        try {
            return AccessControlEntry.of(grant.getPrincipalType(), grant.getPrincipal(), level);
        } catch (IllegalArgumentException e) {
            throw new AbortException(where + ": " + e.getMessage());
        }
    }

    @Override
    public Object perform(DatabricksClient client, TaskListener listener) throws InterruptedException {
        Object result = replace
                ? client.permissions().replace(objectType, objectId, entries)
                : client.permissions().update(objectType, objectId, entries);
        String summary = grants.isEmpty() ? "no direct grants"
                : grants.stream().map(AccessControlEntryConfig::toString).collect(Collectors.joining(", "));
        listener.getLogger().println("Databricks permissions of " + objectType + "/" + objectId
                + (replace ? " replaced with " : " updated with ") + summary);
        return result;
    }
}
