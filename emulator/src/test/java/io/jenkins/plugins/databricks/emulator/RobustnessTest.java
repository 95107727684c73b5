package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.emulator.workspace.ObjectType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input never crashes the emulator: every answer is a Databricks-shaped 4xx. */
class RobustnessTest {
    private DatabricksEmulator emu;
    private Http http;

    @BeforeEach
    void start() {
        emu = DatabricksEmulator.builder().token("dapi-test").manualClock().start();
        http = new Http(emu.baseUrl(), "dapi-test");
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void unknownPathIsEndpointNotFound() {
        Http.Answer a = http.get("/api/2.1/clusters/frobnicate");
        assertEquals(404, a.status());
        assertEquals("ENDPOINT_NOT_FOUND", a.errorCode());
        assertEquals("No API found for 'GET /clusters/frobnicate'", a.message());
        Http.Answer root = http.get("/nothing-here");
        assertEquals(404, root.status());
        assertEquals("ENDPOINT_NOT_FOUND", root.errorCode());
    }

    @Test
    void wrongMethodIsEndpointNotFound() {
        Http.Answer a = http.get("/api/2.1/clusters/start?cluster_id=x");
        assertEquals(404, a.status());
        assertEquals("ENDPOINT_NOT_FOUND", a.errorCode());
        assertEquals(404, http.send("DELETE", "/api/2.1/clusters/get", null).status());
        assertEquals(404, http.send("BREW", "/api/2.1/clusters/get", null).status());
        assertEquals(404, http.get("/oidc/v1/token").status());
    }

    @Test
    void malformedJsonIsMalformedRequest() {
        for (String body : List.of("{", "{\"cluster_id\": }", "[1,2]", "\"text\"", "42", "{} {}", "\u0000\u0001")) {
            Http.Answer a = http.post("/api/2.1/clusters/start", body);
            assertEquals(400, a.status(), body);
            assertEquals("MALFORMED_REQUEST", a.errorCode(), body);
        }
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertEquals("MALFORMED_REQUEST", http.post("/api/2.1/clusters/start", "{\"a\":" + deep + "}").errorCode());
    }

    @Test
    void wrongTypesAreRejectedWithTheFieldName() throws Exception {
        Http.Answer obj = http.post("/api/2.1/clusters/start", Map.of("cluster_id", Map.of("x", 1)));
        assertEquals(400, obj.status());
        assertTrue(obj.message().contains("cluster_id"), obj.message());
        Http.Answer jobId = http.post("/api/2.2/jobs/run-now", Map.of("job_id", "not-a-number"));
        assertEquals(400, jobId.status());
        assertTrue(jobId.message().contains("job_id"), jobId.message());
        Http.Answer query = http.get("/api/2.2/jobs/runs/get?run_id=1e99");
        assertEquals(400, query.status());
        Http.Answer pageSize = http.get("/api/2.1/clusters/list?page_size=-3");
        assertEquals(400, pageSize.status());
        assertEquals(400, http.get("/api/2.1/clusters/list?page_size=10&page_token=garbage!").status());
        assertTrue(RawHttp.statusLine(emu, "GET /api/2.1/clusters/get?cluster_id=%zz HTTP/1.1").contains(" 400 "));
    }

    @Test
    void hugeBodyIsRejectedAndTheServerKeepsServing() {
        String huge = "{\"cluster_id\":\"" + "x".repeat(HttpRequestHandler.MAX_BODY_BYTES) + "\"}";
        Http.Answer a = http.post("/api/2.1/clusters/start", huge);
        assertEquals(413, a.status());
        assertEquals("REQUEST_TOO_LARGE", a.errorCode());
        assertEquals(200, http.get("/api/2.1/clusters/list").status());
    }

    @Test
    void everyEndpointSurvivesHostileBodies() {
        List<String> bodies = List.of("{}", "[]", "null", "{\"cluster_id\":null}", "{\"cluster_id\":[1]}",
                "{\"job_id\":{\"a\":1}}", "{\"run_id\":true}", "{\"scope\":123,\"key\":[],\"string_value\":{}}",
                "{\"access_control_list\":\"x\"}", "{\"access_control_list\":[1,null,{}]}", "{\"tasks\":{}}",
                "{\"job_parameters\":[1],\"notebook_params\":{\"a\":{}}}", "{\"autoscale\":\"x\",\"spark_version\":\"v\"}",
                "{\"new_settings\":7,\"job_id\":1}", "{\"num_workers\":\"many\",\"spark_version\":\"v\"}");
        for (String route : emu.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            for (String body : bodies) {
                Http.Answer a = method.equals("GET")
                        ? http.get(path + "?cluster_id=&job_id=x&run_id=&scope=&page_size=x&limit=0")
                        : http.send(method, path, body);
                assertTrue(a.status() >= 200 && a.status() < 500, route + " " + body + " -> " + a.status() + " " + a.body());
                if (a.status() >= 400) {
                    assertFalse(a.errorCode().isEmpty(), route + " " + body + " -> " + a.body());
                }
            }
        }
        for (String type : ObjectType.urlTypes()) {
            for (String body : bodies) {
                Http.Answer a = http.send("PATCH", "/api/2.0/permissions/" + type + "/1", body);
                assertTrue(a.status() < 500, type + " " + body + " -> " + a.body());
            }
        }
        assertEquals(0, emu.statusCount(500));
    }

    @Test
    void garbageOnTheWireDoesNotStopTheServer() throws Exception {
        RawHttp.send(emu, "this is not http\r\n\r\n");
        assertTrue(RawHttp.statusLine(emu, "HEAD /api/2.1/clusters/list HTTP/1.1").contains(" 404 "));
        RawHttp.send(emu, "GET /api/2.1/clusters/list HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n");
        RawHttp.send(emu, "POST /api/2.1/clusters/start HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"clu");
        assertEquals(200, http.get("/api/2.1/clusters/list").status());
    }

    /** java.net.http prefers HTTP/2 and offers an h2c upgrade; the emulator must still answer as HTTP/1.1. */
    @Test
    void defaultJdkClientWithHttp2PreferenceWorks() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/2.0/preview/scim/v2/Me"))
                .header("Authorization", "Bearer dapi-test").build();
        assertEquals(200, h2.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpRequest post = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/2.0/secrets/scopes/create"))
                .header("Authorization", "Bearer dapi-test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"h2\"}")).build();
        assertEquals(200, h2.send(post, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void unauthenticatedApiCallsAreRejectedBeforeRouting() {
        Http anonymous = new Http(emu.baseUrl(), null);
        assertEquals(401, anonymous.get("/api/2.1/clusters/frobnicate").status());
        HttpRequest basic = HttpRequest.newBuilder(URI.create(emu.baseUrl() + "/api/2.1/clusters/list"))
                .header("Authorization", "Basic dXNlcjpwYXNz").build();
        assertEquals(401, Http.exchange(basic).status());
    }
}
