package io.jenkins.plugins.databricks.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.steps.files.FilesOperation;
import io.jenkins.plugins.databricks.steps.support.AbstractDatabricksStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * A step that performs one {@link DatabricksOperation} and returns its answer. The freestyle build step
 * {@code DatabricksBuilder} holds one of these and calls {@link #perform} too, so each operation's fields, form,
 * help, checks and messages exist once.
 */
public abstract class DatabricksOperationStep extends AbstractDatabricksStep {

    /**
     * Checks this step's own arguments (after {@link OperationInputs#expand}) and says what it will do. Runs
     * before the workspace is resolved and before any request, so a missing argument fails with this step's words.
     */
    protected abstract DatabricksOperation operation(OperationInputs in) throws IOException;

    /**
     * Picks the workspace, signs in with credentials found in the build's context and performs the operation.
     *
     * @return what the operation returned
     * @throws AbortException for a missing workspace or credential, invalid input or a failed Databricks call;
     *     its message is the client's, which never carries a token
     */
    public final Object perform(OperationInputs in) throws IOException, InterruptedException {
        DatabricksOperation operation = operation(in);
        DatabricksTarget target = DatabricksConnector.resolve(in.expand(getWorkspace()), in.expand(getHost()),
                getCredentialsId());
        try {
            if (operation instanceof FilesOperation files) {
                if (in.workspace() == null) {
                    throw new AbortException(getDescriptor().getFunctionName() + " reads files of the build's workspace;"
                            + " call it inside a node { } block");
                }
                return files.perform(DatabricksConnector.agentClient(target, in.run()), in.workspace(), in.listener());
            }
            if (operation instanceof BuildOperation build) {
                return build.perform(target, in);
            }
            DatabricksClient client = DatabricksConnector.client(target, in.run());
            return operation.perform(client, in.listener());
        } catch (DatabricksException | IllegalArgumentException e) {
            // The stack trace of a remote failure helps nobody reading a build log; the message says it all.
            throw new AbortException("Databricks " + target.displayName() + ": " + e.getMessage());
        }
    }

    /**
     * An operation that needs more than one client: it makes its own from the target and the build (such as a
     * controller-side client for the statements and an agent-side one for writing rows where the workspace is).
     */
    interface BuildOperation extends DatabricksOperation {
        Object perform(DatabricksTarget target, OperationInputs in) throws IOException, InterruptedException;

        @Override
        default Object perform(DatabricksClient client, TaskListener listener) {
            throw new IllegalStateException("this operation makes its own clients; see DatabricksOperationStep");
        }
    }

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
            return step.perform(pipelineInputs(getContext()));
        }
    }

    /**
     * What a Pipeline step's operation takes: Groovy has already interpolated the strings, and the flow node id names
     * this call within the build and survives a restart of Jenkins.
     */
    static OperationInputs pipelineInputs(StepContext context) throws IOException, InterruptedException {
        FlowNode node = context.get(FlowNode.class);
        EnvVars env = context.get(EnvVars.class);
        return new OperationInputs(context.get(Run.class), context.get(TaskListener.class), UnaryOperator.identity(),
                node == null ? UUID.randomUUID().toString() : node.getId(), context.get(FilePath.class),
                env == null ? Map.of() : env);
    }
}
