package io.jenkins.plugins.databricks.steps.files;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.databricks.AgentClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.files.DownloadRequest;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * Fetches a remote file or tree into a directory of the build's workspace, on the agent that holds the workspace:
 * the bytes go from Databricks to the agent's disk, never through the controller. The client checks every remote name
 * and every local path (nothing lands outside the target, whatever the names say) before it fetches anything.
 */
public final class DownloadOperation implements FilesOperation, Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String target;
    private final List<String> includes;
    private final List<String> excludes;
    private final boolean overwrite;
    private final boolean allowEmpty;

    public DownloadOperation(String source, String target, List<String> includes, List<String> excludes, boolean overwrite,
            boolean allowEmpty) throws AbortException {
        this.source = source;
        this.target = target;
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.overwrite = overwrite;
        this.allowEmpty = allowEmpty;
        try {
            request(new File(".")); // every argument checked before credentials, files or requests
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    private DownloadRequest request(File dir) {
        return DownloadRequest.builder(source, dir.toPath()).intoDirectory(true).includes(includes).excludes(excludes)
                .overwrite(overwrite).allowEmpty(allowEmpty).build();
    }

    @Override
    public Object perform(AgentClient client, FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        log.println("Databricks " + client.displayName() + ": downloading " + source + " to " + target
                + (overwrite ? " (overwrite)" : ""));
        FilePath dir = workspace.child(target);
        dir.mkdirs();
        List<Map<String, Object>> fetched = dir.act(new Fetch(client, this, listener));
        log.println("Databricks " + client.displayName() + ": done, " + fetched.size() + " file(s) in " + target);
        return new ArrayList<>(fetched);
    }

    private static final class Fetch extends MasterToSlaveFileCallable<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;
        private final AgentClient client;
        private final DownloadOperation operation;
        private final TaskListener listener;

        Fetch(AgentClient client, DownloadOperation operation, TaskListener listener) {
            this.client = client;
            this.operation = operation;
            this.listener = listener;
        }

        @Override
        public List<Map<String, Object>> invoke(File dir, VirtualChannel channel)
                throws IOException, InterruptedException {
            try {
                return client.build().downloads().download(operation.request(dir), listener.getLogger()::println);
            } catch (DatabricksException | IllegalArgumentException e) {
                // the client's message names the files done and not done, and never holds a token
                throw new AbortException("Databricks " + client.displayName() + ": " + e.getMessage());
            }
        }
    }
}
