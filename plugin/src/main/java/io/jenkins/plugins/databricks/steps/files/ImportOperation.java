package io.jenkins.plugins.databricks.steps.files;

import hudson.AbortException;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.workspace.ImportRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Imports notebooks and files of the build's workspace into the Databricks workspace ({@code workspace/import}). */
public final class ImportOperation extends FileTransferOperation {
    private static final long serialVersionUID = 1L;

    private final String format;

    public ImportOperation(String source, String path, String format, boolean overwrite, List<String> includes,
            List<String> excludes, boolean defaultExcludes) throws AbortException {
        super(source, path, overwrite, includes, excludes, defaultExcludes);
        this.format = format;
        check();
    }

    @Override
    protected List<Map<String, Object>> send(DatabricksClient client, Path file, ProgressListener listener,
            boolean checkOnly) throws InterruptedException {
        ImportRequest request = ImportRequest.builder(file, destination).format(format).overwrite(overwrite)
                .includes(includes).excludes(excludes).defaultExcludes(defaultExcludes).build();
        return checkOnly ? List.of() : client.workspace().importFiles(request, listener);
    }

    @Override
    protected String doing() {
        return "importing";
    }
}
