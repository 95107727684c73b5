package io.jenkins.plugins.databricks.client.core;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.auth.OAuthM2M;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The HttpClients clients send with when the caller hands in none: shared, since each owns a selector thread. */
public final class HttpClients {
    /** One default HttpClient per connect timeout. */
    private static final Map<Duration, HttpClient> DEFAULT_HTTP = new ConcurrentHashMap<>();
    /** One per proxy and proxy user. */
    private static final Map<String, HttpClient> PROXIED_HTTP = new ConcurrentHashMap<>();

    private HttpClients() {
    }

    public static HttpClient shared(Duration connectTimeout) {
        return DEFAULT_HTTP.computeIfAbsent(connectTimeout, HttpClients::defaultHttpClient);
    }

    /**
     * The client's own HttpClient, used when the caller hands in none.
     *
     * <p>The executor runs tasks on the thread that submits them. By default {@code java.net.http} passes each
     * answer from its selector thread to a pool thread, which then wakes the caller blocked in {@code send()}:
     * two thread hand-offs per request, which cost a third of the throughput on a fast network. Running those
     * tasks inline on the selector thread is safe here because nothing this client lets the HttpClient run can
     * block: requests are {@code send()} (the caller waits in its own thread, never on the selector), bodies are
     * published from byte arrays (uploads from a reader thread of their own, {@link StreamedBody}), answers are
     * collected by {@code BodySubscribers.ofByteArray()} (which only gathers buffers) or, for downloads, queued a few
     * buffers at a time by {@link StreamedAnswer} and read on the caller's thread, the body handler only sets a flag,
     * and the JSON is parsed after {@code send()} returns.
     * The JDK's HttpClient maintainers describe exactly this as the design intent: only small non-blocking tasks
     * go to the executor, "so it should be possible to configure the client with ... an executor that run[s]
     * tasks inline"; user actions that may block are only the dependent stages of {@code sendAsync}, which this
     * client does not use. HTTP/1.1 only (no HTTP/2 flow-control frames on the selector either). Timeouts and
     * closed connections complete the caller's future from the selector thread as before. TLS work (decryption,
     * and the handshake's certificate checks when a connection opens) moves to the selector thread too: CPU only,
     * unless the JVM is set to fetch revocation lists or OCSP answers online (off by default), which would then
     * hold up this HttpClient's other exchanges while a new connection's handshake waits. What must never be
     * added: a body subscriber that blocks, such as {@code BodySubscribers.mapping(ofInputStream(), ...)} reading
     * the stream in the mapper, which would wait on the selector thread for data only it can read.
     */
    static HttpClient defaultHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run)
                .build();
    }

    /**
     * An HTTP client like the default one (no redirects, HTTP/1.1) that goes out through {@code proxy}, except to its
     * no-proxy hosts, and answers the proxy's challenge with {@code user} and {@code password} when a user is given.
     * For an agent, which has no Jenkins proxy configuration of its own. Shared per proxy and user in the JVM.
     *
     * @param proxy the proxy
     * @param user the proxy user, or null
     * @param password the proxy password, or null
     * @return the client
     */
    public static HttpClient proxied(HttpProxy proxy, String user, String password) {
        Objects.requireNonNull(proxy, "proxy");
        String u = user == null || user.isBlank() ? null : user;
        String key = proxy + "\n" + (u == null ? "" : u + "\n" + OAuthM2M.digest(password == null ? "" : password));
        return PROXIED_HTTP.computeIfAbsent(key, k -> {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .connectTimeout(DatabricksClient.DEFAULT_CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(proxy.selector());
            if (u != null) {
                char[] secret = (password == null ? "" : password).toCharArray();
                b.authenticator(new java.net.Authenticator() {
                    @Override
                    protected java.net.PasswordAuthentication getPasswordAuthentication() {
                        return getRequestorType() == RequestorType.PROXY
                                ? new java.net.PasswordAuthentication(u, secret.clone()) : null;
                    }
                });
            }
            return b.build();
        });
    }
}
