package io.jenkins.plugins.databricks.client.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Answer bodies as their sender meant them: gzip undone, JSON parsed, a redirect described, failures worded. */
final class AnswerBodies {
    private AnswerBodies() {
    }

    static ErrorBodies.ErrorInfo redirect(HttpHeaders headers) {
        String target = headers.firstValue("Location").map(l -> {
            try {
                URI u = URI.create(l);
                return u.getAuthority() == null ? "another path" : u.getScheme() + "://" + u.getAuthority();
            } catch (IllegalArgumentException e) {
                return "an unreadable location";
            }
        }).orElse("an unnamed location");
        return new ErrorBodies.ErrorInfo(null, "the workspace redirected to " + target + "; redirects are not"
                + " followed, so credentials never leave the configured host: check the workspace URL");
    }

    static boolean gzip(HttpHeaders headers) {
        return headers.firstValue("Content-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("gzip"))
                .orElse(false);
    }

    static byte[] decode(byte[] body, HttpHeaders headers) throws IOException {
        if (!gzip(headers) || body == null || body.length == 0) {
            return body;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /** A streamed answer as its sender meant it: gzip undone. An empty gzip answer (HEAD) stays empty. */
    static InputStream decoded(InputStream body, HttpHeaders headers) throws IOException {
        if (!gzip(headers)) {
            return body;
        }
        java.io.PushbackInputStream in = new java.io.PushbackInputStream(body, 1);
        int first = in.read();
        if (first < 0) {
            return in;
        }
        in.unread(first);
        return new GZIPInputStream(in, 64 * 1024);
    }

    /**
     * JSON answers as plain values, other text as a String, a blank body as null. Looks at the first non-blank
     * byte rather than decoding the body into a String first, which for a JSON answer was a copy thrown away.
     */
    static Object parseSuccess(byte[] body, String contentType) throws IOException {
        if (body == null) {
            return null;
        }
        int i = 0;
        while (i < body.length && body[i] >= 0 && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i == body.length) {
            return null;
        }
        if (body[i] == '{' || body[i] == '[' || contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return Json.parse(body);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.isBlank() ? null : text;
    }

    static String describe(Throwable e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException
                ? ((com.fasterxml.jackson.core.JsonProcessingException) e).getOriginalMessage() : e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
