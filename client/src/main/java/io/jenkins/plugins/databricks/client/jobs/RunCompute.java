package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.PlainValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the tasks of a one-time run compute: an existing cluster, a new job cluster, or serverless (with one
 * environment whose dependencies are the serverless tasks' libraries). A task's own {@code existing_cluster_id} or
 * {@code new_cluster} wins; SQL files run on their warehouse.
 *
 * @param existingClusterId the run's cluster, or null
 * @param newCluster the run's job cluster spec, or null
 * @param serverless whether the run is serverless
 */
record RunCompute(String existingClusterId, Map<String, Object> newCluster, boolean serverless) {
    /** The environment serverless Python tasks name. */
    static final String ENVIRONMENT = "default";

    /** @throws IllegalArgumentException when more than one is set */
    RunCompute {
        int computes = (existingClusterId != null ? 1 : 0) + (newCluster != null ? 1 : 0) + (serverless ? 1 : 0);
        if (computes > 1) {
            throw new IllegalArgumentException("existingClusterId, newCluster and serverless are alternatives; set"
                    + " one of them");
        }
    }

    /**
     * Sets the task's compute and libraries.
     *
     * @return whether the task runs in the serverless environment
     */
    boolean assign(Map<String, Object> task, Map<String, Object> spec, TaskKind kind, String where) {
        boolean sql = kind == TaskKind.SQL_FILE;
        List<Map<String, Object>> libraries = TaskSpecs.libraries(spec.get("libraries"), where);
        boolean ownCompute = spec.get("existing_cluster_id") != null || spec.get("new_cluster") != null;
        boolean environment = false;
        if (spec.get("existing_cluster_id") != null) {
            task.put("existing_cluster_id", Checks.id(spec.get("existing_cluster_id").toString(),
                    where + ".existing_cluster_id", "0123-456789-abcdefgh"));
        } else if (spec.get("new_cluster") != null) {
            task.put("new_cluster", PlainValues.jsonReady(spec.get("new_cluster"), where + ".new_cluster"));
        } else if (!sql && existingClusterId != null) {
            task.put("existing_cluster_id", existingClusterId);
        } else if (!sql && newCluster != null) {
            task.put("new_cluster", PlainValues.jsonReady(newCluster, "newCluster"));
        } else if (!sql && serverless && (kind == TaskKind.PYTHON_FILE || kind == TaskKind.PYTHON_WHEEL)) {
            task.put("environment_key", ENVIRONMENT);
            environment = true;
        } else if (!sql && serverless && kind == TaskKind.JAR) {
            throw new IllegalArgumentException(where + " (jar) needs a cluster: set existingClusterId or"
                    + " newCluster (or the task's existing_cluster_id); serverless compute does not run JAR"
                    + " tasks");
        } else if (!sql && !serverless) {
            throw new IllegalArgumentException(where + " (" + kind.type + ") has no compute: set one of"
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
        return environment;
    }

    /**
     * The run's {@code environments}: one, whose dependencies are the libraries of the serverless tasks (taken out
     * of those tasks).
     */
    static List<Object> environments(List<Map<String, Object>> tasks) {
        List<Object> deps = new ArrayList<>();
        for (Map<String, Object> task : tasks) {
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
        env.put("environment_key", ENVIRONMENT);
        env.put("spec", spec);
        return new ArrayList<>(List.of(env));
    }
}
