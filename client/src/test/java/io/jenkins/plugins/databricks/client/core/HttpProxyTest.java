package io.jenkins.plugins.databricks.client.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An agent's client goes out through the controller's proxy, except to the hosts the administrator exempted. */
class HttpProxyTest {

    @Test
    void noProxyHostsAreGlobsAsJenkinsWritesThem() {
        HttpProxy proxy = new HttpProxy("proxy.example.com", 3128, List.of("*.internal.example.com", "10.0.*", ""));
        assertFalse(proxy.proxies("build.internal.example.com"));
        assertFalse(proxy.proxies("10.0.3.7"));
        assertTrue(proxy.proxies("adb-1234567890.12.azuredatabricks.net"));
        assertTrue(proxy.proxies("internal.example.com.evil.test"));
        assertEquals(List.of("*.internal.example.com", "10.0.*"), proxy.noProxyHosts());
        assertThrows(IllegalArgumentException.class, () -> new HttpProxy("p", 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new HttpProxy(" ", 80, List.of()));
    }

    @Test
    void requestsReallyGoThroughTheProxyUnlessTheHostIsExempt() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            URI at = URI.create(emu.baseUrl());
            // nothing listens on localhost:1; the emulator answers absolute-form requests as a proxy would pass them
            HttpProxy proxy = new HttpProxy(at.getHost(), at.getPort(), List.of());
            DatabricksClient viaProxy = DatabricksClient.builder().host("http://localhost:1").token(TestSupport.TOKEN)
                    .retryPolicy(TestSupport.fastRetries()).httpClient(DatabricksClient.httpClient(proxy, null, null))
                    .build();
            assertEquals("user@example.com", viaProxy.currentUser().get("userName"));
            assertSame(DatabricksClient.httpClient(proxy, null, null), DatabricksClient.httpClient(proxy, null, null),
                    "one HTTP client per proxy in the JVM");

            HttpProxy exempt = new HttpProxy(at.getHost(), at.getPort(), List.of("localhost"));
            DatabricksClient direct = DatabricksClient.builder().host("http://localhost:1").token(TestSupport.TOKEN)
                    .retryPolicy(TestSupport.fastRetries().withMaxAttempts(1))
                    .httpClient(DatabricksClient.httpClient(exempt, null, null)).build();
            DatabricksException e = assertThrows(DatabricksException.class, direct::currentUser);
            assertTrue(e.getMessage().contains("could not connect to http://localhost:1"), e.getMessage());
        }
    }
}
