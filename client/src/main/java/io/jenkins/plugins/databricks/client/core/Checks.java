package io.jenkins.plugins.databricks.client.core;

import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Input validation shared by the operations: every message names the field and what it accepts. */
public final class Checks {
    /** Ids that appear in URL paths and query strings: cluster ids, job ids, object ids. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");

    private Checks() {
    }

    public static String notBlank(String value, String field, String accepted) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty; expected " + accepted);
        }
        return value.strip();
    }

    public static String id(String value, String field, String example) {
        String v = notBlank(value, field, example);
        if (!ID.matcher(v).matches() || v.contains("..")) {
            throw new IllegalArgumentException(field + " '" + v + "' is not a valid id; expected letters, digits,"
                    + " '-', '_', '.' or ':' (such as " + example + ")");
        }
        return v;
    }

    public static long positive(long value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be a positive number, got " + value);
        }
        return value;
    }

    public static Duration timeout(Duration timeout, String field) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration (such as PT20M), got " + timeout);
        }
        return timeout;
    }

    public static String oneOf(String value, String field, Collection<String> accepted) {
        String v = notBlank(value, field, "one of " + String.join(", ", accepted));
        for (String a : accepted) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(field + " '" + v + "' is not accepted; expected one of "
                + String.join(", ", accepted));
    }

    public static ProgressListener listener(ProgressListener l) {
        return l == null ? ProgressListener.NONE : l;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object answer, String what) {
        if (answer == null) {
            return new java.util.LinkedHashMap<>();
        }
        if (!(answer instanceof Map)) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", what + " answered with "
                    + answer.getClass().getSimpleName() + " where a JSON object was expected");
        }
        return (Map<String, Object>) answer;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> listOfMaps(Map<String, Object> answer, String field) {
        Object v = answer.get(field);
        if (v == null) {
            return new java.util.ArrayList<>();
        }
        if (!(v instanceof List)) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", "the answer's '" + field + "' is not a list");
        }
        return (List<Map<String, Object>>) v;
    }

    public static String string(Map<String, ?> m, String field) {
        Object v = m == null ? null : m.get(field);
        return v == null ? null : v.toString();
    }
}
