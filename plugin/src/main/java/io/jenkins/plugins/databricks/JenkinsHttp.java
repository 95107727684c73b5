package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.PluginWrapper;
import hudson.ProxyConfiguration;
import hudson.util.VersionNumber;
import java.net.http.HttpClient;
import jenkins.model.Jenkins;

/** What the Databricks client borrows from Jenkins: the proxy-aware HTTP client and a User-Agent suffix. */
final class JenkinsHttp {

    private static ProxyConfiguration cachedFor;
    private static HttpClient cachedClient;

    private JenkinsHttp() {
    }

    /**
     * An HTTP client with Jenkins' proxy settings (Manage Jenkins → System → HTTP Proxy), shared by all builds:
     * one client per proxy configuration (saving the proxy form replaces the configuration object).
     */
    static synchronized HttpClient client() {
        ProxyConfiguration proxy = Jenkins.get().proxy;
        if (cachedClient == null || cachedFor != proxy) {
            // Redirects stay off (the builder's default): a bearer token must never follow a redirect elsewhere.
            // HTTP/1.1 behaves the same through every proxy and against the local emulator.
            cachedClient = ProxyConfiguration.newHttpClientBuilder().version(HttpClient.Version.HTTP_1_1).build();
            cachedFor = proxy;
        }
        return cachedClient;
    }

    /** @return e.g. {@code jenkins/2.541.3 databricks-plugin/0.1.0}, appended to the client's User-Agent */
    static String userAgentSuffix() {
        VersionNumber core = Jenkins.getVersion();
        PluginWrapper plugin = Jenkins.get().getPluginManager().whichPlugin(JenkinsHttp.class);
        return "jenkins/" + token(core == null ? null : core.toString())
                + " databricks-plugin/" + token(plugin == null ? null : plugin.getVersion());
    }

    /** Snapshot versions read like "0.1.0-SNAPSHOT (private-abc-user)": keep the first word, as a product token. */
    static String token(@CheckForNull String version) {
        if (version == null || version.isBlank()) {
            return "unknown";
        }
        String first = version.strip().split("\\s+", 2)[0];
        return first.replaceAll("[^A-Za-z0-9._+-]", "-");
    }
}
