package io.jenkins.plugins.databricks.steps.support;

import hudson.AbortException;
import hudson.Util;

/** The step-level checks of mandatory arguments, worded the same for Pipeline steps and build steps. */
public final class Arguments {

    private Arguments() {}

    /**
     * @param field the argument's name as the user writes it
     * @param what what the argument is, for the message
     * @return the trimmed value
     * @throws AbortException naming the field when the value is missing or blank
     */
    public static String required(String field, String value, String what) throws AbortException {
        String trimmed = Util.fixEmptyAndTrim(value);
        if (trimmed == null) {
            throw new AbortException(field + " is required: " + what);
        }
        return trimmed;
    }

    /** @throws AbortException naming the field when the number of minutes is below one */
    public static int minutes(String field, int minutes) throws AbortException {
        if (minutes < 1) {
            throw new AbortException(field + " must be at least 1 (minutes), not " + minutes);
        }
        return minutes;
    }

    /**
     * The strings in a structure of maps and lists (a task list, a cluster spec) with their variables expanded; keys,
     * numbers and booleans stay as they are. Expanding values after parsing, never the JSON text, keeps a value with
     * a quote in it from changing the structure.
     */
    public static Object expandValues(Object value, java.util.function.UnaryOperator<String> expander) {
        if (value instanceof String s) {
            return expander.apply(s);
        }
        if (value instanceof java.util.Map<?, ?> m) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, expandValues(v, expander)));
            return out;
        }
        if (value instanceof java.util.List<?> l) {
            java.util.List<Object> out = new java.util.ArrayList<>();
            l.forEach(v -> out.add(expandValues(v, expander)));
            return out;
        }
        return value;
    }

    /**
     * Whether a path given as relative to the build's workspace leaves it by its spelling: absolute (Unix, Windows
     * drive or backslash) or with a {@code ..} segment. Links are checked where the files are.
     */
    public static boolean leavesWorkspace(String relative) {
        return relative.startsWith("/") || relative.startsWith("\\") || relative.matches("^[A-Za-z]:.*")
                || java.util.Arrays.asList(relative.split("[/\\\\]")).contains("..");
    }
}
