package io.jenkins.plugins.databricks.steps.run;

import hudson.Util;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.RunJobOperation;
import io.jenkins.plugins.databricks.steps.RunWaitExecution;
import io.jenkins.plugins.databricks.steps.support.IdempotencyTokens;
import io.jenkins.plugins.databricks.steps.support.KeyValueText;
import io.jenkins.plugins.databricks.steps.support.OperationInputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What {@code databricksRunJob} and {@code databricksSubmitRun} share: parameters, the idempotency token, and whether
 * and how long to wait. Waiting is durable (through a restart) and holds no thread; an abort cancels the run.
 */
public abstract class RunStep extends DatabricksOperationStep {

    private Map<String, Object> parameters = new LinkedHashMap<>();
    private String idempotencyToken;
    /** null means the default, true; a Boolean so that a config.xml without the field still waits */
    private Boolean wait;
    private int timeout = RunJobOperation.DEFAULT_TIMEOUT_MINUTES;
    /** null means the default, true */
    private Boolean propagate;

    public Map<String, Object> getParameters() {
        return parameters;
    }

    /** @param parameters the run's parameters; strings, numbers or booleans */
    @DataBoundSetter
    public void setParameters(Map<String, Object> parameters) {
        this.parameters = parameters == null ? new LinkedHashMap<>() : new LinkedHashMap<>(parameters);
    }

    public String getIdempotencyToken() {
        return idempotencyToken;
    }

    @DataBoundSetter
    public void setIdempotencyToken(String idempotencyToken) {
        this.idempotencyToken = Util.fixEmptyAndTrim(idempotencyToken);
    }

    public boolean isWait() {
        return wait == null || wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public int getTimeout() {
        return timeout;
    }

    /** @param timeout minutes to wait for the run to finish */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = timeout;
    }

    public boolean isPropagate() {
        return propagate == null || propagate;
    }

    @DataBoundSetter
    public void setPropagate(boolean propagate) {
        this.propagate = propagate;
    }

    /** For the form: the parameters as {@code name=value} lines. */
    public String getParametersText() {
        return KeyValueText.format(parameters);
    }

    /** @return the parameters with string values expanded (freestyle variables) */
    protected final Map<String, Object> parameters(OperationInputs in) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> values.put(name, value instanceof String s ? in.expand(s) : value));
        return values;
    }

    /** @return the given token, or one derived from the build and this call (stable across a restart) */
    protected final String idempotencyToken(OperationInputs in) {
        return idempotencyToken != null ? in.expand(idempotencyToken)
                : IdempotencyTokens.derive(in.run(), in.invocation());
    }

    /** Waiting runs durably and holds no thread; without a wait the start is all there is. */
    @Override
    public StepExecution start(StepContext context) {
        return isWait() ? new RunWaitExecution(this, context) : super.start(context);
    }

    /**
     * XStream runs no constructor or field initializer: a step read from a config.xml that lacks a field (written by
     * hand, generated, or saved by an older version) gets the defaults here instead of false, 0 or null.
     */
    protected Object readResolve() {
        if (parameters == null) {
            parameters = new LinkedHashMap<>();
        }
        if (timeout == 0) {
            timeout = RunJobOperation.DEFAULT_TIMEOUT_MINUTES;
        }
        return this;
    }
}
