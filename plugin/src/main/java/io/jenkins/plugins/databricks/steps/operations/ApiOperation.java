package io.jenkins.plugins.databricks.steps.operations;

import hudson.AbortException;
import hudson.model.TaskListener;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Calls any REST endpoint of the workspace and returns the parsed JSON answer. */
public final class ApiOperation implements DatabricksOperation {

    private final String method;
    private final String path;
    private final Map<String, Object> query;
    private final Object body;
    private final boolean quiet;

    /**
     * @param query query parameters; a list value repeats the parameter
     * @param body null, a map or list (sent as JSON) or a string holding JSON
     * @param quiet when true the request line is not logged
     */
    public ApiOperation(String method, String path, Map<String, ?> query, Object body, boolean quiet)
            throws AbortException {
        String m = method == null || method.isBlank() ? "GET" : method.strip().toUpperCase(Locale.ROOT);
        if (!DatabricksClient.METHODS.contains(m)) {
            throw new AbortException("method: '" + method + "' is not one of " + String.join(", ", DatabricksClient.METHODS));
        }
        this.method = m;
        this.path = Arguments.required("path", path, "a relative path such as /api/2.1/clusters/list");
        this.query = query == null ? Map.of() : new LinkedHashMap<>(query);
        this.body = body instanceof String s && s.isBlank() ? null : body;
        this.quiet = quiet;
    }

    @Override
    public Object perform(DatabricksClient client, TaskListener listener) throws InterruptedException {
        if (!quiet) {
            listener.getLogger().println("Databricks " + method + " " + path);
        }
        return client.call(method, path, query, body);
    }
}
