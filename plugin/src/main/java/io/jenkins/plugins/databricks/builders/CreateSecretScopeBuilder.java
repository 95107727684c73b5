package io.jenkins.plugins.databricks.builders;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.databricks.steps.CreateSecretScopeOperation;
import io.jenkins.plugins.databricks.steps.CreateSecretScopeStep;
import io.jenkins.plugins.databricks.steps.DatabricksOperation;
import java.io.IOException;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Freestyle form of {@code databricksCreateSecretScope}. */
public class CreateSecretScopeBuilder extends AbstractDatabricksBuilder {

    private final String scope;
    private String initialManagePrincipal;
    private boolean ignoreExisting = true;

    @DataBoundConstructor
    public CreateSecretScopeBuilder(String scope) {
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
        return ignoreExisting;
    }

    @DataBoundSetter
    public void setIgnoreExisting(boolean ignoreExisting) {
        this.ignoreExisting = ignoreExisting;
    }

    @Override
    protected DatabricksOperation operation(Run<?, ?> run, EnvVars env) throws IOException {
        return new CreateSecretScopeOperation(env.expand(scope), env.expand(initialManagePrincipal), ignoreExisting);
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksBuilderDescriptor {

        public DescriptorImpl() {
            super(CreateSecretScopeStep.class, "scope", "initialManagePrincipal", "ignoreExisting");
        }

        @Override
        public String getDisplayName() {
            return "Databricks: create a secret scope";
        }
    }
}
