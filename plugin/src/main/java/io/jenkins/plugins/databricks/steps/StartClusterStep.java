package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.clusters.ClusterWait;
import io.jenkins.plugins.databricks.client.wait.Waiter;
import io.jenkins.plugins.databricks.steps.operations.StartClusterOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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

    /** Waiting for RUNNING is durable (through a restart) and holds no thread. */
    @Override
    public StepExecution start(StepContext context) {
        return isWait() ? new WaitingExecution(this, context) : super.start(context);
    }

    /** {@code databricksStartCluster} with {@code wait: true}: a durable wait that starts the cluster if needed. */
    static final class WaitingExecution extends DurableWaitExecution<Map<String, Object>, ClusterWait> {
        private static final long serialVersionUID = 1L;

        private final transient StartClusterStep step;
        /** Kept with the program state: after a restart before the first checkpoint, the wait begins again. */
        private String clusterId;
        private int timeoutMinutes;

        WaitingExecution(StartClusterStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected DatabricksTarget resolve() throws Exception {
            StartClusterOperation operation = (StartClusterOperation) step.operation(pipelineInputs(getContext()));
            clusterId = operation.clusterId();
            timeoutMinutes = operation.timeoutMinutes();
            return DatabricksConnector.resolve(step.getWorkspace(), step.getHost(), step.getCredentialsId());
        }

        @Override
        protected ClusterWait begin(DatabricksClient client, Waiter waiter, Run<?, ?> build, PrintStream log) {
            log.println("Databricks cluster " + clusterId + ": waiting up to " + timeoutMinutes + " min for RUNNING");
            return ClusterWait.of(clusterId, Duration.ofMinutes(timeoutMinutes), waiter.clock());
        }

        @Override
        protected boolean canBeginAgain() {
            return clusterId != null; // nothing was sent before the first checkpoint: beginning again is harmless
        }

        @Override
        protected Waiter.Handle<Map<String, Object>, ClusterWait> register(Waiter waiter, DatabricksClient client,
                ClusterWait wait, ProgressListener progress) {
            return waiter.waitForCluster(client, wait, progress);
        }

        @Override
        protected Object finish(DatabricksClient client, Map<String, Object> cluster, ClusterWait wait,
                Run<?, ?> build, PrintStream log) {
            return cluster;
        }

        @Override
        protected String describe(ClusterWait wait) {
            return "cluster " + wait.clusterId() + " to run";
        }
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
