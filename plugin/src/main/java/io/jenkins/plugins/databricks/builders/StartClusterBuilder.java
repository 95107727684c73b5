package io.jenkins.plugins.databricks.builders;

import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.databricks.steps.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.StartClusterOperation;
import io.jenkins.plugins.databricks.steps.StartClusterStep;
import java.io.IOException;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Freestyle form of {@code databricksStartCluster}. */
public class StartClusterBuilder extends AbstractDatabricksBuilder {

    private final String clusterId;
    private boolean wait = true;
    private int timeout = StartClusterOperation.DEFAULT_TIMEOUT_MINUTES;

    @DataBoundConstructor
    public StartClusterBuilder(String clusterId) {
        this.clusterId = Util.fixEmptyAndTrim(clusterId);
    }

    public String getClusterId() {
        return clusterId;
    }

    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    @Override
    protected DatabricksOperation operation(Run<?, ?> run, EnvVars env) throws IOException {
        return new StartClusterOperation(env.expand(clusterId), wait, timeout);
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksBuilderDescriptor {

        public DescriptorImpl() {
            super(StartClusterStep.class, "clusterId", "wait", "timeout");
        }

        @Override
        public String getDisplayName() {
            return "Databricks: start a cluster";
        }
    }
}
