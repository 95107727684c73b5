package io.jenkins.plugins.databricks.steps.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code name=value} lines forms use where Pipeline passes a map (job parameters, query parameters).
 * Blank lines and lines starting with {@code #} are ignored; the value is everything after the first {@code =}.
 */
public final class KeyValueText {

    private KeyValueText() {}

    /**
     * @param field the field's name, for the message
     * @throws IllegalArgumentException naming the field and the line when a line has no name or no {@code =}
     */
    public static Map<String, String> parse(String field, String text) {
        Map<String, String> result = new LinkedHashMap<>();
        if (text == null) {
            return result;
        }
        String[] lines = text.split("\\r?\\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(field + ": line " + (i + 1) + " must look like name=value, not '"
                        + line + "'");
            }
            result.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return result;
    }

    /** The inverse of {@link #parse}: one {@code name=value} line per entry. */
    public static String format(Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("\n"));
    }
}
