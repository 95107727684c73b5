package io.jenkins.plugins.databricks.client.core;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the error code and message out of every error body shape Databricks and the proxies in front of it
 * send: {@code error_code} + {@code message} (code sometimes an integer), legacy {@code error}, OAuth
 * {@code error} + {@code error_description}, SCIM {@code detail}, HTML pages, plain text, and nothing at all.
 */
public final class ErrorBodies {
    static final int MAX_MESSAGE = 1000;
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern H1 = Pattern.compile("(?is)<h1[^>]*>(.*?)</h1>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SCRIPT = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(413, "Payload Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private ErrorBodies() {
    }

    public record ErrorInfo(String errorCode, String message) {
    }

    /**
     * Whether an answer says the credential itself was refused: any 401, or the 403 a workspace sends for an
     * unknown, revoked or expired token, {@code {"error_code":403,"message":"Invalid access token."}} (the code
     * also comes as the string "403"). A 403 with a named code such as {@code PERMISSION_DENIED} is about what
     * the identity may do, not about its token, and is not one of these.
     */
    public static boolean isRejectedCredential(int status, ErrorInfo info) {
        if (status == 401) {
            return true;
        }
        return status == 403 && info != null && "403".equals(info.errorCode()) && info.message() != null
                && info.message().toLowerCase(Locale.ROOT).contains("token");
    }

    static ErrorInfo parse(int status, String contentType, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return new ErrorInfo(null, reason(status));
        }
        if (text.startsWith("{")) {
            try {
                Object parsed = Json.parse(text);
                if (parsed instanceof Map) {
                    ErrorInfo info = fromJson((Map<?, ?>) parsed);
                    if (info != null) {
                        return info;
                    }
                }
            } catch (java.io.IOException e) {
                // not JSON after all: reported as text below
            }
        }
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.contains("html") || text.regionMatches(true, 0, "<!doctype html", 0, 14)
                || text.regionMatches(true, 0, "<html", 0, 5)) {
            return new ErrorInfo(null, truncate(html(text, status)));
        }
        return new ErrorInfo(null, truncate(collapse(text)));
    }

    private static ErrorInfo fromJson(Map<?, ?> m) {
        Object code = m.get("error_code");
        Object message = m.get("message");
        Object error = m.get("error");
        if (code == null && error != null && m.get("error_description") != null) {
            // OAuth: {"error":"invalid_client","error_description":"..."}
            return new ErrorInfo(text(error), truncate(text(m.get("error_description"))));
        }
        if (message == null && error != null) {
            message = error;
        }
        if (message == null && m.get("detail") != null) {
            // SCIM: {"schemas":[...],"detail":"...","status":"404","scimType":"..."}
            message = m.get("detail");
            if (code == null && m.get("scimType") != null) {
                code = m.get("scimType");
            }
        }
        if (code == null && message == null) {
            return null;
        }
        return new ErrorInfo(code == null ? null : text(code), message == null ? null : truncate(text(message)));
    }

    private static String text(Object o) {
        if (o instanceof Double || o instanceof java.math.BigDecimal) {
            return PlainValues.scalarText(o);
        }
        return String.valueOf(o);
    }

    private static String html(String page, int status) {
        String source = null;
        Matcher t = TITLE.matcher(page);
        if (t.find()) {
            source = t.group(1);
        } else {
            Matcher h = H1.matcher(page);
            if (h.find()) {
                source = h.group(1);
            }
        }
        if (source == null) {
            source = SCRIPT.matcher(page).replaceAll(" ");
        }
        String text = collapse(unescape(TAG.matcher(source).replaceAll(" ")));
        return text.isEmpty() ? reason(status) + " (HTML page)" : text + " (HTML page)";
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    static String truncate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "... (truncated)";
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, "HTTP status " + status);
    }
}
