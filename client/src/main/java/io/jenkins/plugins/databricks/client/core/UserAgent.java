package io.jenkins.plugins.databricks.client.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/** The User-Agent: product and version (from the build), Java and OS, then what the embedding tool adds. */
public final class UserAgent {
    static final String PRODUCT = "databricks-jenkins-client";
    static final String VERSION = readVersion();

    private UserAgent() {
    }

    public static String build(String suffix) {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
        String base = PRODUCT + "/" + VERSION + " java/" + System.getProperty("java.version", "unknown") + " os/" + os;
        return suffix == null || suffix.isBlank() ? base : base + " " + suffix.strip();
    }

    public static void validateSuffix(String suffix) {
        if (suffix != null && suffix.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("userAgentSuffix must be printable ASCII (such as"
                    + " 'jenkins/2.541.3 databricks-plugin/0.1.0'), without control characters");
        }
    }

    private static String readVersion() {
        try (InputStream in = UserAgent.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // the version is informational; fall through
        }
        return "unknown";
    }
}
