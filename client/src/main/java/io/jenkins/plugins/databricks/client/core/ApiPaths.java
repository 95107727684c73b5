package io.jenkins.plugins.databricks.client.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates the path of a {@code call()} so that no request can leave the configured workspace or reach
 * anything but its REST API: only relative {@code /api/...} paths, no segment that starts with a dot (so no
 * {@code .} or {@code ..}; plain or percent-encoded), no ';' (servers that read it as a path-parameter separator
 * resolve {@code /api/..;/x} outside {@code /api/}), no empty segments, no backslash, '@', '#', whitespace or
 * control characters.
 */
public final class ApiPaths {
    /** Characters a path segment may hold literally (RFC 3986 pchar without '@' and '%', handled apart). */
    private static final String SEGMENT_CHARS = "-._~!$&'()*+,=:";
    private static final String ACCEPTED = "a relative path starting with /api/, such as /api/2.1/clusters/get";

    private ApiPaths() {
    }

    /** A validated path and the parameters that came in its query string. */
    public record Target(String path, List<Map.Entry<String, String>> query) {
    }

    public static Target validate(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty; expected " + ACCEPTED);
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("path must not contain spaces, control or non-ASCII characters"
                        + " (percent-encode them); expected " + ACCEPTED);
            }
            if (c == '\\' || c == '#' || c == '@') {
                throw new IllegalArgumentException("path must not contain '" + c + "'; expected " + ACCEPTED);
            }
        }
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        if (!p.startsWith("/api/")) {
            throw new IllegalArgumentException("path must be " + ACCEPTED + " (no scheme or host: requests only go to"
                    + " the configured workspace), got '" + p + "'");
        }
        String[] segments = p.substring(1).split("/", -1);
        for (String segment : segments) {
            checkSegment(segment);
        }
        List<Map.Entry<String, String>> params = q < 0 ? List.of() : parseQuery(path.substring(q + 1));
        return new Target(p, params);
    }

    private static void checkSegment(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("path must not contain empty segments ('//' or a trailing '/');"
                    + " expected " + ACCEPTED);
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || Character.digit(segment.charAt(i + 1), 16) < 0
                        || Character.digit(segment.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("path has a broken percent-escape in segment '" + segment + "'");
                }
                int b = Character.digit(segment.charAt(i + 1), 16) * 16 + Character.digit(segment.charAt(i + 2), 16);
                if (b < 0x21 || b == 0x7f || "./\\%?#@;".indexOf(b) >= 0) {
                    throw new IllegalArgumentException("path must not contain an encoded '.', '/', '\\', '%', '?', '#',"
                            + " '@', ';', space or control character (found %" + segment.substring(i + 1, i + 3) + ");"
                            + " expected " + ACCEPTED);
                }
                i += 2;
            } else if (!Character.isLetterOrDigit(c) && SEGMENT_CHARS.indexOf(c) < 0) {
                throw new IllegalArgumentException("path must not contain '" + c + "'; expected " + ACCEPTED);
            }
        }
        if (segment.charAt(0) == '.') {
            throw new IllegalArgumentException("path must not contain a segment that starts with '.' (such as '..');"
                    + " expected " + ACCEPTED);
        }
    }

    private static List<Map.Entry<String, String>> parseQuery(String query) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (k.isEmpty()) {
                    throw new IllegalArgumentException("path has a query parameter without a name");
                }
                out.add(Map.entry(k, v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("path has a malformed query string: " + e.getMessage());
            }
        }
        return out;
    }
}
