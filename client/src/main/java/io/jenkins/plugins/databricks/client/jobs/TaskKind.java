package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.workspace.WorkspacePaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The kinds of task a one-time run can hold: the name a Jenkinsfile uses, the field Databricks names it by, the
 * keys it needs, and how its part of the request is written (see {@link SubmitRunRequest} for the keys).
 */
enum TaskKind {
    NOTEBOOK("notebook", "notebook_task", "path") {
        @Override
        Map<String, Object> body(Map<String, Object> spec, String where, RunDefaults run) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("notebook_path", run.path(spec.get("path"), where + ".path", false));
            t.put("source", run.source());
            Map<String, String> base = new LinkedHashMap<>(run.parameters());
            Object own = spec.get("parameters");
            if (own != null) {
                base.putAll(TaskSpecs.stringMap(TaskSpecs.map(own, where + ".parameters (a map for notebooks)"),
                        where + ".parameters"));
            }
            if (!base.isEmpty()) {
                t.put("base_parameters", base);
            }
            return t;
        }
    },
    PYTHON_FILE("python_file", "spark_python_task", "path") {
        @Override
        Map<String, Object> body(Map<String, Object> spec, String where, RunDefaults run) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("python_file", run.path(spec.get("path"), where + ".path", true));
            t.put("source", run.source());
            Object own = spec.get("parameters");
            t.put("parameters", own != null ? TaskSpecs.strings(own, where + ".parameters (a list for Python files)")
                    : run.flags());
            return t;
        }
    },
    PYTHON_WHEEL("python_wheel", "python_wheel_task", "package_name", "entry_point") {
        @Override
        Map<String, Object> body(Map<String, Object> spec, String where, RunDefaults run) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("package_name", spec.get("package_name").toString().strip());
            t.put("entry_point", spec.get("entry_point").toString().strip());
            Object own = spec.get("parameters");
            if (own instanceof Map) {
                t.put("named_parameters", TaskSpecs.stringMap(TaskSpecs.map(own, where + ".parameters"),
                        where + ".parameters"));
            } else if (own != null) {
                t.put("parameters", TaskSpecs.strings(own, where + ".parameters (a list or map for wheels)"));
            } else if (!run.parameters().isEmpty()) {
                t.put("named_parameters", new LinkedHashMap<>(run.parameters()));
            }
            return t;
        }
    },
    JAR("jar", "spark_jar_task", "main_class") {
        @Override
        Map<String, Object> body(Map<String, Object> spec, String where, RunDefaults run) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("main_class_name", spec.get("main_class").toString().strip());
            Object own = spec.get("parameters");
            t.put("parameters", own != null ? TaskSpecs.strings(own, where + ".parameters (a list for JARs)")
                    : run.flags());
            return t;
        }
    },
    SQL_FILE("sql_file", "sql_task", "path", "warehouse_id") {
        @Override
        Map<String, Object> body(Map<String, Object> spec, String where, RunDefaults run) {
            Map<String, Object> t = new LinkedHashMap<>();
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", run.path(spec.get("path"), where + ".path", true));
            file.put("source", run.source());
            t.put("file", file);
            t.put("warehouse_id", Checks.id(spec.get("warehouse_id").toString(), where + ".warehouse_id",
                    "1234567890abcdef"));
            Map<String, String> p = new LinkedHashMap<>(run.parameters());
            Object own = spec.get("parameters");
            if (own != null) {
                p.putAll(TaskSpecs.stringMap(TaskSpecs.map(own, where + ".parameters (a map for SQL files)"),
                        where + ".parameters"));
            }
            if (!p.isEmpty()) {
                t.put("parameters", p);
            }
            return t;
        }
    };

    /** Keys every kind takes. */
    static final Set<String> COMMON_KEYS = Set.of("type", "key", "task_key", "depends_on", "libraries",
            "existing_cluster_id", "new_cluster", "timeout_seconds", "parameters");

    final String type;
    final String apiField;
    final List<String> keys;

    TaskKind(String type, String apiField, String... keys) {
        this.type = type;
        this.apiField = apiField;
        this.keys = List.of(keys);
    }

    /** The run-wide settings a task's body depends on. */
    record RunDefaults(Map<String, String> parameters, boolean git) {
        String source() {
            return git ? "GIT" : "WORKSPACE";
        }

        List<String> flags() {
            List<String> out = new ArrayList<>();
            parameters.forEach((k, v) -> out.add("--" + k + "=" + v));
            return out;
        }

        /** Workspace paths must be absolute; file paths may also be dbfs:/ or /Volumes/; Git paths relative. */
        String path(Object value, String field, boolean file) {
            String p = value.toString().strip();
            if (git) {
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
    }

    /** This kind's part of a task ({@code notebook_task}, ...); an empty parameter list is left out. */
    Map<String, Object> taskBody(Map<String, Object> spec, String where, RunDefaults run) {
        Map<String, Object> t = body(spec, where, run);
        if (t.get("parameters") instanceof List && ((List<?>) t.get("parameters")).isEmpty()) {
            t.remove("parameters");
        }
        return t;
    }

    abstract Map<String, Object> body(Map<String, Object> spec, String where, RunDefaults run);

    /** Jenkinsfile names in order, to the API field: notebook to notebook_task, ... */
    static Map<String, String> types() {
        Map<String, String> m = new LinkedHashMap<>();
        for (TaskKind k : values()) {
            m.put(k.type, k.apiField);
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * The kind a task names: python_file, pythonFile, python-file, or the API's spark_python_task.
     *
     * @throws IllegalArgumentException naming the task and the accepted types
     */
    static TaskKind of(Object type, String where) {
        if (type == null || type.toString().isBlank()) {
            throw new IllegalArgumentException(where + ".type must be set; expected one of " + names());
        }
        String ty = type.toString().strip().toLowerCase(Locale.ROOT).replace('-', '_')
                .replace("pythonfile", "python_file").replace("pythonwheel", "python_wheel")
                .replace("sqlfile", "sql_file");
        for (TaskKind k : values()) {
            if (k.type.equals(ty) || k.apiField.equals(ty)) {
                return k;
            }
        }
        throw new IllegalArgumentException(where + ".type '" + type + "' is not a task type; expected one of "
                + names());
    }

    static String names() {
        return String.join(", ", types().keySet());
    }

    /** Checks the task's keys: none unknown, every required one set. */
    void checkKeys(Map<String, Object> t, String where) {
        for (String k : t.keySet()) {
            if (!COMMON_KEYS.contains(k) && !keys.contains(k)) {
                Set<String> all = new LinkedHashSet<>(COMMON_KEYS);
                all.addAll(keys);
                throw new IllegalArgumentException(where + " (" + type + ") has an unknown key '" + k
                        + "'; accepted: " + String.join(", ", new java.util.TreeSet<>(all)));
            }
        }
        for (String required : keys) {
            Object v = t.get(required);
            if (v == null || v.toString().isBlank()) {
                throw new IllegalArgumentException(where + " (" + type + ") needs '" + required + "'");
            }
        }
    }
}
