package io.jenkins.plugins.databricks.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour the emulator does not exercise, checked against a minimal real HTTP server on loopback: gzip-encoded
 * answers (real workspaces compress large listings) and redirects, which must never be followed with the token.
 */
class CompressionAndRedirectTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/2.1/clusters/list", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Accept-Encoding") + "|"
                    + exchange.getRequestHeaders().getFirst("User-Agent"));
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write("{\"clusters\":[{\"cluster_id\":\"1\"}]}".getBytes(StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, zipped.size());
            try (OutputStream out = exchange.getResponseBody()) {
                zipped.writeTo(out);
            }
        });
        server.createContext("/api/2.0/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "https://elsewhere.example.com/api/2.0/moved");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private DatabricksClient client() {
        return DatabricksClient.builder().host("http://127.0.0.1:" + server.getAddress().getPort())
                .token(TestSupport.TOKEN).userAgentSuffix("test/1").build();
    }

    @Test
    void gzipAnswersAreDecompressed() throws Exception {
        Map<?, ?> answer = (Map<?, ?>) client().call("GET", "/api/2.1/clusters/list", null, null);
        assertEquals(List.of(Map.of("cluster_id", "1")), answer.get("clusters"));
        assertTrue(seen.get(0).startsWith("gzip|databricks-jenkins-client/"), seen.get(0));
        assertTrue(seen.get(0).endsWith(" test/1"), seen.get(0));
    }

    @Test
    void redirectsAreNotFollowed() {
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client().call("GET", "/api/2.0/moved", null, null));
        assertEquals(302, e.statusCode());
        assertEquals(1, e.attempts());
        assertTrue(e.getMessage().contains("redirected to https://elsewhere.example.com; redirects are not followed"),
                e.getMessage());
    }
}
