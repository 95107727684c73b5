package io.jenkins.plugins.databricks.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Writes bytes to the emulator's socket directly, for requests java.net.http refuses to build. */
final class RawHttp {
    private RawHttp() {}

    /** Sends one request line (plus auth and close headers) and returns the status line of the answer. */
    static String statusLine(DatabricksEmulator emu, String requestLine) throws IOException {
        String answer = send(emu, requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer dapi-test\r\n"
                + "Connection: close\r\n\r\n");
        int eol = answer.indexOf("\r\n");
        return eol < 0 ? answer : answer.substring(0, eol);
    }

    /** Sends raw text, half-closes, and returns whatever came back (possibly nothing). */
    static String send(DatabricksEmulator emu, String raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", emu.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            try {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
