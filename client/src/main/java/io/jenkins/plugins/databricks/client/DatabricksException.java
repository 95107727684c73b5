package io.jenkins.plugins.databricks.client;

import io.jenkins.plugins.databricks.client.core.ErrorBodies;
import java.util.Locale;
import java.util.Set;

/**
 * A Databricks call that failed: an error answer from the workspace, a transport failure that outlasted the
 * retry policy, a cluster that failed to start, or a wait that timed out.
 *
 * <p>The message names the HTTP method, the path (without its query), the status, the Databricks error code,
 * the server's message and the number of attempts. It never contains a token, a client secret or a secret
 * value: the client scrubs them before building the exception.
 */
public class DatabricksException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Error code of a cluster that ended in TERMINATED or ERROR while it was being started. */
    public static final String CLUSTER_START_FAILED = "CLUSTER_START_FAILED";
    /** Error code of a wait (cluster start, job run) that outlasted its timeout. */
    public static final String TIMEOUT = "TIMEOUT";

    private static final Set<String> NOT_FOUND_CODES = Set.of("RESOURCE_DOES_NOT_EXIST", "NOT_FOUND");

    /** HTTP status, 0 without an answer. */
    private final int statusCode;
    /** Databricks error code, may be null. */
    private final String errorCode;
    /** HTTP method, null for client-side failures. */
    private final String method;
    /** Request path without query, null for client-side failures. */
    private final String path;
    /** Requests sent. */
    private final int attempts;
    /** The server's (scrubbed) message. */
    private final String serverMessage;

    /**
     * Creates an exception; its message is composed from the parts.
     *
     * @param method HTTP method, or null when the failure is not about one request
     * @param path request path without query, or null
     * @param statusCode HTTP status, 0 when there was no HTTP answer
     * @param errorCode Databricks error code, may be null
     * @param serverMessage what the server (or the client, for client-side failures) said; already scrubbed
     * @param attempts how many requests were sent
     * @param cause the underlying failure, may be null
     */
    public DatabricksException(String method, String path, int statusCode, String errorCode, String serverMessage,
                               int attempts, Throwable cause) {
        super(compose(method, path, statusCode, errorCode, serverMessage, attempts), cause);
        this.method = method;
        this.path = path;
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.serverMessage = serverMessage;
        this.attempts = attempts;
    }

    /**
     * A failure of a client-side wait or workflow (for example {@link #TIMEOUT}), not of one HTTP request.
     *
     * @param errorCode the error code, such as {@link #TIMEOUT} or {@link #CLUSTER_START_FAILED}
     * @param message what happened, naming the object and its last state
     */
    public DatabricksException(String errorCode, String message) {
        this(null, null, 0, errorCode, message, 0, null);
    }

    /** @return the HTTP status of the last answer, or 0 when no HTTP answer was received */
    public int statusCode() {
        return statusCode;
    }

    /** @return the Databricks error code (such as {@code RESOURCE_DOES_NOT_EXIST}), or null */
    public String errorCode() {
        return errorCode;
    }

    /** @return the HTTP method of the failed request, or null for client-side failures */
    public String method() {
        return method;
    }

    /** @return the path of the failed request without its query, or null for client-side failures */
    public String path() {
        return path;
    }

    /** @return how many requests were sent before giving up (0 for client-side failures) */
    public int attempts() {
        return attempts;
    }

    /** @return the server's own message (or the client's description for client-side failures), may be null */
    public String serverMessage() {
        return serverMessage;
    }

    /**
     * Whether the object named by the request does not exist: a 404, a {@code RESOURCE_DOES_NOT_EXIST} or
     * {@code NOT_FOUND} code, or Databricks' quirk of answering 400 {@code INVALID_PARAMETER_VALUE}
     * "... does not exist" for an unknown cluster.
     *
     * @return true when the object is missing
     */
    public boolean isNotFound() {
        if (statusCode == 404 || (errorCode != null && NOT_FOUND_CODES.contains(errorCode))) {
            return true;
        }
        // but not "Principal: UserName(x) does not exist": the object is there, the grantee is not
        return statusCode == 400 && "INVALID_PARAMETER_VALUE".equals(errorCode) && serverMessage != null
                && serverMessage.toLowerCase(Locale.ROOT).contains("does not exist")
                && !serverMessage.startsWith("Principal:");
    }

    /**
     * Whether the workspace refused the credential itself (an invalid, revoked or expired token): a 401, or the
     * 403 {@code {"error_code":403,"message":"Invalid access token."}} that workspaces send for it. Other 403s
     * ({@code PERMISSION_DENIED}) mean the identity lacks a permission and answer false.
     *
     * @return true when a new token or secret is needed
     */
    public boolean isInvalidToken() {
        return ErrorBodies.isRejectedCredential(statusCode, new ErrorBodies.ErrorInfo(errorCode, serverMessage));
    }

    private static String compose(String method, String path, int statusCode, String errorCode, String serverMessage,
                                  int attempts) {
        StringBuilder sb = new StringBuilder();
        if (method != null) {
            sb.append(method).append(' ').append(path).append(" failed: ");
        }
        if (statusCode > 0) {
            sb.append("HTTP ").append(statusCode);
            if (errorCode != null) {
                sb.append(' ');
            }
        }
        if (errorCode != null) {
            sb.append(errorCode);
        }
        if (serverMessage != null && !serverMessage.isEmpty()) {
            if (statusCode > 0 || errorCode != null) {
                sb.append(": ");
            }
            sb.append(serverMessage);
        }
        if (method != null) {
            sb.append(" (").append(attempts).append(attempts == 1 ? " attempt)" : " attempts)");
        }
        return sb.toString();
    }
}
