package io.jenkins.plugins.databricks.client.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns what users paste as a workspace host into {@code scheme://authority}, refusing what is unsafe. */
public final class HostNames {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final String EXAMPLE = "a workspace URL such as https://adb-1234567890123456.7.azuredatabricks.net"
            + " or https://dbc-a1b2c3d4-e5f6.cloud.databricks.com";

    private HostNames() {
    }

    public static String normalize(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty; expected " + EXAMPLE);
        }
        String s = host.strip();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("host must not contain spaces or control characters; expected "
                        + EXAMPLE);
            }
            if (c == '\\') {
                throw new IllegalArgumentException("host must not contain '\\'; expected " + EXAMPLE);
            }
        }
        if (!s.contains("://")) {
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("host '" + host.strip() + "' is not a valid URL; expected " + EXAMPLE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("host must use https:// (accepted schemes: https, and http for loopback"
                    + " addresses only), got '" + scheme + "://'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("host must not contain a user name or '@'; expected " + EXAMPLE);
        }
        String name = uri.getHost();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("host '" + host.strip() + "' has no valid host name; expected " + EXAMPLE);
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (scheme.equals("http") && !isLoopback(name)) {
            throw new IllegalArgumentException("host must use https://; plain http:// is accepted only for loopback"
                    + " addresses (localhost, 127.0.0.1, [::1]), got http://" + name);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + name + (defaultPort ? "" : ":" + port);
    }

    static boolean isLoopback(String hostName) {
        String h = hostName.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("[::1]")
                || h.equals("[0:0:0:0:0:0:0:1]");
    }
}
