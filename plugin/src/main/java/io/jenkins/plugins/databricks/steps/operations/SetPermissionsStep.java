package io.jenkins.plugins.databricks.steps.operations;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.util.ComboBoxModel;
import io.jenkins.plugins.databricks.client.permissions.Permissions;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code databricksSetPermissions}: grants permission levels on a cluster, job, notebook or other object and
 * returns the object's resulting access control list.
 */
public class SetPermissionsStep extends DatabricksOperationStep {

    private final String objectType;
    private final String objectId;
    private List<AccessControlEntryConfig> accessControlList = new ArrayList<>();
    private boolean replace;

    @DataBoundConstructor
    public SetPermissionsStep(String objectType, String objectId) {
        this.objectType = Util.fixEmptyAndTrim(objectType);
        this.objectId = Util.fixEmptyAndTrim(objectId);
    }

    public String getObjectType() {
        return objectType;
    }

    public String getObjectId() {
        return objectId;
    }

    public List<AccessControlEntryConfig> getAccessControlList() {
        return accessControlList;
    }

    @DataBoundSetter
    public void setAccessControlList(List<AccessControlEntryConfig> accessControlList) {
        this.accessControlList = accessControlList == null ? new ArrayList<>() : new ArrayList<>(accessControlList);
    }

    public boolean isReplace() {
        return replace;
    }

    @DataBoundSetter
    public void setReplace(boolean replace) {
        this.replace = replace;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        List<AccessControlEntryConfig> grants = new ArrayList<>();
        for (AccessControlEntryConfig grant : accessControlList) {
            grants.add(grant == null ? null : grant.expanded(in::expand)); // freestyle: ${DEPLOY_GROUP}, ...
        }
        return new SetPermissionsOperation(in.expand(objectType), in.expand(objectId), grants, replace);
    }

    /**
     * XStream runs no constructor or field initializer: a step read from a config.xml that lacks a field (written by
     * hand, generated, or saved by an older version) gets the defaults here instead of null.
     */
    protected Object readResolve() {
        if (accessControlList == null) {
            accessControlList = new ArrayList<>();
        }
        return this;
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksSetPermissions";
        }

        @Override
        public String getDisplayName() {
            return "Set permissions on a Databricks object";
        }

        /** The object types Databricks' permissions API serves, for completion. */
        public ComboBoxModel doFillObjectTypeItems() {
            ComboBoxModel items = new ComboBoxModel();
            items.addAll(Permissions.objectTypes());
            return items;
        }
    }
}
