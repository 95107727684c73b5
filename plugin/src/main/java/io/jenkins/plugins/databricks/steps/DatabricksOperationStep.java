package io.jenkins.plugins.databricks.steps;

import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/** A step that performs one {@link DatabricksOperation} and returns its answer. */
public abstract class DatabricksOperationStep extends AbstractDatabricksStep {

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

        private final transient DatabricksOperationStep step;

        Execution(DatabricksOperationStep step, StepContext context) {
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
