package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code databricksStartCluster}: starts a cluster, waits for RUNNING and returns the cluster as a map. */
public class StartClusterStep extends DatabricksOperationStep {

    private final String clusterId;
    /** null means the default, true; a Boolean so that a config.xml without the field still waits */
    private Boolean wait;
    private int timeout = StartClusterOperation.DEFAULT_TIMEOUT_MINUTES;

    @DataBoundConstructor
    public StartClusterStep(String clusterId) {
        this.clusterId = Util.fixEmptyAndTrim(clusterId);
    }

    public String getClusterId() {
        return clusterId;
    }

    public boolean isWait() {
        return wait == null || wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public int getTimeout() {
        return timeout;
    }

    /** @param timeout minutes to wait for RUNNING */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        return new StartClusterOperation(in.expand(clusterId), isWait(), timeout);
    }

    /**
     * XStream runs no constructor or field initializer: a step read from a config.xml that lacks a field (written by
     * hand, generated, or saved by an older version) gets the defaults here instead of false, 0 or null.
     */
    protected Object readResolve() {
        if (timeout == 0) {
            timeout = StartClusterOperation.DEFAULT_TIMEOUT_MINUTES;
        }
        return this;
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksStartCluster";
        }

        @Override
        public String getDisplayName() {
            return "Start a Databricks cluster and wait until it is running";
        }
    }
}
