package io.jenkins.plugins.databricks.steps.files;

import hudson.AbortException;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.files.UploadRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Uploads files of the build's workspace to a Unity Catalog volume ({@code /Volumes/...}, Files API) or DBFS
 * ({@code dbfs:/...}), streamed: never held whole in memory.
 */
public final class UploadOperation extends FileTransferOperation {
    private static final long serialVersionUID = 1L;

    public UploadOperation(String source, String target, boolean overwrite, List<String> includes, List<String> excludes,
            boolean defaultExcludes) throws AbortException {
        super(source, target, overwrite, includes, excludes, defaultExcludes);
        check();
    }

    @Override
    protected List<Map<String, Object>> send(DatabricksClient client, Path file, ProgressListener listener,
            boolean checkOnly) throws InterruptedException {
        UploadRequest request = UploadRequest.builder(file, destination).overwrite(overwrite).includes(includes)
                .excludes(excludes).defaultExcludes(defaultExcludes).build();
        return checkOnly ? List.of() : client.uploads().upload(request, listener);
    }

    @Override
    protected String doing() {
        return "uploading";
    }
}
