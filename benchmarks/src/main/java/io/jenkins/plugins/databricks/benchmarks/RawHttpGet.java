package io.jenkins.plugins.databricks.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The floor: what a user who skips every library writes. One java.net.http GET of clusters/get with the
 * headers the client sends (the emulator never compresses, so Accept-Encoding costs nothing to decode),
 * then a Jackson parse into a Map. HTTP/1.1 is pinned because that is what
 * loopback plain http ends up speaking anyway; asking for HTTP/2 would only add an upgrade attempt and make
 * the floor slower, flattering the client.
 */
final class RawHttpGet {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final HttpRequest request;

    RawHttpGet(String baseUrl, String clusterId) {
        URI uri = URI.create(baseUrl + "/api/2.1/clusters/get?cluster_id="
                + URLEncoder.encode(clusterId, StandardCharsets.UTF_8));
        this.request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + Workspaces.TOKEN)
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", "databricks-benchmarks/raw-http")
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
    }

    Map<?, ?> getCluster() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("clusters/get answered HTTP " + response.statusCode());
        }
        return MAPPER.readValue(response.body(), Map.class);
    }
}
