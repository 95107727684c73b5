package io.jenkins.plugins.databricks.client.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which hosts a Jenkinsfile may name: what an administrator listed, as users paste hosts, and nothing else. */
class HostAllowListTest {

    private final HostAllowList list = HostAllowList.parse("""
            # production and the sandbox
            https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456
            dbc-a1b2c3d4-e5f6.cloud.databricks.com, *.gcp.databricks.com
            """);

    @ParameterizedTest
    @ValueSource(strings = {
        "https://adb-1234567890123456.7.azuredatabricks.net",
        "adb-1234567890123456.7.azuredatabricks.net/",
        "HTTPS://ADB-1234567890123456.7.AZUREDATABRICKS.NET:443",
        "https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/some/page",
        "https://1234567890123456.7.gcp.databricks.com",
    })
    void listedHostsAreAllowedHoweverTheyArePasted(String host) {
        assertTrue(list.allows(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://adb-9999.7.azuredatabricks.net",
        "https://dbc-a1b2c3d4-e5f6.cloud.databricks.com:8443",
        "https://evilgcp.databricks.com",
        "https://gcp.databricks.com.evil.example",
        "https://x.gcp.databricks.com:8443",
        "http://127.0.0.1:8090",
        "https://user@dbc-a1b2c3d4-e5f6.cloud.databricks.com",
        "not a host",
        "",
    })
    void anythingElseIsRefused(String host) {
        assertFalse(list.allows(host), host);
    }

    @Test
    void theEmptyListAllowsNothingButConfiguredHostsCanBeAdded() {
        assertFalse(HostAllowList.parse("  \n# nothing\n").allows("https://a.cloud.databricks.com"));
        HostAllowList withWorkspaces = HostAllowList.empty().plus(List.of("a.cloud.databricks.com", "::not valid::"));
        assertTrue(withWorkspaces.allows("https://a.cloud.databricks.com/"));
        assertFalse(withWorkspaces.allows("https://b.cloud.databricks.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.", "*.com.", "*.exa mple.com", "*.*.example.com", "ftp://host.example.com", "http://10.0.0.5"})
    void aBadEntryIsRefusedNamingItAndTheAcceptedForms(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostAllowList.parse("https://ok.cloud.databricks.com\n" + entry));
        assertTrue(e.getMessage().startsWith("allowed host '" + entry.strip() + "'"), e.getMessage());
    }
}
