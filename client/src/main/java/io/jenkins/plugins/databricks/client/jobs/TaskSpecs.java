package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.core.PlainValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading the loose values of a task map as a Jenkinsfile writes them (lists, maps, numbers as text), each
 * failure naming the field and what it accepts.
 */
final class TaskSpecs {
    private TaskSpecs() {
    }

    static List<Map<String, Object>> libraries(Object value, String where) {
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

    static List<?> list(Object value, String field) {
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

    static List<String> strings(Object value, String field) {
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

    static Map<?, ?> map(Object value, String field) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(field + " must be a map of names to values, got "
                    + value.getClass().getSimpleName());
        }
        return (Map<?, ?>) value;
    }

    static long number(Object value, String field) {
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        try {
            return Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number of seconds, got '" + value + "'");
        }
    }

    static Map<String, String> stringMap(Map<?, ?> params, String field) {
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
