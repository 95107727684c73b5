package io.jenkins.plugins.databricks.builders;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.util.ComboBoxModel;
import io.jenkins.plugins.databricks.steps.AccessControlEntryConfig;
import io.jenkins.plugins.databricks.steps.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.SetPermissionsOperation;
import io.jenkins.plugins.databricks.steps.SetPermissionsStep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Freestyle form of {@code databricksSetPermissions}. */
public class SetPermissionsBuilder extends AbstractDatabricksBuilder {

    private final String objectType;
    private final String objectId;
    private List<AccessControlEntryConfig> accessControlList = new ArrayList<>();
    private boolean replace;

    @DataBoundConstructor
    public SetPermissionsBuilder(String objectType, String objectId) {
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
    protected DatabricksOperation operation(Run<?, ?> run, EnvVars env) throws IOException {
        return new SetPermissionsOperation(env.expand(objectType), env.expand(objectId), accessControlList, replace);
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksBuilderDescriptor {

        public DescriptorImpl() {
            super(SetPermissionsStep.class, "objectType", "objectId", "accessControlList", "replace");
        }

        @Override
        public String getDisplayName() {
            return "Databricks: set permissions on an object";
        }

        public ComboBoxModel doFillObjectTypeItems() {
            return SetPermissionsStep.objectTypeItems();
        }
    }
}
