package io.jenkins.plugins.databricks.steps.operations;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code databricksCreateSecretScope}: creates a secret scope and returns {@code [scope: name, created: true|false]}.
 */
public class CreateSecretScopeStep extends DatabricksOperationStep {

    private final String scope;
    private String initialManagePrincipal;
    /** null means the default, true; a Boolean so that a config.xml without the field keeps it */
    private Boolean ignoreExisting;

    @DataBoundConstructor
    public CreateSecretScopeStep(String scope) {
        this.scope = Util.fixEmptyAndTrim(scope);
    }

    public String getScope() {
        return scope;
    }

    public String getInitialManagePrincipal() {
        return initialManagePrincipal;
    }

    @DataBoundSetter
    public void setInitialManagePrincipal(String initialManagePrincipal) {
        this.initialManagePrincipal = Util.fixEmptyAndTrim(initialManagePrincipal);
    }

    public boolean isIgnoreExisting() {
        return ignoreExisting == null || ignoreExisting;
    }

    @DataBoundSetter
    public void setIgnoreExisting(boolean ignoreExisting) {
        this.ignoreExisting = ignoreExisting;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        return new CreateSecretScopeOperation(in.expand(scope), in.expand(initialManagePrincipal), isIgnoreExisting());
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksCreateSecretScope";
        }

        @Override
        public String getDisplayName() {
            return "Create a Databricks secret scope";
        }
    }
}
