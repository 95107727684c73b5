package io.jenkins.plugins.databricks.client.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts what callers hand in (Groovy GStrings, Integer, arrays, nested maps) into JSON-ready values and
 * query parameters, rejecting what has no JSON or query form with a message naming the field.
 */
public final class PlainValues {
    private PlainValues() {
    }

    /** A JSON-ready copy: String keys, CharSequence as String, arrays and collections as lists. */
    public static Object jsonReady(Object value, String field) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof CharSequence || value instanceof Character || value instanceof Enum) {
            return value.toString();
        }
        if (value instanceof Number) {
            return number((Number) value, field);
        }
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException(field + " has a null key; JSON object keys must be strings");
                }
                String key = e.getKey().toString();
                out.put(key, jsonReady(e.getValue(), field.isEmpty() ? key : field + "." + key));
            }
            return out;
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Iterable<?> items = value instanceof Object[] ? List.of((Object[]) value) : (Collection<?>) value;
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Object item : items) {
                out.add(jsonReady(item, field + "[" + i++ + "]"));
            }
            return out;
        }
        throw new IllegalArgumentException(name(field) + " has a value of type " + value.getClass().getName()
                + " that has no JSON form; accepted: Map, List, String, number, Boolean, null");
    }

    private static Object number(Number n, String field) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof BigInteger) {
            return new BigDecimal((BigInteger) n);
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(name(field) + " is " + d + ", which JSON cannot carry");
            }
            return d;
        }
        return n instanceof BigDecimal ? n : new BigDecimal(n.toString());
    }

    /** The text of a scalar as a query parameter, or null when the value is not a scalar. */
    static String scalarText(Object value) {
        if (value instanceof CharSequence || value instanceof Character || value instanceof Boolean
                || value instanceof Enum) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            BigDecimal d = value instanceof BigDecimal ? (BigDecimal) value : BigDecimal.valueOf(((Number) value).doubleValue());
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return null;
    }

    /**
     * Adds the fields of a map as query parameters: scalars as one parameter, lists of scalars as repeated
     * keys, nulls left out. A nested object cannot be expressed in a query string.
     */
    public static void addQueryParams(Map<?, ?> fields, List<Map.Entry<String, String>> out, String what) {
        for (Map.Entry<?, ?> e : fields.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException(what + " has a null key");
            }
            String key = e.getKey().toString();
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            if (v instanceof Collection || v instanceof Object[]) {
                Iterable<?> items = v instanceof Object[] ? List.of((Object[]) v) : (Collection<?>) v;
                for (Object item : items) {
                    String text = item == null ? null : scalarText(item);
                    if (text == null) {
                        throw nested(what, key);
                    }
                    out.add(Map.entry(key, text));
                }
                continue;
            }
            String text = scalarText(v);
            if (text == null) {
                throw nested(what, key);
            }
            out.add(Map.entry(key, text));
        }
    }

    private static IllegalArgumentException nested(String what, String key) {
        return new IllegalArgumentException(what + " field '" + key + "' is a nested object (or a list holding one),"
                + " which cannot be sent as a query parameter; accepted: strings, numbers, booleans and lists of them"
                + " (use POST for structured bodies)");
    }

    static String encodeQuery(List<Map.Entry<String, String>> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String name(String field) {
        return field.isEmpty() ? "body" : "field '" + field + "'";
    }
}
