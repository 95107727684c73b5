package io.jenkins.plugins.databricks.emulator.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer in Databricks' shape: {@code {"error_code": ..., "message": ...}}. Thrown anywhere in
 * request handling and turned into the HTTP answer by the server, so handlers read as straight-line code.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, Object> body;

    public ApiException(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("error_code", errorCode);
        b.put("message", message);
        this.body = b;
    }

    /** For the rarer shapes (integer error_code, OAuth {@code error}/{@code error_description}). */
    public ApiException(int status, Map<String, Object> body) {
        super(String.valueOf(body));
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    public static ApiException invalidParameter(String message) {
        return new ApiException(400, "INVALID_PARAMETER_VALUE", message);
    }

    public static ApiException missingField(String field) {
        return invalidParameter("Missing required field: " + field);
    }

    public static ApiException malformed(String message) {
        return new ApiException(400, "MALFORMED_REQUEST", message);
    }

    public static ApiException invalidState(String message) {
        return new ApiException(400, "INVALID_STATE", message);
    }

    public static ApiException doesNotExist(String message) {
        return new ApiException(404, "RESOURCE_DOES_NOT_EXIST", message);
    }

    public static ApiException alreadyExists(String message) {
        return new ApiException(400, "RESOURCE_ALREADY_EXISTS", message);
    }

    public static ApiException endpointNotFound(String method, String path) {
        return new ApiException(404, "ENDPOINT_NOT_FOUND", "No API found for '" + method + " " + path + "'");
    }
}
