package io.jenkins.plugins.databricks.steps.sql;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.SqlOperation;
import io.jenkins.plugins.databricks.steps.SqlWaitExecution;
import io.jenkins.plugins.databricks.steps.run.RunJobStep;
import io.jenkins.plugins.databricks.steps.support.DatabricksOperation;
import io.jenkins.plugins.databricks.steps.support.DatabricksStepDescriptor;
import io.jenkins.plugins.databricks.steps.support.KeyValueText;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code databricksSql}: runs a SQL statement, or the statements of a {@code file:} of the build's workspace in
 * order, on a SQL warehouse (started when stopped), and returns the last statement's result as
 * {@code [columns:, rows:, row_count:, truncated:, statement_id:]} with typed values. Parameters are sent as named
 * parameters, never spliced into the text. Pipeline waits durably (through a restart, without a thread); an abort
 * cancels the statement.
 */
public class SqlStep extends DatabricksOperationStep {
    static final int DEFAULT_MAX_ROWS = 1000;
    static final int DEFAULT_TIMEOUT_MINUTES = 60;

    private final String statement;
    private String warehouse;
    private String catalog;
    private String schema;
    private Map<String, Object> parameters = new LinkedHashMap<>();
    /** null means the default, 1,000 (a config.xml without the field) */
    private Integer maxRows;
    private String outputFile;
    private int timeout = DEFAULT_TIMEOUT_MINUTES;

    /** @param statement one SQL statement, or {@code file:} and a .sql file of the build's workspace */
    @DataBoundConstructor
    public SqlStep(String statement) {
        this.statement = statement == null || statement.isBlank() ? null : statement.strip();
    }

    public String getStatement() {
        return statement;
    }

    public String getWarehouse() {
        return warehouse;
    }

    /** @param warehouse the SQL warehouse's id or name */
    @DataBoundSetter
    public void setWarehouse(String warehouse) {
        this.warehouse = Util.fixEmptyAndTrim(warehouse);
    }

    public String getCatalog() {
        return catalog;
    }

    @DataBoundSetter
    public void setCatalog(String catalog) {
        this.catalog = Util.fixEmptyAndTrim(catalog);
    }

    public String getSchema() {
        return schema;
    }

    @DataBoundSetter
    public void setSchema(String schema) {
        this.schema = Util.fixEmptyAndTrim(schema);
    }

    public Map<String, Object> getParameters() {
        return parameters;
    }

    /** @param parameters named parameters ({@code :name} in the SQL): strings, numbers, booleans or null */
    @DataBoundSetter
    public void setParameters(Map<String, Object> parameters) {
        this.parameters = parameters == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parameters);
    }

    /** For the form: the parameters as {@code name=value} lines (string values). */
    public String getParametersText() {
        return KeyValueText.format(parameters);
    }

    public int getMaxRows() {
        return maxRows == null ? DEFAULT_MAX_ROWS : maxRows;
    }

    /** @param maxRows how many rows the step's value holds (0: none, only the counts); default 1,000 */
    @DataBoundSetter
    public void setMaxRows(int maxRows) {
        this.maxRows = maxRows;
    }

    public String getOutputFile() {
        return outputFile;
    }

    /** @param outputFile a .csv or .jsonl file of the build's workspace that receives every row */
    @DataBoundSetter
    public void setOutputFile(String outputFile) {
        this.outputFile = Util.fixEmptyAndTrim(outputFile);
    }

    public int getTimeout() {
        return timeout;
    }

    /** @param timeout minutes to wait for the statements, all of a file's together; default 60 */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    @Override
    public DatabricksOperation operation(OperationInputs in) throws AbortException {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> values.put(name, value instanceof CharSequence s
                ? in.expand(s.toString()) : value));
        return new SqlOperation(in.expand(statement), in.expand(warehouse), in.expand(catalog), in.expand(schema),
                values, getMaxRows(), in.expand(outputFile), timeout, in.workspace());
    }

    @Override
    public StepExecution start(StepContext context) {
        return new SqlWaitExecution(this, context);
    }

    protected Object readResolve() {
        if (parameters == null) {
            parameters = new LinkedHashMap<>();
        }
        if (timeout == 0) {
            timeout = DEFAULT_TIMEOUT_MINUTES;
        }
        return this;
    }

    @Extension
    public static final class DescriptorImpl extends DatabricksStepDescriptor {

        @Override
        public String getFunctionName() {
            return "databricksSql";
        }

        @Override
        public String getDisplayName() {
            return "Run SQL on a Databricks SQL warehouse";
        }

        @POST
        public FormValidation doCheckOutputFile(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            if (v == null || RunJobStep.isVariable(v)) {
                return FormValidation.ok();
            }
            try {
                SqlOperation.checkOutputFile(v);
                return FormValidation.ok();
            } catch (AbortException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @Override
        public Step newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            // the parameters are edited as name=value lines; Pipeline passes a map
            String text = formData.optString("parametersText");
            formData.remove("parametersText");
            Map<String, String> parsed;
            try {
                parsed = KeyValueText.parse("parameters", text);
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), "parametersText");
            }
            SqlStep step = (SqlStep) super.newInstance(req, formData);
            step.setParameters(new LinkedHashMap<>(parsed));
            return step;
        }
    }
}
