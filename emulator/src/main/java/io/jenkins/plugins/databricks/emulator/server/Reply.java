package io.jenkins.plugins.databricks.emulator.server;

/** An answer other than 200 JSON: explicit status and content type. */
public record Reply(int status, String contentType, byte[] body) {
    public static Reply json(int status, Object body) {
        return new Reply(status, "application/json", Json.bytes(body));
    }
}
