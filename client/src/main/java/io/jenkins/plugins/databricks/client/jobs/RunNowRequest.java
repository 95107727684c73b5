package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.core.Checks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a {@code jobs/run-now}: the job id, parameters, and an optional idempotency token (with
 * one, a repeated request cannot start a second run, so the client retries it like a read). Immutable.
 */
public final class RunNowRequest implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The longest idempotency token Databricks accepts. */
    public static final int MAX_IDEMPOTENCY_TOKEN = 64;

    /** The job to run. */
    private final long jobId;
    /** Job-level parameters. */
    private final Map<String, String> jobParameters;
    /** Notebook parameters. */
    private final Map<String, String> notebookParams;
    /** Python parameters. */
    private final List<String> pythonParams;
    /** JAR parameters. */
    private final List<String> jarParams;
    /** Idempotency token or null. */
    private final String idempotencyToken;

    private RunNowRequest(Builder b) {
        this.jobId = b.jobId;
        this.jobParameters = b.jobParameters;
        this.notebookParams = b.notebookParams;
        this.pythonParams = b.pythonParams;
        this.jarParams = b.jarParams;
        this.idempotencyToken = b.idempotencyToken;
    }

    /**
     * @param jobId the job to run; positive
     * @return a builder
     */
    public static Builder builder(long jobId) {
        return new Builder(Checks.positive(jobId, "jobId"));
    }

    /**
     * Reads a job id typed as text (a form field, a variable's value), strictly: "abc" or "" is an error, never 0.
     *
     * @param text the id, such as {@code 42}; surrounding spaces are ignored
     * @return the id, positive
     * @throws IllegalArgumentException naming {@code jobId}, the text and what is accepted
     */
    public static long parseJobId(String text) {
        String t = text == null ? "" : text.strip();
        if (t.matches("[0-9]{1,18}")) {
            long id = Long.parseLong(t);
            if (id > 0) {
                return id;
            }
        }
        throw new IllegalArgumentException("jobId must be the numeric id of a Databricks job, a whole number greater"
                + " than 0 such as 42; got '" + t + "'");
    }

    /** @return the job id */
    public long jobId() {
        return jobId;
    }

    /** @return the job-level parameters, possibly empty */
    public Map<String, String> jobParameters() {
        return jobParameters;
    }

    /** @return notebook parameters, possibly empty */
    public Map<String, String> notebookParams() {
        return notebookParams;
    }

    /** @return Python parameters, possibly empty */
    public List<String> pythonParams() {
        return pythonParams;
    }

    /** @return JAR parameters, possibly empty */
    public List<String> jarParams() {
        return jarParams;
    }

    /** @return the idempotency token, or null */
    public String idempotencyToken() {
        return idempotencyToken;
    }

    /** @return the run-now request body */
    public Map<String, Object> toBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", jobId);
        if (!jobParameters.isEmpty()) {
            body.put("job_parameters", new LinkedHashMap<>(jobParameters));
        }
        if (!notebookParams.isEmpty()) {
            body.put("notebook_params", new LinkedHashMap<>(notebookParams));
        }
        if (!pythonParams.isEmpty()) {
            body.put("python_params", new ArrayList<>(pythonParams));
        }
        if (!jarParams.isEmpty()) {
            body.put("jar_params", new ArrayList<>(jarParams));
        }
        if (idempotencyToken != null) {
            body.put("idempotency_token", idempotencyToken);
        }
        return body;
    }

    @Override
    public String toString() {
        return "RunNowRequest" + toBody();
    }

    /** Builds a {@link RunNowRequest}; each setter validates its input. */
    public static final class Builder {
        private final long jobId;
        private Map<String, String> jobParameters = Map.of();
        private Map<String, String> notebookParams = Map.of();
        private List<String> pythonParams = List.of();
        private List<String> jarParams = List.of();
        private String idempotencyToken;

        private Builder(long jobId) {
            this.jobId = jobId;
        }

        /**
         * @param params job-level parameters (name to value); names not blank; values strings, numbers or
         *               booleans (sent as their text, as Databricks takes every parameter as a string), not null
         * @return this builder
         */
        public Builder jobParameters(Map<String, ?> params) {
            this.jobParameters = params(params, "jobParameters");
            return this;
        }

        /**
         * @param params notebook widget values (strings, numbers or booleans); cannot be combined with JAR
         *               parameters
         * @return this builder
         */
        public Builder notebookParams(Map<String, ?> params) {
            this.notebookParams = params(params, "notebookParams");
            return this;
        }

        /**
         * @param params command-line parameters of a Python task
         * @return this builder
         */
        public Builder pythonParams(List<String> params) {
            this.pythonParams = list(params, "pythonParams");
            return this;
        }

        /**
         * @param params parameters of a JAR task's main method; cannot be combined with notebook parameters
         * @return this builder
         */
        public Builder jarParams(List<String> params) {
            this.jarParams = list(params, "jarParams");
            return this;
        }

        /**
         * @param token at most 64 characters; a repeated run-now with the same token returns the existing run
         *              instead of starting another. Null or blank for none
         * @return this builder
         */
        public Builder idempotencyToken(String token) {
            if (token == null || token.isBlank()) {
                this.idempotencyToken = null;
                return this;
            }
            String t = token.strip();
            if (t.length() > MAX_IDEMPOTENCY_TOKEN) {
                throw new IllegalArgumentException("idempotencyToken must be at most " + MAX_IDEMPOTENCY_TOKEN
                        + " characters, got " + t.length());
            }
            this.idempotencyToken = t;
            return this;
        }

        /**
         * @return the request
         * @throws IllegalArgumentException when notebook and JAR parameters are both set
         */
        public RunNowRequest build() {
            if (!notebookParams.isEmpty() && !jarParams.isEmpty()) {
                throw new IllegalArgumentException("notebookParams and jarParams cannot be used together (Databricks"
                        + " rejects run-now with both); set one of them");
            }
            return new RunNowRequest(this);
        }

        private static Map<String, String> params(Map<String, ?> params, String field) {
            if (params == null) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            // iterated as raw entries: a Groovy caller may hand over non-String keys (GStrings); their text counts
            for (Map.Entry<?, ?> e : ((Map<?, ?>) params).entrySet()) {
                String name = e.getKey() == null ? null : e.getKey().toString();
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(field + " has an empty parameter name");
                }
                Object value = e.getValue();
                if (value == null) {
                    throw new IllegalArgumentException(field + " parameter '" + name + "' has no value; pass a"
                            + " string (empty is allowed)");
                }
                if (!(value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                        || value instanceof Character)) {
                    throw new IllegalArgumentException(field + "." + name + ": a parameter value must be a string,"
                            + " number or boolean, got " + value.getClass().getSimpleName());
                }
                out.put(name, value.toString());
            }
            return Collections.unmodifiableMap(out);
        }

        private static List<String> list(List<String> params, String field) {
            if (params == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                if (params.get(i) == null) {
                    throw new IllegalArgumentException(field + "[" + i + "] is null; pass a string");
                }
                out.add(String.valueOf(params.get(i)));
            }
            return Collections.unmodifiableList(out);
        }
    }
}
