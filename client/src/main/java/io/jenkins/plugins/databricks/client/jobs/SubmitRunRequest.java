package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.PlainValues;
import io.jenkins.plugins.databricks.client.workspace.RepoUpdateRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A one-time run ({@code jobs/runs/submit}) built from simple inputs: tasks described as maps, where they run
 * (an existing cluster, a new cluster spec, or serverless), an optional Git source, parameters as a map and an
 * idempotency token. {@link #toBody()} is the request Databricks takes. Immutable and Serializable.
 *
 * <p>A task is a map with {@code type} and what that type needs:
 * <table>
 *   <caption>Task types</caption>
 *   <tr><th>type</th><th>keys</th></tr>
 *   <tr><td>notebook</td><td>path; parameters (map)</td></tr>
 *   <tr><td>python_file</td><td>path; parameters (list)</td></tr>
 *   <tr><td>python_wheel</td><td>package_name, entry_point; parameters (list or map)</td></tr>
 *   <tr><td>jar</td><td>main_class; parameters (list)</td></tr>
 *   <tr><td>sql_file</td><td>path, warehouse_id; parameters (map)</td></tr>
 * </table>
 * and for every type: {@code key} (the task key; default {@code type}, then {@code type_2}, ...),
 * {@code depends_on} (list of keys), {@code libraries} (list: a path ending in {@code .whl} or {@code .jar}, a
 * PyPI requirement such as {@code requests==2.32.3}, or a library map as Databricks takes it),
 * {@code existing_cluster_id} / {@code new_cluster} (this task's compute instead of the run's),
 * {@code timeout_seconds}. Paths: absolute workspace paths (or {@code dbfs:/}, {@code /Volumes/} for files),
 * or paths relative to the repository root with a Git source.
 *
 * <p>The run's {@link Builder#parameters} map goes to every task that takes named parameters: a notebook's
 * {@code base_parameters}, a SQL file's {@code parameters}, a wheel's {@code named_parameters}; a Python file
 * or JAR gets them as {@code --name=value} arguments. A task's own {@code parameters} win.
 */
public final class SubmitRunRequest implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Task types and the task field Databricks names them by. */
    public static final Map<String, String> TASK_TYPES = TaskKind.types();

    private final Map<String, Object> body;
    private final String idempotencyToken;

    private SubmitRunRequest(Map<String, Object> body, String idempotencyToken) {
        this.body = body;
        this.idempotencyToken = idempotencyToken;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the runs/submit request body (a copy) */
    public Map<String, Object> toBody() {
        return copy(body);
    }

    /** @return the idempotency token, or null */
    public String idempotencyToken() {
        return idempotencyToken;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map ? copy((Map<String, Object>) v)
                : v instanceof List ? new ArrayList<>((List<Object>) v) : v));
        return out;
    }

    @Override
    public String toString() {
        return "SubmitRunRequest" + body;
    }

    /**
     * Builds a {@link SubmitRunRequest}; setters validate their input, {@link #build()} the whole. Each task kind
     * writes its own part ({@link TaskKind}), compute is one of three ({@link RunCompute}), a Git source is checked
     * on its own ({@link GitSource}).
     */
    public static final class Builder {
        private String runName;
        private final List<Map<String, Object>> tasks = new ArrayList<>();
        private String existingClusterId;
        private Map<String, Object> newCluster;
        private boolean serverless;
        private Map<String, Object> gitSource;
        private Map<String, String> parameters = Map.of();
        private String idempotencyToken;
        private Long timeoutSeconds;

        private Builder() {
        }

        /**
         * @param name the run's name in the Databricks UI; default "Jenkins one-time run"
         * @return this builder
         */
        public Builder runName(String name) {
            this.runName = name == null || name.isBlank() ? null : name.strip();
            return this;
        }

        /**
         * Adds a task (see {@link SubmitRunRequest} for the keys).
         *
         * @param spec the task
         * @return this builder
         * @throws IllegalArgumentException naming the task, the key and what it accepts
         */
        public Builder task(Map<String, ?> spec) {
            if (spec == null) {
                throw new IllegalArgumentException("task must not be null; expected a map with type and its keys");
            }
            Map<String, Object> t = new LinkedHashMap<>();
            spec.forEach((k, v) -> t.put(String.valueOf(k), v));
            String where = "tasks[" + tasks.size() + "]";
            TaskKind kind = TaskKind.of(t.get("type"), where);
            kind.checkKeys(t, where);
            t.put("type", kind.type);
            tasks.add(t);
            return this;
        }

        /**
         * @param tasks tasks as maps; replaces those added so far
         * @return this builder
         */
        public Builder tasks(List<? extends Map<String, ?>> tasks) {
            this.tasks.clear();
            if (tasks != null) {
                tasks.forEach(this::task);
            }
            return this;
        }

        /**
         * Runs the tasks on an existing all-purpose cluster.
         *
         * @param clusterId the cluster id
         * @return this builder
         */
        public Builder existingCluster(String clusterId) {
            this.existingClusterId = Checks.id(clusterId, "existingClusterId", "0123-456789-abcdefgh");
            return this;
        }

        /**
         * Runs the tasks on a new job cluster of this spec ({@code spark_version}, {@code node_type_id},
         * {@code num_workers} or {@code autoscale}, ...), created for the run.
         *
         * @param spec the cluster spec as Databricks takes it
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public Builder newCluster(Map<String, ?> spec) {
            if (spec == null || spec.isEmpty()) {
                throw new IllegalArgumentException("newCluster must be a cluster spec with spark_version and"
                        + " node_type_id (and num_workers or autoscale)");
            }
            Map<String, Object> s = (Map<String, Object>) PlainValues.jsonReady(spec, "newCluster");
            for (String k : List.of("spark_version", "node_type_id")) {
                if (s.get(k) == null && !(k.equals("node_type_id") && s.get("instance_pool_id") != null)) {
                    throw new IllegalArgumentException("newCluster needs '" + k + "'");
                }
            }
            this.newCluster = s;
            return this;
        }

        /**
         * Runs the tasks on serverless compute: notebooks as they are; Python files and wheels in a serverless
         * environment whose dependencies are the tasks' libraries. SQL files run on their warehouse anyway.
         *
         * @return this builder
         */
        public Builder serverless() {
            this.serverless = true;
            return this;
        }

        /**
         * Runs task paths from a Git repository.
         *
         * @param url the repository's https URL
         * @param provider the provider (see {@link RepoUpdateRequest.Builder#provider}), or null to infer it
         * @param branch a branch, or null
         * @param tag a tag, or null
         * @param commit a commit id, or null; exactly one of branch, tag and commit
         * @return this builder
         */
        public Builder gitSource(String url, String provider, String branch, String tag, String commit) {
            this.gitSource = GitSource.of(url, provider, branch, tag, commit);
            return this;
        }

        /**
         * @param params run parameters (name to string, number or boolean); see {@link SubmitRunRequest}
         * @return this builder
         */
        public Builder parameters(Map<String, ?> params) {
            this.parameters = TaskSpecs.stringMap(params, "parameters");
            return this;
        }

        /**
         * @param token at most 64 characters; a repeated submit with the same token returns the existing run
         *              (and the client may then repeat the request after an ambiguous failure). Null for none
         * @return this builder
         */
        public Builder idempotencyToken(String token) {
            if (token == null || token.isBlank()) {
                this.idempotencyToken = null;
                return this;
            }
            String t = token.strip();
            if (t.length() > RunNowRequest.MAX_IDEMPOTENCY_TOKEN) {
                throw new IllegalArgumentException("idempotencyToken must be at most "
                        + RunNowRequest.MAX_IDEMPOTENCY_TOKEN + " characters, got " + t.length());
            }
            this.idempotencyToken = t;
            return this;
        }

        /**
         * @param seconds the run's timeout on the Databricks side; 0 or less for none
         * @return this builder
         */
        public Builder timeoutSeconds(long seconds) {
            this.timeoutSeconds = seconds > 0 ? seconds : null;
            return this;
        }

        /**
         * @return the request
         * @throws IllegalArgumentException when there is no task, compute is ambiguous or missing, keys repeat or
         *         dependencies name unknown tasks
         */
        public SubmitRunRequest build() {
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("tasks must hold at least one task; expected maps with type ("
                        + TaskKind.names() + ") and its keys");
            }
            RunCompute compute = new RunCompute(existingClusterId, newCluster, serverless);
            TaskKind.RunDefaults defaults = new TaskKind.RunDefaults(parameters, gitSource != null);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run_name", runName == null ? "Jenkins one-time run" : runName);
            if (gitSource != null) {
                body.put("git_source", new LinkedHashMap<>(gitSource));
            }
            if (timeoutSeconds != null) {
                body.put("timeout_seconds", timeoutSeconds);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            List<String[]> dependencies = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>();
            Map<String, Integer> perType = new LinkedHashMap<>();
            boolean needsEnvironment = false;
            for (int i = 0; i < tasks.size(); i++) {
                Map<String, Object> spec = tasks.get(i);
                String where = "tasks[" + i + "]";
                TaskKind kind = TaskKind.of(spec.get("type"), where);
                String key = key(spec, kind, perType.merge(kind.type, 1, Integer::sum), where);
                if (!keys.add(key)) {
                    throw new IllegalArgumentException(where + ".key '" + key + "' is used by another task; keys must"
                            + " be unique");
                }
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("task_key", key);
                Object deps = spec.get("depends_on");
                if (deps != null) {
                    List<Map<String, Object>> d = new ArrayList<>();
                    for (Object dep : TaskSpecs.list(deps, where + ".depends_on")) {
                        d.add(new LinkedHashMap<>(Map.of("task_key", dep.toString())));
                        dependencies.add(new String[] {where, dep.toString()});
                    }
                    task.put("depends_on", d);
                }
                task.put(kind.apiField, kind.taskBody(spec, where, defaults));
                needsEnvironment |= compute.assign(task, spec, kind, where);
                if (spec.get("timeout_seconds") != null) {
                    task.put("timeout_seconds", TaskSpecs.number(spec.get("timeout_seconds"),
                            where + ".timeout_seconds"));
                }
                out.add(task);
            }
            for (String[] dep : dependencies) {
                if (!keys.contains(dep[1])) {
                    throw new IllegalArgumentException(dep[0] + ".depends_on names '" + dep[1] + "', which is not a"
                            + " task key; keys: " + String.join(", ", keys));
                }
            }
            if (needsEnvironment) {
                body.put("environments", RunCompute.environments(out));
            }
            body.put("tasks", out);
            if (idempotencyToken != null) {
                body.put("idempotency_token", idempotencyToken);
            }
            return new SubmitRunRequest(body, idempotencyToken);
        }

        /** The task's key: its own, else its type, then type_2, ... */
        private static String key(Map<String, Object> spec, TaskKind kind, int n, String where) {
            Object k = spec.get("key") != null ? spec.get("key") : spec.get("task_key");
            String key = k == null ? (n == 1 ? kind.type : kind.type + "_" + n) : k.toString().strip();
            if (!key.matches("[A-Za-z0-9_.-]{1,100}")) {
                throw new IllegalArgumentException(where + ".key '" + key + "' is not accepted; expected 1 to 100"
                        + " letters, digits, '_', '-' or '.'");
            }
            return key;
        }
    }
}
