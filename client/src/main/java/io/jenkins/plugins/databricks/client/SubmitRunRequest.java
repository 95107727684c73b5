package io.jenkins.plugins.databricks.client;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
    public static final Map<String, String> TASK_TYPES = orderedTypes();
    private static final Set<String> COMMON_KEYS = Set.of("type", "key", "task_key", "depends_on", "libraries",
            "existing_cluster_id", "new_cluster", "timeout_seconds", "parameters");
    private static final Map<String, Set<String>> TYPE_KEYS = Map.of(
            "notebook", Set.of("path"),
            "python_file", Set.of("path"),
            "python_wheel", Set.of("package_name", "entry_point"),
            "jar", Set.of("main_class"),
            "sql_file", Set.of("path", "warehouse_id"));

    private final Map<String, Object> body;
    private final String idempotencyToken;

    private SubmitRunRequest(Map<String, Object> body, String idempotencyToken) {
        this.body = body;
        this.idempotencyToken = idempotencyToken;
    }

    private static Map<String, String> orderedTypes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("notebook", "notebook_task");
        m.put("python_file", "spark_python_task");
        m.put("python_wheel", "python_wheel_task");
        m.put("jar", "spark_jar_task");
        m.put("sql_file", "sql_task");
        return Collections.unmodifiableMap(m);
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

    /** Builds a {@link SubmitRunRequest}; setters validate their input, {@link #build()} the whole. */
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
            Object type = t.get("type");
            if (type == null || type.toString().isBlank()) {
                throw new IllegalArgumentException(where + ".type must be set; expected one of "
                        + String.join(", ", TASK_TYPES.keySet()));
            }
            // accepted spellings: python_file, pythonFile, python-file, and the API's spark_python_task
            String ty = type.toString().strip().toLowerCase(Locale.ROOT).replace('-', '_')
                    .replace("pythonfile", "python_file").replace("pythonwheel", "python_wheel")
                    .replace("sqlfile", "sql_file");
            for (Map.Entry<String, String> e : TASK_TYPES.entrySet()) {
                if (e.getValue().equals(ty)) {
                    ty = e.getKey();
                }
            }
            if (!TASK_TYPES.containsKey(ty)) {
                throw new IllegalArgumentException(where + ".type '" + type + "' is not a task type; expected one of "
                        + String.join(", ", TASK_TYPES.keySet()));
            }
            for (String k : t.keySet()) {
                if (!COMMON_KEYS.contains(k) && !TYPE_KEYS.get(ty).contains(k)) {
                    throw new IllegalArgumentException(where + " (" + ty + ") has an unknown key '" + k
                            + "'; accepted: " + String.join(", ", new java.util.TreeSet<>(union(ty))));
                }
            }
            for (String required : TYPE_KEYS.get(ty)) {
                Object v = t.get(required);
                if (v == null || v.toString().isBlank()) {
                    throw new IllegalArgumentException(where + " (" + ty + ") needs '" + required + "'");
                }
            }
            t.put("type", ty);
            tasks.add(t);
            return this;
        }

        private static Set<String> union(String type) {
            Set<String> all = new LinkedHashSet<>(COMMON_KEYS);
            all.addAll(TYPE_KEYS.get(type));
            return all;
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
            String u = GitProviders.url(url, "gitUrl");
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("git_url", u);
            g.put("git_provider", GitProviders.resolve(provider, u, "gitProvider"));
            int refs = 0;
            if (branch != null && !branch.isBlank()) {
                g.put("git_branch", branch.strip());
                refs++;
            }
            if (tag != null && !tag.isBlank()) {
                g.put("git_tag", tag.strip());
                refs++;
            }
            if (commit != null && !commit.isBlank()) {
                if (!commit.strip().matches("[0-9a-fA-F]{7,40}")) {
                    throw new IllegalArgumentException("gitCommit '" + commit.strip() + "' is not a commit id;"
                            + " expected 7 to 40 hex digits");
                }
                g.put("git_commit", commit.strip());
                refs++;
            }
            if (refs != 1) {
                throw new IllegalArgumentException("gitUrl needs exactly one of gitBranch, gitTag and gitCommit, got "
                        + refs);
            }
            this.gitSource = g;
            return this;
        }

        /**
         * @param params run parameters (name to string, number or boolean); see {@link SubmitRunRequest}
         * @return this builder
         */
        public Builder parameters(Map<String, ?> params) {
            this.parameters = stringMap(params, "parameters");
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
                        + String.join(", ", TASK_TYPES.keySet()) + ") and its keys");
            }
            int computes = (existingClusterId != null ? 1 : 0) + (newCluster != null ? 1 : 0) + (serverless ? 1 : 0);
            if (computes > 1) {
                throw new IllegalArgumentException("existingClusterId, newCluster and serverless are alternatives; set"
                        + " one of them");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("run_name", runName == null ? "Jenkins one-time run" : runName);
            if (gitSource != null) {
                body.put("git_source", new LinkedHashMap<>(gitSource));
            }
            if (timeoutSeconds != null) {
                body.put("timeout_seconds", timeoutSeconds);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            List<Object> dependencies = new ArrayList<>();
            Set<String> keys = new LinkedHashSet<>();
            Map<String, Integer> perType = new LinkedHashMap<>();
            boolean needsEnvironment = false;
            for (int i = 0; i < tasks.size(); i++) {
                Map<String, Object> spec = tasks.get(i);
                String where = "tasks[" + i + "]";
                String type = (String) spec.get("type");
                int n = perType.merge(type, 1, Integer::sum);
                Object k = spec.get("key") != null ? spec.get("key") : spec.get("task_key");
                String key = k == null ? (n == 1 ? type : type + "_" + n) : k.toString().strip();
                if (!key.matches("[A-Za-z0-9_.-]{1,100}")) {
                    throw new IllegalArgumentException(where + ".key '" + key + "' is not accepted; expected 1 to 100"
                            + " letters, digits, '_', '-' or '.'");
                }
                if (!keys.add(key)) {
                    throw new IllegalArgumentException(where + ".key '" + key + "' is used by another task; keys must"
                            + " be unique");
                }
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("task_key", key);
                Object deps = spec.get("depends_on");
                if (deps != null) {
                    List<Map<String, Object>> d = new ArrayList<>();
                    for (Object dep : list(deps, where + ".depends_on")) {
                        d.add(new LinkedHashMap<>(Map.of("task_key", dep.toString())));
                        dependencies.add(new String[] {where, dep.toString()});
                    }
                    task.put("depends_on", d);
                }
                task.put(TASK_TYPES.get(type), taskBody(type, spec, where));
                boolean sql = type.equals("sql_file");
                List<Map<String, Object>> libraries = libraries(spec.get("libraries"), where);
                boolean ownCompute = spec.get("existing_cluster_id") != null || spec.get("new_cluster") != null;
                if (spec.get("existing_cluster_id") != null) {
                    task.put("existing_cluster_id", Checks.id(spec.get("existing_cluster_id").toString(),
                            where + ".existing_cluster_id", "0123-456789-abcdefgh"));
                } else if (spec.get("new_cluster") != null) {
                    task.put("new_cluster", PlainValues.jsonReady(spec.get("new_cluster"), where + ".new_cluster"));
                } else if (!sql && existingClusterId != null) {
                    task.put("existing_cluster_id", existingClusterId);
                } else if (!sql && newCluster != null) {
                    task.put("new_cluster", PlainValues.jsonReady(newCluster, "newCluster"));
                } else if (!sql && serverless && (type.equals("python_file") || type.equals("python_wheel"))) {
                    task.put("environment_key", "default");
                    needsEnvironment = true;
                } else if (!sql && serverless && type.equals("jar")) {
                    throw new IllegalArgumentException(where + " (jar) needs a cluster: set existingClusterId or"
                            + " newCluster (or the task's existing_cluster_id); serverless compute does not run JAR"
                            + " tasks");
                } else if (!sql && !serverless) {
                    throw new IllegalArgumentException(where + " (" + type + ") has no compute: set one of"
                            + " existingClusterId, newCluster or serverless (or the task's existing_cluster_id or"
                            + " new_cluster)");
                }
                if (!libraries.isEmpty() && !sql) {
                    if (task.containsKey("environment_key") && !ownCompute) {
                        // serverless tasks take their libraries as environment dependencies, collected below
                        task.put("__libraries", libraries);
                    } else {
                        task.put("libraries", libraries);
                    }
                }
                if (spec.get("timeout_seconds") != null) {
                    task.put("timeout_seconds", number(spec.get("timeout_seconds"), where + ".timeout_seconds"));
                }
                out.add(task);
            }
            for (Object d : dependencies) {
                String[] dep = (String[]) d;
                if (!keys.contains(dep[1])) {
                    throw new IllegalArgumentException(dep[0] + ".depends_on names '" + dep[1] + "', which is not a"
                            + " task key; keys: " + String.join(", ", keys));
                }
            }
            if (needsEnvironment) {
                List<Object> deps = new ArrayList<>();
                for (Map<String, Object> task : out) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> libs = (List<Map<String, Object>>) task.remove("__libraries");
                    if (libs != null) {
                        for (Map<String, Object> lib : libs) {
                            Object v = lib.containsKey("whl") ? lib.get("whl") : lib.get("pypi") instanceof Map
                                    ? ((Map<?, ?>) lib.get("pypi")).get("package") : null;
                            if (v == null) {
                                throw new IllegalArgumentException("task " + task.get("task_key") + ": serverless"
                                        + " compute takes wheels and PyPI packages as libraries, not " + lib);
                            }
                            if (!deps.contains(v)) {
                                deps.add(v);
                            }
                        }
                    }
                }
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("client", "1");
                if (!deps.isEmpty()) {
                    spec.put("dependencies", deps);
                }
                Map<String, Object> env = new LinkedHashMap<>();
                env.put("environment_key", "default");
                env.put("spec", spec);
                body.put("environments", new ArrayList<>(List.of(env)));
            }
            body.put("tasks", out);
            if (idempotencyToken != null) {
                body.put("idempotency_token", idempotencyToken);
            }
            return new SubmitRunRequest(body, idempotencyToken);
        }

        private Map<String, Object> taskBody(String type, Map<String, Object> spec, String where) {
            Map<String, Object> t = new LinkedHashMap<>();
            Object own = spec.get("parameters");
            switch (type) {
                case "notebook":
                    t.put("notebook_path", path(spec.get("path"), where + ".path", false));
                    t.put("source", source());
                    Map<String, String> base = new LinkedHashMap<>(parameters);
                    if (own != null) {
                        base.putAll(stringMap(map(own, where + ".parameters (a map for notebooks)"),
                                where + ".parameters"));
                    }
                    if (!base.isEmpty()) {
                        t.put("base_parameters", base);
                    }
                    break;
                case "python_file":
                    t.put("python_file", path(spec.get("path"), where + ".path", true));
                    t.put("source", source());
                    t.put("parameters", own != null ? strings(own, where + ".parameters (a list for Python files)")
                            : flags());
                    break;
                case "python_wheel":
                    t.put("package_name", spec.get("package_name").toString().strip());
                    t.put("entry_point", spec.get("entry_point").toString().strip());
                    if (own instanceof Map) {
                        t.put("named_parameters", stringMap(map(own, where + ".parameters"), where + ".parameters"));
                    } else if (own != null) {
                        t.put("parameters", strings(own, where + ".parameters (a list or map for wheels)"));
                    } else if (!parameters.isEmpty()) {
                        t.put("named_parameters", new LinkedHashMap<>(parameters));
                    }
                    break;
                case "jar":
                    t.put("main_class_name", spec.get("main_class").toString().strip());
                    t.put("parameters", own != null ? strings(own, where + ".parameters (a list for JARs)")
                            : flags());
                    break;
                case "sql_file": {
                    Map<String, Object> file = new LinkedHashMap<>();
                    file.put("path", path(spec.get("path"), where + ".path", true));
                    file.put("source", source());
                    t.put("file", file);
                    t.put("warehouse_id", Checks.id(spec.get("warehouse_id").toString(), where + ".warehouse_id",
                            "1234567890abcdef"));
                    Map<String, String> p = new LinkedHashMap<>(parameters);
                    if (own != null) {
                        p.putAll(stringMap(map(own, where + ".parameters (a map for SQL files)"),
                                where + ".parameters"));
                    }
                    if (!p.isEmpty()) {
                        t.put("parameters", p);
                    }
                    break;
                }
                default:
                    throw new IllegalStateException(type);
            }
            if (t.get("parameters") instanceof List && ((List<?>) t.get("parameters")).isEmpty()) {
                t.remove("parameters");
            }
            return t;
        }

        private String source() {
            return gitSource != null ? "GIT" : "WORKSPACE";
        }

        private List<String> flags() {
            List<String> out = new ArrayList<>();
            parameters.forEach((k, v) -> out.add("--" + k + "=" + v));
            return out;
        }

        /** Workspace paths must be absolute; file paths may also be dbfs:/ or /Volumes/; Git paths relative. */
        private String path(Object value, String field, boolean file) {
            String p = value.toString().strip();
            if (gitSource != null) {
                if (p.startsWith("/") || p.contains("://") || p.contains("..")) {
                    throw new IllegalArgumentException(field + " '" + p + "' must be relative to the repository root"
                            + " with a Git source, such as notebooks/etl");
                }
                return p;
            }
            if (file && (p.regionMatches(true, 0, "dbfs:/", 0, 6) || p.startsWith("/Volumes/"))) {
                return p;
            }
            return WorkspacePaths.absolute(p, field);
        }

        private static List<Map<String, Object>> libraries(Object value, String where) {
            List<Map<String, Object>> out = new ArrayList<>();
            if (value == null) {
                return out;
            }
            int i = 0;
            for (Object lib : list(value, where + ".libraries")) {
                String field = where + ".libraries[" + i++ + "]";
                if (lib instanceof Map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) PlainValues.jsonReady(lib, field);
                    out.add(m);
                    continue;
                }
                String s = lib == null ? "" : lib.toString().strip();
                if (s.isEmpty()) {
                    throw new IllegalArgumentException(field + " is empty; expected a .whl or .jar path, a PyPI"
                            + " requirement or a library map");
                }
                Map<String, Object> m = new LinkedHashMap<>();
                String lower = s.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".whl")) {
                    m.put("whl", s);
                } else if (lower.endsWith(".jar")) {
                    m.put("jar", s);
                } else if (s.contains("/")) {
                    throw new IllegalArgumentException(field + " '" + s + "' is a path but neither a .whl nor a .jar;"
                            + " give a library map for other kinds");
                } else {
                    m.put("pypi", new LinkedHashMap<>(Map.of("package", s)));
                }
                out.add(m);
            }
            return out;
        }

        private static List<?> list(Object value, String field) {
            if (value instanceof List) {
                return (List<?>) value;
            }
            if (value instanceof Object[]) {
                return List.of((Object[]) value);
            }
            if (value instanceof CharSequence) {
                return List.of(value.toString());
            }
            throw new IllegalArgumentException(field + " must be a list, got " + value.getClass().getSimpleName());
        }

        private static List<String> strings(Object value, String field) {
            if (value instanceof Map) {
                throw new IllegalArgumentException(field + " must be a list of strings, got a map");
            }
            List<String> out = new ArrayList<>();
            for (Object v : list(value, field)) {
                if (v == null) {
                    throw new IllegalArgumentException(field + " holds a null; pass strings");
                }
                out.add(v.toString());
            }
            return out;
        }

        private static Map<?, ?> map(Object value, String field) {
            if (!(value instanceof Map)) {
                throw new IllegalArgumentException(field + " must be a map of names to values, got "
                        + value.getClass().getSimpleName());
            }
            return (Map<?, ?>) value;
        }

        private static long number(Object value, String field) {
            if (value instanceof Number) {
                return ((Number) value).longValue();
            }
            try {
                return Long.parseLong(value.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " must be a whole number of seconds, got '" + value + "'");
            }
        }

        private static Map<String, String> stringMap(Map<?, ?> params, String field) {
            if (params == null) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : params.entrySet()) {
                String name = e.getKey() == null ? null : e.getKey().toString();
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException(field + " has an empty parameter name");
                }
                Object v = e.getValue();
                if (!(v instanceof CharSequence || v instanceof Number || v instanceof Boolean
                        || v instanceof Character)) {
                    throw new IllegalArgumentException(field + "." + name + ": a parameter value must be a string,"
                            + " number or boolean, got " + (v == null ? "null" : v.getClass().getSimpleName()));
                }
                out.put(name, v.toString());
            }
            return Collections.unmodifiableMap(out);
        }
    }
}
