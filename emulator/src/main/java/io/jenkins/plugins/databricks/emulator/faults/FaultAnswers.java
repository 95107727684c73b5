package io.jenkins.plugins.databricks.emulator.faults;

import io.jenkins.plugins.databricks.emulator.server.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bodies faults answer with. */
public final class FaultAnswers {
    private FaultAnswers() {}

    public static Map<String, Object> errorBody(Fault fault) {
        if (fault.invalidTokenCode() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("error_code", fault.invalidTokenCode());
            b.put("message", "Invalid access token.");
            return b;
        }
        return errorBody(fault.status());
    }

    public static Map<String, Object> errorBody(int status) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("error_code", errorCode(status));
        b.put("message", reason(status) + " (injected by the emulator)");
        return b;
    }

    static String errorCode(int status) {
        switch (status) {
            case 400: return "BAD_REQUEST";
            case 401: return "UNAUTHENTICATED";
            case 403: return "PERMISSION_DENIED";
            case 404: return "NOT_FOUND";
            case 409: return "RESOURCE_CONFLICT";
            case 429: return "REQUEST_LIMIT_EXCEEDED";
            case 500: return "INTERNAL_ERROR";
            case 501: return "NOT_IMPLEMENTED";
            case 502: return "BAD_GATEWAY";
            case 503: return "TEMPORARILY_UNAVAILABLE";
            case 504: return "DEADLINE_EXCEEDED";
            default: return status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        }
    }

    static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 409: return "Conflict";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Error";
        }
    }

    /** What a load balancer in front of a workspace sends: HTML, not JSON. */
    public static Reply html(int status) {
        String title = status + " " + reason(status);
        String page = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        return new Reply(status, "text/html", page.getBytes(StandardCharsets.UTF_8));
    }

    /** The normal answer cut roughly in half, so it is never valid JSON. */
    public static Reply truncated(Reply reply) {
        byte[] body = reply.body();
        int keep = Math.max(1, body.length / 2);
        byte[] cut = body.length <= 2 ? "{\"".getBytes(StandardCharsets.UTF_8) : Arrays.copyOf(body, keep);
        return new Reply(200, "application/json", cut);
    }
}
