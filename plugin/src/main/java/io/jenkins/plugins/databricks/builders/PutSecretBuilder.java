package io.jenkins.plugins.databricks.builders;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.DatabricksCredentials;
import io.jenkins.plugins.databricks.steps.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.PutSecretOperation;
import io.jenkins.plugins.databricks.steps.PutSecretStep;
import java.io.IOException;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** Freestyle form of {@code databricksPutSecret}: the value comes from a Jenkins credential. */
public class PutSecretBuilder extends AbstractDatabricksBuilder {

    private final String scope;
    private final String key;
    private final String secretCredentialsId;

    @DataBoundConstructor
    public PutSecretBuilder(String scope, String key, String secretCredentialsId) {
        this.scope = Util.fixEmptyAndTrim(scope);
        this.key = Util.fixEmptyAndTrim(key);
        this.secretCredentialsId = Util.fixEmptyAndTrim(secretCredentialsId);
    }

    public String getScope() {
        return scope;
    }

    public String getKey() {
        return key;
    }

    public String getSecretCredentialsId() {
        return secretCredentialsId;
    }

    @Override
    protected DatabricksOperation operation(Run<?, ?> run, EnvVars env) throws IOException {
        return new PutSecretOperation(env.expand(scope), env.expand(key), secretCredentialsId, run);
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksBuilderDescriptor {

        public DescriptorImpl() {
            super(PutSecretStep.class, "scope", "key", "secretCredentialsId");
        }

        @Override
        public String getDisplayName() {
            return "Databricks: put a secret from a Jenkins credential";
        }

        @POST
        public ListBoxModel doFillSecretCredentialsIdItems(@AncestorInPath Item item,
                                                           @QueryParameter String secretCredentialsId) {
            if (!DatabricksCredentials.hasPermission(item)) {
                return DatabricksCredentials.currentValueOnly(secretCredentialsId);
            }
            return DatabricksCredentials.fillSecretValues(item, secretCredentialsId);
        }
    }
}
