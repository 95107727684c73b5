package io.jenkins.plugins.databricks.steps.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.Descriptor.FormException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;

/**
 * One task of {@code databricksSubmitRun} as its structured form shows it: a repeatable entry whose type is chosen
 * from a drop-down and shows that type's fields, plus what every task takes. Pipeline scripts keep writing the task as
 * a map; this class only turns that map into the form's fields and the submitted fields back into the map. Keys the
 * form has no field for (a task's own {@code new_cluster}, {@code timeout_seconds}, ...) are kept in "Other keys".
 */
public final class SubmitTaskForm {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys with a field of their own in the form. */
    private static final Set<String> FIELDS = Set.of("type", "key", "task_key", "depends_on", "libraries",
            "parameters", "path", "package_name", "entry_point", "main_class", "warehouse_id");

    private final Map<String, Object> task;

    private SubmitTaskForm(Map<String, Object> task) {
        this.task = task;
    }

    /** The form entries of a step's tasks. */
    public static List<SubmitTaskForm> of(List<Map<String, Object>> tasks) {
        List<SubmitTaskForm> out = new ArrayList<>();
        for (Map<String, Object> t : tasks) {
            out.add(new SubmitTaskForm(t));
        }
        return out;
    }

    public String getType() {
        return text("type");
    }

    public String getKey() {
        return task.get("key") != null ? text("key") : text("task_key");
    }

    public String getPath() {
        return text("path");
    }

    public String getPackageName() {
        return text("package_name");
    }

    public String getEntryPoint() {
        return text("entry_point");
    }

    public String getMainClass() {
        return text("main_class");
    }

    public String getWarehouseId() {
        return text("warehouse_id");
    }

    /** Named parameters as {@code name=value} lines, positional ones one per line. */
    public String getParameters() {
        Object p = task.get("parameters");
        if (p instanceof Map) {
            Map<String, Object> named = new LinkedHashMap<>();
            ((Map<?, ?>) p).forEach((k, v) -> named.put(String.valueOf(k), v));
            return KeyValueText.format(named);
        }
        return p instanceof List ? lines((List<?>) p) : null;
    }

    public String getDependsOn() {
        Object d = task.get("depends_on");
        return d instanceof List ? String.join(", ", strings((List<?>) d)) : d == null ? null : d.toString();
    }

    public String getLibraries() {
        Object l = task.get("libraries");
        return l instanceof List ? lines((List<?>) l) : l == null ? null : l.toString();
    }

    /** The keys the form has no field for, as a JSON object; null when there are none. */
    public String getOther() {
        Map<String, Object> other = new LinkedHashMap<>();
        task.forEach((k, v) -> {
            if (!FIELDS.contains(k)) {
                other.put(k, v);
            }
        });
        if (other.isEmpty()) {
            return null;
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(other);
        } catch (JsonProcessingException e) {
            return other.toString();
        }
    }

    private String text(String k) {
        Object v = task.get(k);
        return v == null ? null : v.toString();
    }

    private static String lines(List<?> values) {
        return String.join("\n", strings(values));
    }

    private static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v instanceof Map ? toJson(v) : String.valueOf(v));
        }
        return out;
    }

    private static String toJson(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    /**
     * The tasks a submitted form holds ({@code taskForms}: one object or a list of them), as maps the step takes.
     *
     * @throws FormException naming the task and the field that could not be read
     */
    public static List<Map<String, Object>> parse(Object submitted) throws FormException {
        List<JSONObject> entries = new ArrayList<>();
        if (submitted instanceof JSONArray) {
            for (Object o : (JSONArray) submitted) {
                entries.add((JSONObject) o);
            }
        } else if (submitted instanceof JSONObject) {
            entries.add((JSONObject) submitted);
        }
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            tasks.add(task(entries.get(i), "tasks[" + i + "]"));
        }
        return tasks;
    }

    private static Map<String, Object> task(JSONObject entry, String where) throws FormException {
        JSONObject kind = entry.optJSONObject("kind");
        // the drop-down's choice: beside the block's fields (an unnamed select), or inside them as "value"
        String type = kind != null && kind.has("value") ? kind.optString("value") : entry.optString("");
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", type);
        put(t, "key", entry.optString("key"));
        for (String k : List.of("path", "package_name", "entry_point", "main_class", "warehouse_id")) {
            if (kind != null) {
                put(t, k, kind.optString(k));
            }
        }
        String params = kind == null ? "" : kind.optString("parameters").strip();
        if (!params.isEmpty()) {
            boolean positional = type.equals("python_file") || type.equals("jar");
            try {
                t.put("parameters", positional ? new ArrayList<>(params.lines().map(String::strip)
                        .filter(s -> !s.isEmpty()).toList()) : new LinkedHashMap<>(KeyValueText.parse(where
                        + ".parameters", params)));
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), "parameters");
            }
        }
        String deps = entry.optString("dependsOn").strip();
        if (!deps.isEmpty()) {
            List<String> d = new ArrayList<>();
            for (String s : deps.split("[,\\s]+")) {
                if (!s.isEmpty()) {
                    d.add(s);
                }
            }
            t.put("depends_on", d);
        }
        String libs = entry.optString("libraries").strip();
        if (!libs.isEmpty()) {
            List<Object> l = new ArrayList<>();
            for (String line : libs.lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                if (line.startsWith("{")) {
                    try {
                        l.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
                    } catch (JsonProcessingException e) {
                        throw new FormException(where + ".libraries: '" + line + "' is not a JSON library map: "
                                + e.getOriginalMessage(), "libraries");
                    }
                } else {
                    l.add(line);
                }
            }
            t.put("libraries", l);
        }
        String other = entry.optString("other").strip();
        if (!other.isEmpty()) {
            try {
                Map<String, Object> extra = JSON.readValue(other, new TypeReference<Map<String, Object>>() { });
                extra.forEach(t::putIfAbsent);
            } catch (JsonProcessingException e) {
                throw new FormException(where + ": other keys must be a JSON object such as {\"timeout_seconds\": "
                        + "600}: " + e.getOriginalMessage(), "other");
            }
        }
        return t;
    }

    private static void put(Map<String, Object> t, String k, String v) {
        if (v != null && !v.isBlank()) {
            t.put(k, v.strip());
        }
    }
}
