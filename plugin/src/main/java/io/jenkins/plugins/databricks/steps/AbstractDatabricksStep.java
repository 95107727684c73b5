package io.jenkins.plugins.databricks.steps;

import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A Pipeline step that talks to one Databricks workspace.
 *
 * <p>The workspace is named by {@code workspace:} (a configured workspace), or by {@code host:} plus
 * {@code credentialsId:}, or left out to use the default workspace; {@link io.jenkins.plugins.databricks.DatabricksConnector}
 * applies those rules. The step holds credential ids only, never a secret.
 */
public abstract class AbstractDatabricksStep extends Step {

    private String workspace;
    private String host;
    private String credentialsId;

    public String getWorkspace() {
        return workspace;
    }

    @DataBoundSetter
    public void setWorkspace(String workspace) {
        this.workspace = Util.fixEmptyAndTrim(workspace);
    }

    public String getHost() {
        return host;
    }

    @DataBoundSetter
    public void setHost(String host) {
        this.host = Util.fixEmptyAndTrim(host);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /**
     * Checks this step's own arguments and says what it will do. Runs before the workspace is resolved and
     * before any request, so a missing argument fails with this step's words.
     *
     * @param context the step's context, for steps that need the build (credentials, a stable token)
     */
    protected abstract DatabricksOperation operation(StepContext context) throws Exception;

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /**
     * Runs the operation off the CPS VM thread. Aborting the build interrupts that thread; the client lets the
     * {@link InterruptedException} through, so the step stops at once, even in the middle of a wait.
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<Object> {
        private static final long serialVersionUID = 1L;

        private final transient AbstractDatabricksStep step;

        Execution(AbstractDatabricksStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Object run() throws Exception {
            DatabricksOperation operation = step.operation(getContext());
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            return OperationRunner.run(operation, step.getWorkspace(), step.getHost(), step.getCredentialsId(),
                    run, listener);
        }
    }
}
