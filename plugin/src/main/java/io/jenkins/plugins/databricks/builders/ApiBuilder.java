package io.jenkins.plugins.databricks.builders;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.steps.ApiOperation;
import io.jenkins.plugins.databricks.steps.ApiStep;
import io.jenkins.plugins.databricks.steps.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.KeyValueText;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Freestyle form of {@code databricksApi}: the query is {@code name=value} lines and the body is JSON text.
 * With {@code outputFile} the answer lands in the workspace for later build steps.
 */
public class ApiBuilder extends AbstractDatabricksBuilder {

    private final String path;
    private String method = "GET";
    private String query;
    private String body;
    private boolean quiet;

    @DataBoundConstructor
    public ApiBuilder(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    public String getPath() {
        return path;
    }

    public String getMethod() {
        return method;
    }

    @DataBoundSetter
    public void setMethod(String method) {
        String m = Util.fixEmptyAndTrim(method);
        this.method = m == null ? "GET" : m;
    }

    public String getQuery() {
        return query;
    }

    /** @param query {@code name=value} lines */
    @DataBoundSetter
    public void setQuery(String query) {
        this.query = Util.fixEmptyAndTrim(query);
    }

    public String getBody() {
        return body;
    }

    /** @param body the request body as JSON text */
    @DataBoundSetter
    public void setBody(String body) {
        this.body = Util.fixEmptyAndTrim(body);
    }

    public boolean isQuiet() {
        return quiet;
    }

    @DataBoundSetter
    public void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    protected DatabricksOperation operation(Run<?, ?> run, EnvVars env) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            KeyValueText.parse("query", query).forEach((k, v) -> values.put(k, env.expand(v)));
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return new ApiOperation(method, env.expand(path), values, env.expand(body), quiet);
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksBuilderDescriptor {

        public DescriptorImpl() {
            super(ApiStep.class, "method", "path", "quiet");
            addHelpFileRedirect("query", ApiStep.class, "queryText");
            addHelpFileRedirect("body", ApiStep.class, "bodyText");
        }

        @Override
        public String getDisplayName() {
            return "Databricks: call a REST API endpoint";
        }

        public ListBoxModel doFillMethodItems() {
            return ApiStep.methodItems();
        }
    }
}
