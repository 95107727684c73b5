package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void startsInProcessAndPrintsTheBaseUrl() {
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
    void helpPrintsUsage() {
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
    void subprocessWithoutCredentialsExitsWithStatus2() throws Exception {
        Process p = java("--port", "0");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.contains("--token"), err);
    }
}
