package io.jenkins.plugins.databricks.steps.files;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.databricks.AgentClient;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * Sends a file or a directory tree of the build's workspace to Databricks from the agent that holds it: the client
 * plans (globs, what becomes what, limits; a missing file or an empty directory fails before any request), sends
 * files in parallel within the rate limit, and on a failure names the files done and not done, so a rerun with
 * {@code overwrite} converges.
 */
abstract class FileTransferOperation implements FilesOperation, Serializable {
    private static final long serialVersionUID = 1L;

    protected final String source;
    protected final String destination;
    protected final boolean overwrite;
    protected final List<String> includes;
    protected final List<String> excludes;
    /** Leave out version-control and bytecode files ({@code .git/}, {@code __pycache__/}, ...). */
    protected final boolean defaultExcludes;

    FileTransferOperation(String source, String destination, boolean overwrite, List<String> includes,
            List<String> excludes, boolean defaultExcludes) {
        this.source = source == null || source.isBlank() ? "." : source.strip();
        this.destination = destination;
        this.overwrite = overwrite;
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.defaultExcludes = defaultExcludes;
    }

    /** Checks every argument (subclasses call it last in their constructor), before credentials or files. */
    protected final void check() throws AbortException {
        try {
            send(null, Path.of(source), null, true);
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortException("interrupted");
        }
    }

    /**
     * Builds the client's request for {@code file} and, unless {@code checkOnly}, sends it.
     *
     * @return per file sent, as the client describes it; empty when only checking
     */
    protected abstract List<Map<String, Object>> send(DatabricksClient client, Path file, ProgressListener listener,
            boolean checkOnly) throws InterruptedException;

    /** @return what is done, for the log: {@code importing}, {@code uploading} */
    protected abstract String doing();

    @Override
    public final Object perform(AgentClient client, FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        log.println("Databricks " + client.displayName() + ": " + doing() + " " + source + " to " + destination
                + (overwrite ? " (overwrite)" : ""));
        List<Map<String, Object>> sent = workspace.child(source).act(new Send(client, this, listener));
        log.println("Databricks " + client.displayName() + ": done, " + sent.size() + " file(s) to " + destination);
        return new ArrayList<>(sent);
    }

    private static final class Send extends MasterToSlaveFileCallable<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;
        private final AgentClient client;
        private final FileTransferOperation operation;
        private final TaskListener listener;

        Send(AgentClient client, FileTransferOperation operation, TaskListener listener) {
            this.client = client;
            this.operation = operation;
            this.listener = listener;
        }

        @Override
        public List<Map<String, Object>> invoke(File file, VirtualChannel channel)
                throws IOException, InterruptedException {
            try {
                return operation.send(client.build(), file.toPath(), listener.getLogger()::println, false);
            } catch (DatabricksException | IllegalArgumentException e) {
                // the client's message names the files done and not done, and never holds a token
                throw new AbortException("Databricks " + client.displayName() + ": " + e.getMessage());
            }
        }
    }
}
