package io.jenkins.plugins.databricks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.core.UserAgent;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic call(): bodies, GET parameters, plain return values, errors. */
class CallTest {
    private static DatabricksEmulator emu;
    private static DatabricksClient client;

    @BeforeAll
    static void start() {
        emu = TestSupport.emulator().start();
        client = TestSupport.client(emu).build();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void fresh() {
        emu.reset();
    }

    @Test
    void answerIsPlainSerializableJava() throws Exception {
        String id = emu.clusters().create("plain", "RUNNING");
        Object answer = client.call("get", "/api/2.1/clusters/get", Map.of("cluster_id", id), null);
        Map<?, ?> cluster = assertInstanceOf(LinkedHashMap.class, answer);
        assertEquals("plain", cluster.get("cluster_name"));
        assertEquals("RUNNING", cluster.get("state"));
        assertInstanceOf(Long.class, cluster.get("start_time"));
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(answer);
        }
        Map<?, ?> list = (Map<?, ?>) client.call("GET", "/api/2.1/clusters/list", null, null);
        assertInstanceOf(ArrayList.class, list.get("clusters"));
    }

    @Test
    void getWithJsonBodySendsScalarFieldsAsQueryParameters() throws Exception {
        String id = emu.clusters().create("by-body", "RUNNING");
        Map<?, ?> fromMap = (Map<?, ?>) client.call("GET", "/api/2.1/clusters/get", null, Map.of("cluster_id", id));
        assertEquals(id, fromMap.get("cluster_id"));
        Map<?, ?> fromText = (Map<?, ?>) client.call("GET", "/api/2.1/clusters/get", null,
                "{\"cluster_id\": \"" + id + "\"}");
        assertEquals(id, fromText.get("cluster_id"));
        assertEquals(2, emu.requestCount("GET", "/api/2.1/clusters/get"));
    }

    @Test
    void listsBecomeRepeatedQueryKeys() throws Exception {
        emu.clusters().create("a", "RUNNING");
        emu.clusters().create("b", "PENDING");
        emu.clusters().create("c", "TERMINATED");
        Map<?, ?> answer = (Map<?, ?>) client.call("GET", "/api/2.1/clusters/list", null,
                Map.of("filter_by.cluster_states", List.of("RUNNING", "PENDING")));
        List<?> clusters = (List<?>) answer.get("clusters");
        assertEquals(2, clusters.size(), String.valueOf(clusters));
    }

    @Test
    void nestedObjectInGetBodyIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client.call("GET",
                "/api/2.1/clusters/list", null, Map.of("filter_by", Map.of("cluster_states", List.of("RUNNING")))));
        assertTrue(e.getMessage().contains("'filter_by'"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted: strings, numbers, booleans and lists"), e.getMessage());
        IllegalArgumentException inList = assertThrows(IllegalArgumentException.class, () -> client.call("GET",
                "/api/2.1/clusters/list", Map.of("states", List.of(Map.of("a", 1))), null));
        assertTrue(inList.getMessage().contains("'states'"), inList.getMessage());
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void badBodiesAreRefusedBeforeAnyRequest() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.call("POST",
                "/api/2.1/clusters/start", null, "{\"cluster_id\": ")).getMessage().startsWith("body is not valid JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.call("POST",
                "/api/2.1/clusters/start", null, 42)).getMessage().startsWith("body must be a Map, a List"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.call("POST",
                "/api/2.1/clusters/start", null, Map.of("x", new Object()))).getMessage().contains("field 'x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> client.call("GET",
                "/api/2.1/clusters/list", null, List.of(1))).getMessage().contains("must be a JSON object"));
        assertEquals(0, emu.totalRequests());
    }

    @Test
    void postSendsMapAndRawJsonBodies() throws Exception {
        String id = emu.clusters().create("post", "TERMINATED");
        assertEquals(Map.of(), client.call("POST", "/api/2.1/clusters/start", null,
                new StringBuilder("{\"cluster_id\":\"").append(id).append("\"}").toString()));
        assertEquals("PENDING", emu.clusters().state(id));
        long job = emu.jobs().create("j");
        Map<?, ?> run = (Map<?, ?>) client.call("POST", "/api/2.2/jobs/run-now", null, Map.of("job_id", job));
        assertInstanceOf(Long.class, run.get("run_id"));
    }

    @Test
    void errorAnswerBecomesDatabricksExceptionWithEveryDetail() {
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.call("GET", "/api/2.1/clusters/get", Map.of("cluster_id", "0000-000000-missing"), null));
        assertEquals(400, e.statusCode());
        assertEquals("INVALID_PARAMETER_VALUE", e.errorCode());
        assertTrue(e.isNotFound(), "Databricks' 400 'does not exist' quirk reads as not found");
        assertEquals("GET", e.method());
        assertEquals("/api/2.1/clusters/get", e.path());
        assertEquals(1, e.attempts());
        assertTrue(e.getMessage().startsWith("GET /api/2.1/clusters/get failed: HTTP 400 INVALID_PARAMETER_VALUE: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("0000-000000-missing"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(1 attempt)"), e.getMessage());
    }

    @Test
    void unknownEndpointIsNotFound() {
        DatabricksException e = assertThrows(DatabricksException.class,
                () -> client.call("GET", "/api/2.0/no-such-thing", null, null));
        assertEquals(404, e.statusCode());
        assertTrue(e.isNotFound());
    }

    @Test
    void currentUserTestsTheConnection() throws Exception {
        assertEquals(emu.users().currentUserName(), client.currentUser().get("userName"));
    }

    @Test
    void invalidTokenIsReportedAsAnInvalidOrExpiredTokenNotAsAPermissionProblem() {
        DatabricksClient wrong = DatabricksClient.builder().host(emu.baseUrl()).token("dapi-wrong-0123456789").build();
        DatabricksException e = assertThrows(DatabricksException.class, wrong::currentUser);
        assertEquals(403, e.statusCode(), "workspaces answer an unknown or expired token with 403");
        assertEquals("403", e.errorCode());
        assertTrue(e.isInvalidToken());
        assertTrue(e.getMessage().contains("Invalid access token."), e.getMessage());
        assertTrue(e.getMessage().contains("invalid or expired token"), e.getMessage());
        assertTrue(e.getMessage().contains("personal access token"), e.getMessage());
        assertFalse(e.getMessage().contains("dapi-wrong-0123456789"), e.getMessage());
        assertEquals(1, emu.requestCount("/api/2.0/preview/scim/v2/Me"), "a personal access token is not retried");
    }

    @Test
    void userAgentNamesProductAndVersion() {
        String ua = UserAgent.build("jenkins/2.541.3 databricks-plugin/0.1.0");
        assertTrue(ua.matches("databricks-jenkins-client/0\\.1\\.0(-SNAPSHOT)? java/\\S+ os/\\S+ jenkins/2\\.541\\.3"
                + " databricks-plugin/0\\.1\\.0"), ua);
    }
}
