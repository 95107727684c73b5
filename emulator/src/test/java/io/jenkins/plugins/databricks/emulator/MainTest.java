package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.emulator.oauth.OidcIssuer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void startsInProcessAndPrintsTheBaseUrl() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatabricksEmulator emu = Main.start(new String[] {"--port", "0", "--token", "dapi-local",
                "--service-principal", "app-id:app-secret", "--user", "me@corp.example"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        try {
            String printed = out.toString(StandardCharsets.UTF_8).trim();
            assertEquals(emu.baseUrl(), printed);
            assertTrue(printed.matches("http://127\\.0\\.0\\.1:\\d+"), printed);
            Http.Answer me = new Http(printed, "dapi-local").get("/api/2.0/preview/scim/v2/Me");
            assertEquals("me@corp.example", me.json().path("userName").asText());
        } finally {
            emu.close();
        }
    }

    @Test
    void helpPrintsUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertNull(Main.start(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--service-principal"));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {"--port", "0"}));
        assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {"--port", "x", "--token", "t"}));
        assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {"--token"}));
        assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {"--token", "t", "--bogus", "1"}));
        assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {"--service-principal", "nocolon"}));
        assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {"--port", "70000", "--token", "t"}));
        Main.UsageException e = assertThrows(Main.UsageException.class,
                () -> Main.parse(new String[] {"--service-principal", "id:"}));
        assertTrue(e.getMessage().contains("CLIENT_ID:SECRET"));
    }

    @Test
    void defaultPortIsNotJenkinsPort() throws Exception {
        assertEquals(8090, Main.parse(new String[] {"--token", "t"}).requestedPort(),
                "8080 is where hpi:run puts Jenkins");
    }

    @Test
    void aBadFlagPrintsTheUsageAndEndsWithStatus2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.Exit exit = assertThrows(Main.Exit.class, () -> Main.start(new String[] {"--token", "t", "--prot", "1"},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(2, exit.status);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("error: unknown option --prot"), printed);
        assertTrue(printed.contains(Main.USAGE), printed);
    }

    @Test
    void aBusyPortIsOneLineOnStderrAndStatus1() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Main.Exit exit = assertThrows(Main.Exit.class, () -> Main.start(new String[] {"--port",
                    Integer.toString(busy.getLocalPort()), "--token", "t"}, System.out,
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertEquals(1, exit.status);
            String printed = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, printed.lines().count(), printed);
            assertTrue(printed.startsWith("error: port " + busy.getLocalPort() + " is already in use"), printed);
        }
    }

    @Test
    void demoSeedsTheIdsTheReadmeUses() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatabricksEmulator emu = Main.start(new String[] {"--port", "0", "--token", "dapi-local", "--demo"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        try {
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(emu.baseUrl(), lines.get(0), "the first line is still the base URL");
            assertTrue(lines.get(1).startsWith("demo data: cluster 0123-456789-abcdefgh"), lines.get(1));
            Http http = new Http(emu.baseUrl(), "dapi-local");
            assertEquals("TERMINATED", http.get("/api/2.1/clusters/get?cluster_id=0123-456789-abcdefgh").json()
                    .path("state").asText());
            assertEquals("demo-job", http.get("/api/2.1/jobs/get?job_id=42").json().path("settings").path("name")
                    .asText());
            assertTrue(emu.users().userExists(Demo.USER));
            assertTrue(emu.users().groupExists(Demo.GROUP));
            assertTrue(emu.users().servicePrincipalExists(Demo.SERVICE_PRINCIPAL));
            emu.reset();
            assertTrue(emu.clusters().exists(Demo.CLUSTER_ID), "a reset returns to the demo data");
        } finally {
            emu.close();
        }
    }

    private static Process java(String... args) throws Exception {
        Path javaBin = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void runsAsASubprocess() throws Exception {
        Process p = java("--port", "0", "--token", "dapi-local", "--cluster-start-seconds", "0.2");
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String url = r.readLine();
            assertTrue(url != null && url.startsWith("http://127.0.0.1:"), String.valueOf(url));
            Http http = new Http(url, "dapi-local");
            assertEquals(200, http.get("/api/2.0/preview/scim/v2/Me").status());
            assertEquals(403, http.withToken("dapi-other").get("/api/2.0/preview/scim/v2/Me").status());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void federationPoliciesFromTheCommandLineAcceptTheirIssuersTokens() throws Exception {
        try (OidcIssuer idp = OidcIssuer.start()) {
            Main.UsageException e = assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {
                "--federation-policy", idp.issuer() + ",aud,sub"}));
            assertTrue(e.getMessage().contains("allowHttpIssuers") || e.getMessage().contains("https"), e.getMessage());
            assertThrows(Main.UsageException.class, () -> Main.parse(new String[] {"--federation-policy", "a,b"}));
            try (DatabricksEmulator emu = Main.parse(new String[] {"--port", "0", "--allow-http-issuers",
                "--federation-policy", idp.issuer() + ",aud,repo:acme/*,cli-sp"}).start()) {
                assertEquals(1, emu.federation().policies().size());
                assertEquals("cli-sp", emu.federation().policies().get(0).servicePrincipalClientId());
                assertEquals("repo:acme/*", emu.federation().policies().get(0).subject());
            }
        }
    }

    @Test
    void subprocessOnABusyPortExitsWithStatus1AndNoStackTrace() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = java("--port", Integer.toString(busy.getLocalPort()), "--token", "dapi-local");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains("already in use"), err);
        }
    }

    @Test
    void subprocessWithoutCredentialsExitsWithStatus2() throws Exception {
        Process p = java("--port", "0");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.contains("--token"), err);
    }
}
