package io.jenkins.plugins.databricks.steps.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.databricks.client.jobs.SubmitRunRequest;
import io.jenkins.plugins.databricks.steps.SubmitRunOperation;
import io.jenkins.plugins.databricks.steps.support.Arguments;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.KeyValueText;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import io.jenkins.plugins.databricks.steps.support.SubmitTaskForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code databricksSubmitRun}: a one-time run ({@code runs/submit}) of notebook, Python file, Python wheel, JAR or SQL
 * file tasks on an existing cluster, a new cluster or serverless, optionally from a Git source; waits for it (durably,
 * as {@code databricksRunJob}) and returns the run with each task's result.
 */
public class SubmitRunStep extends RunStep {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Map<String, Object>> tasks;
    private String runName;
    private String existingClusterId;
    private Map<String, Object> newCluster;
    private boolean serverless;
    private String gitUrl;
    private String gitProvider;
    private String gitBranch;
    private String gitTag;
    private String gitCommit;

    /** @param tasks the tasks, each a map with {@code type} (notebook, python_file, python_wheel, jar, sql_file) */
    @DataBoundConstructor
    public SubmitRunStep(List<Map<String, Object>> tasks) {
        this.tasks = new ArrayList<>();
        if (tasks != null) {
            for (Map<String, Object> t : tasks) {
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = (Map<String, Object>) mutable(t);
                this.tasks.add(copy);
            }
        }
    }

    /** Maps and lists as LinkedHashMap and ArrayList, which the job's XML can hold (List.of and Map.of it cannot). */
    private static Object mutable(Object value) {
        if (value instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> m.put(String.valueOf(k), mutable(v)));
            return m;
        }
        if (value instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<?>) value).forEach(v -> l.add(mutable(v)));
            return l;
        }
        return value;
    }

    public List<Map<String, Object>> getTasks() {
        return tasks;
    }

    public String getRunName() {
        return runName;
    }

    @DataBoundSetter
    public void setRunName(String runName) {
        this.runName = Util.fixEmptyAndTrim(runName);
    }

    public String getExistingClusterId() {
        return existingClusterId;
    }

    @DataBoundSetter
    public void setExistingClusterId(String existingClusterId) {
        this.existingClusterId = Util.fixEmptyAndTrim(existingClusterId);
    }

    public Map<String, Object> getNewCluster() {
        return newCluster;
    }

    @DataBoundSetter
    public void setNewCluster(Map<String, Object> newCluster) {
        this.newCluster = newCluster == null || newCluster.isEmpty() ? null : new LinkedHashMap<>(newCluster);
    }

    public boolean isServerless() {
        return serverless;
    }

    @DataBoundSetter
    public void setServerless(boolean serverless) {
        this.serverless = serverless;
    }

    public String getGitUrl() {
        return gitUrl;
    }

    @DataBoundSetter
    public void setGitUrl(String gitUrl) {
        this.gitUrl = Util.fixEmptyAndTrim(gitUrl);
    }

    public String getGitProvider() {
        return gitProvider;
    }

    @DataBoundSetter
    public void setGitProvider(String gitProvider) {
        this.gitProvider = Util.fixEmptyAndTrim(gitProvider);
    }

    public String getGitBranch() {
        return gitBranch;
    }

    @DataBoundSetter
    public void setGitBranch(String gitBranch) {
        this.gitBranch = Util.fixEmptyAndTrim(gitBranch);
    }

    public String getGitTag() {
        return gitTag;
    }

    @DataBoundSetter
    public void setGitTag(String gitTag) {
        this.gitTag = Util.fixEmptyAndTrim(gitTag);
    }

    public String getGitCommit() {
        return gitCommit;
    }

    @DataBoundSetter
    public void setGitCommit(String gitCommit) {
        this.gitCommit = Util.fixEmptyAndTrim(gitCommit);
    }

    @Override
    protected DatabricksOperation operation(OperationInputs in) throws AbortException {
        String name = runName != null ? in.expand(runName) : in.run().getFullDisplayName();
        SubmitRunRequest request;
        try {
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("tasks is required: at least one task such as [type: 'notebook',"
                        + " path: '/Shared/tests/run_all']; types: " + String.join(", ",
                        SubmitRunRequest.TASK_TYPES.keySet()));
            }
            // freestyle: the variables in the tasks' and the cluster spec's values (Pipeline has interpolated them)
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> expandedTasks = (List<Map<String, Object>>) Arguments.expandValues(tasks,
                    in::expand);
            SubmitRunRequest.Builder b = SubmitRunRequest.builder().runName(name).tasks(expandedTasks)
                    .parameters(parameters(in)).idempotencyToken(idempotencyToken(in));
            if (existingClusterId != null) {
                b.existingCluster(in.expand(existingClusterId));
            }
            if (newCluster != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cluster = (Map<String, Object>) Arguments.expandValues(newCluster, in::expand);
                b.newCluster(cluster);
            }
            if (serverless) {
                b.serverless();
            }
            if (gitUrl != null) {
                String branch = in.expand(gitBranch);
                String tag = in.expand(gitTag);
                String commit = in.expand(gitCommit);
                if (branch == null && tag == null && commit == null) {
                    commit = Util.fixEmptyAndTrim(in.environment().get("GIT_COMMIT")); // what the build checked out
                }
                b.gitSource(in.expand(gitUrl), in.expand(gitProvider), branch, tag, commit);
            }
            request = b.build();
        } catch (IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
        return new SubmitRunOperation(request, name, isWait(), getTimeout(), isPropagate(), in.run());
    }

    /** For the form: one structured entry per task. */
    public List<SubmitTaskForm> getTaskForms() {
        return SubmitTaskForm.of(tasks);
    }

    /** For the form: the new cluster spec as JSON. */
    public String getNewClusterText() {
        return newCluster == null ? null : toJson(newCluster);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksSubmitRun";
        }

        @Override
        public String getDisplayName() {
            return "Submit a one-time Databricks run and wait for its result";
        }

        /**
         * The form edits each task in a structured entry ({@link SubmitTaskForm}), the cluster spec as JSON and the
         * parameters as {@code name=value} lines.
         */
        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            Object taskForms = formData.opt("taskForms");
            String clusterText = formData.optString("newClusterText");
            String parametersText = formData.optString("parametersText");
            formData.remove("taskForms");
            formData.remove("newClusterText");
            formData.remove("parametersText");
            List<Map<String, Object>> parsedTasks;
            Map<String, Object> parsedCluster;
            Map<String, String> parsedParameters;
            parsedTasks = SubmitTaskForm.parse(taskForms);
            try {
                parsedCluster = clusterText.isBlank() ? null
                        : JSON.readValue(clusterText, new TypeReference<Map<String, Object>>() { });
            } catch (JsonProcessingException e) {
                throw new FormException("newCluster must be a JSON object such as {\"spark_version\": "
                        + "\"15.4.x-scala2.12\", \"node_type_id\": \"i3.xlarge\", \"num_workers\": 1}: "
                        + e.getOriginalMessage(), "newClusterText");
            }
            try {
                parsedParameters = KeyValueText.parse("parameters", parametersText);
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), "parametersText");
            }
            formData.put("tasks", new net.sf.json.JSONArray());
            SubmitRunStep step = (SubmitRunStep) super.newInstance(req, formData);
            step.tasks.clear();
            step.tasks.addAll(parsedTasks);
            step.setNewCluster(parsedCluster);
            step.setParameters(new LinkedHashMap<>(parsedParameters));
            return step;
        }
    }
}
