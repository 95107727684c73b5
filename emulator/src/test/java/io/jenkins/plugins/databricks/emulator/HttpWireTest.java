package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.emulator.faults.Fault;
import io.jenkins.plugins.databricks.emulator.faults.Faults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire: status lines with reason phrases, keep-alive, chunked bodies, 100-continue. */
class HttpWireTest {
    private DatabricksEmulator emu;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").start();
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void a429HasItsReasonPhraseAndRetryAfter() throws Exception {
        emu.faults().next(1, "/api/2.1/clusters/list", Fault.rateLimited(Faults.DEFAULT_RETRY_AFTER_SECONDS));
        String answer = RawHttp.send(emu, "GET /api/2.1/clusters/list HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer dapi-test\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 429 Too Many Requests\r\n"), answer);
        assertTrue(answer.contains("\r\nRetry-After: 1\r\n"), answer);
        assertTrue(answer.contains("\r\nx-databricks-org-id: " + DatabricksEmulator.WORKSPACE_ID + "\r\n"), answer);
        assertTrue(RawHttp.statusLine(emu, "GET /api/2.1/clusters/list HTTP/1.1").equals("HTTP/1.1 200 OK"));
        assertTrue(RawHttp.statusLine(emu, "GET /api/2.1/nothing HTTP/1.1").equals("HTTP/1.1 404 Not Found"));
    }

    @Test
    void keepAliveCarriesSeveralRequestsOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", emu.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(("GET /api/2.0/preview/scim/v2/Me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer dapi-test"
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
                int length = Integer.parseInt(head.replaceAll("(?is).*content-length: (\\d+).*", "$1"));
                assertEquals(length, in.readNBytes(length).length);
            }
        }
        assertEquals(3, emu.requestCount("GET", "/api/2.0/preview/scim/v2/Me"));
    }

    @Test
    void chunkedBodiesAndExpectContinueAsCurlAndRequestsSendThem() throws Exception {
        String body = "{\"scope\":\"chunked\"}";
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        String answer = RawHttp.send(emu, "POST /api/2.0/secrets/scopes/create HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer dapi-test\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + chunked);
        assertTrue(answer.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), answer);
        assertTrue(emu.secrets().scopeNames().contains("chunked"));
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + sb);
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
