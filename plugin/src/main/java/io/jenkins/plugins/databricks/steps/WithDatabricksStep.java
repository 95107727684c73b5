package io.jenkins.plugins.databricks.steps;

import hudson.Extension;
import hudson.Launcher;
import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksConnector;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.steps.support.AbstractDatabricksStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code withDatabricks { ... }}: runs its block with {@code DATABRICKS_HOST} and {@code DATABRICKS_TOKEN} (or a
 * service principal's {@code DATABRICKS_CLIENT_ID} and {@code DATABRICKS_CLIENT_SECRET}) in the environment,
 * the way the Databricks CLI and SDKs read them, with the secret masked in the console as
 * {@code withCredentials} masks its variables.
 */
public class WithDatabricksStep extends AbstractDatabricksStep {

    @DataBoundConstructor
    public WithDatabricksStep() {
        // every argument is optional: workspace, or host + credentialsId, or the default workspace
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        private final transient WithDatabricksStep step;

        Execution(WithDatabricksStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() {
            run(this::bindAndStartBody);
            return false;
        }

        private void bindAndStartBody() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            DatabricksTarget target = DatabricksConnector.resolve(step.getWorkspace(), step.getHost(),
                    step.getCredentialsId());
            Map<String, String> secrets = new LinkedHashMap<>();
            Map<String, String> plain = new LinkedHashMap<>();
            DatabricksConnector.environment(target, run).forEach((name, value) ->
                    (DatabricksConnector.SECRET_VARIABLES.contains(name) ? secrets : plain).put(name, value));
            Launcher launcher = getContext().get(Launcher.class);
            boolean unix = launcher == null || launcher.isUnix();
            listener.getLogger().println("Databricks " + target.displayName() + ": set "
                    + String.join(", ", plain.keySet()) + (secrets.isEmpty() ? "" : ", masking "
                    + secrets.keySet().stream().map(v -> unix ? "$" + v : "%" + v + "%")
                            .collect(Collectors.joining(" and "))));
            getContext().newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(getContext().get(EnvironmentExpander.class),
                            new DatabricksEnvironment(plain, secrets)))
                    .withContext(BodyInvoker.mergeConsoleLogFilters(getContext().get(ConsoleLogFilter.class),
                            new SecretMaskingFilter(secrets.values(), run.getCharset().name())))
                    .withContext(FailureHandler.merge(getContext().get(FailureHandler.class),
                            new SecretMaskingFailureHandler(secrets.values())))
                    .withCallback(new BodyResult())
                    .start();
        }
    }

    /** The block's result is the step's result; nothing to undo, the variables only ever lived in the block. */
    private static final class BodyResult extends BodyExecutionCallback.TailCall {
        private static final long serialVersionUID = 1L;

        @Override
        protected void finished(StepContext context) {
            // nothing to clean up
        }
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "withDatabricks";
        }

        @Override
        public String getDisplayName() {
            return "Expose a Databricks workspace to the block (DATABRICKS_HOST, masked token)";
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}
