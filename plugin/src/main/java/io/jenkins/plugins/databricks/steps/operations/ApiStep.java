package io.jenkins.plugins.databricks.steps.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.KeyValueText;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code databricksApi}: calls any REST endpoint of the workspace ({@code method}, {@code path}, {@code query},
 * {@code body}) and returns the parsed JSON answer as maps and lists.
 */
public class ApiStep extends DatabricksOperationStep {

    private final String path;
    private String method = "GET";
    private Map<String, Object> query = new LinkedHashMap<>();
    private Object body;
    private boolean quiet;

    @DataBoundConstructor
    public ApiStep(String path) {
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

    public Map<String, Object> getQuery() {
        return query;
    }

    @DataBoundSetter
    public void setQuery(Map<String, Object> query) {
        this.query = query == null ? new LinkedHashMap<>() : new LinkedHashMap<>(query);
    }

    public Object getBody() {
        return body;
    }

    /** @param body a map or list (sent as JSON), or a string holding JSON */
    @DataBoundSetter
    public void setBody(Object body) {
        this.body = body instanceof String s ? Util.fixEmptyAndTrim(s) : body;
    }

    public boolean isQuiet() {
        return quiet;
    }

    @DataBoundSetter
    public void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        Map<String, Object> values = new LinkedHashMap<>();
        query.forEach((name, value) -> values.put(name, value instanceof String s ? in.expand(s) : value));
        return new ApiOperation(method, in.expand(path), values, body instanceof String s ? in.expand(s) : body, quiet);
    }

    /** For the form: the query as {@code name=value} lines. */
    public String getQueryText() {
        return KeyValueText.format(query);
    }

    /** For the form: the body as JSON text. */
    public String getBodyText() {
        // A map or list shown as JSON, so the form can edit what Pipeline wrote as a Groovy map.
        if (body == null || body instanceof String) {
            return (String) body;
        }
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    /**
     * XStream runs no constructor or field initializer: a step read from a config.xml that lacks a field (written by
     * hand, generated, or saved by an older version) gets the defaults here instead of null.
     */
    protected Object readResolve() {
        if (method == null) {
            method = "GET";
        }
        if (query == null) {
            query = new LinkedHashMap<>();
        }
        return this;
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksApi";
        }

        @Override
        public String getDisplayName() {
            return "Call a Databricks REST API endpoint";
        }

        public ListBoxModel doFillMethodItems() {
            ListBoxModel items = new ListBoxModel();
            for (String m : DatabricksClient.METHODS) {
                items.add(m);
            }
            return items;
        }

        /** The form edits the query as {@code name=value} lines and the body as JSON text. */
        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            String queryText = formData.optString("queryText");
            String bodyText = formData.optString("bodyText");
            formData.remove("queryText");
            formData.remove("bodyText");
            Map<String, String> parsed;
            try {
                parsed = KeyValueText.parse("query", queryText);
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), "queryText");
            }
            ApiStep step = (ApiStep) super.newInstance(req, formData);
            step.setQuery(new LinkedHashMap<>(parsed));
            step.setBody(bodyText);
            return step;
        }
    }
}
