package io.jenkins.plugins.databricks.steps.durable;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.DatabricksTarget;
import io.jenkins.plugins.databricks.client.DatabricksException;
import java.io.PrintStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** How a durable wait's failures are told apart, and how they and its other lines reach the build log. */
public final class WaitFailures {
    private static final Logger LOG = Logger.getLogger(WaitFailures.class.getName());

    private WaitFailures() {
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Says in the log how a wait goes on after Jenkins restarted: it resumes following what it started, or, when the
     * restart came before the start request was answered, asks again with the same idempotency token.
     *
     * @param waitingFor what the saved checkpoint follows, or null when nothing was saved
     * @param canAskAgain whether the step may send its start request again
     * @throws AbortException when nothing was saved and the step cannot ask again
     */
    public static void resumed(DatabricksTarget target, @CheckForNull String waitingFor, boolean canAskAgain,
            PrintStream log) throws AbortException {
        if (waitingFor == null && !canAskAgain) {
            throw new AbortException("Jenkins restarted before Databricks had answered the start request, and this"
                    + " step cannot ask again; check the workspace for what it started and run the step again");
        }
        log.println("Databricks " + target.displayName() + ": " + (waitingFor != null ? "resuming the wait for "
                + waitingFor + " after Jenkins restarted" : "Jenkins restarted before Databricks had answered the"
                + " start request; asking again with the same idempotency token (a run that had started comes back,"
                + " no second run starts)"));
    }

    /** Whether the wait passed its timeout. */
    public static boolean timedOut(Throwable error) {
        return unwrap(error) instanceof DatabricksException d && DatabricksException.TIMEOUT.equals(d.errorCode());
    }

    /** Whether the wait ended only because what it polled with (Jenkins' timer, or its HTTP tasks) shut down. */
    public static boolean stoppedWithJenkins(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof RejectedExecutionException
                || cause instanceof DatabricksException d && ("WAIT_STOPPED".equals(d.errorCode())
                        || d.getCause() instanceof RejectedExecutionException);
    }

    /**
     * What the step fails with: the client's message (which never holds a token) as one line naming the workspace,
     * since a remote stack trace helps nobody; an abort or an interrupt as it is.
     *
     * @param target where the requests went, or null when not resolved yet
     */
    public static Throwable forBuild(Throwable error, DatabricksTarget target) {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
            return new AbortException("Databricks wait cancelled");
        }
        if (cause instanceof DatabricksException || cause instanceof IllegalArgumentException) {
            String where = target == null ? "" : target.displayName() + ": ";
            return new AbortException("Databricks " + where + cause.getMessage());
        }
        if (!(cause instanceof AbortException) && !(cause instanceof InterruptedException)) {
            LOG.log(Level.FINE, "Databricks wait failed", cause);
        }
        return cause;
    }

    /** One line for the build log, naming the workspace; never fails (a lost line is only logged here). */
    public static void log(StepContext context, DatabricksTarget target, String line) {
        if (line == null || line.isEmpty()) {
            return;
        }
        try {
            String where = target == null ? "" : target.displayName() + ": ";
            context.get(TaskListener.class).getLogger().println("Databricks " + where + line);
        } catch (Exception e) {
            LOG.log(Level.FINE, "could not log: " + line, e);
        }
    }
}
