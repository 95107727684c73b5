package io.jenkins.plugins.databricks.emulator;

/** An answer other than 200 JSON: explicit status and content type. */
record Reply(int status, String contentType, byte[] body) {
    static Reply json(int status, Object body) {
        return new Reply(status, "application/json", Json.bytes(body));
    }
}
