package io.jenkins.plugins.databricks.steps.operations;

import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.DatabricksCredentials;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.io.IOException;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code databricksPutSecret}: writes a secret whose value comes from a Jenkins credential, never from a string
 * in the Jenkinsfile, and returns {@code [scope: ..., key: ...]}.
 */
public class PutSecretStep extends DatabricksOperationStep {

    private final String scope;
    private final String key;
    private final String secretCredentialsId;

    @DataBoundConstructor
    public PutSecretStep(String scope, String key, String secretCredentialsId) {
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
    protected DatabricksOperation operation(OperationInputs in) throws IOException {
        // The credential id is taken as written: the credentials lookup itself resolves ${PARAMETER} ids.
        return new PutSecretOperation(in.expand(scope), in.expand(key), secretCredentialsId, in.run());
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksPutSecret";
        }

        @Override
        public String getDisplayName() {
            return "Put a Databricks secret from a Jenkins credential";
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
