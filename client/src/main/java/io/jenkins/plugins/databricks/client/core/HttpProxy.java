package io.jenkins.plugins.databricks.client.core;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HTTP proxy as an administrator configures one (Jenkins: Manage Jenkins → System → HTTP Proxy): host, port and the
 * hosts reached without it, as glob patterns such as {@code *.internal.example.com} or {@code 10.0.*}. Carried to an
 * agent so that its client goes out the way the controller's does. Holds no password.
 *
 * @param host the proxy's host name
 * @param port its port, 1 to 65535
 * @param noProxyHosts host patterns (a {@code *} stands for any characters) reached directly; may be empty
 */
public record HttpProxy(String host, int port, List<String> noProxyHosts) implements Serializable {

    public HttpProxy {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("proxy host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port must be between 1 and 65535, got " + port);
        }
        host = host.strip();
        noProxyHosts = noProxyHosts == null ? List.of() : noProxyHosts.stream().filter(Objects::nonNull)
                .map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /** @return whether requests to {@code targetHost} go through the proxy */
    public boolean proxies(String targetHost) {
        String h = targetHost == null ? "" : targetHost.toLowerCase(Locale.ROOT);
        for (String pattern : noProxyHosts) {
            if (glob(pattern).matcher(h).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.toLowerCase(Locale.ROOT).split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /** @return a selector that sends every request through this proxy except those to the no-proxy hosts */
    public ProxySelector selector() {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return proxies(uri.getHost()) ? List.of(proxy) : List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // the request fails with the client's own message; nothing to remember
            }
        };
    }
}
