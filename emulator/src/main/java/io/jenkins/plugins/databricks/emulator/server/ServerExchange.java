package io.jenkins.plugins.databricks.emulator.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;

/** One request and its answer. */
final class ServerExchange extends HttpExchange {
    private final Socket socket;
    private final String method;
    private final URI uri;
    private final String protocol;
    private final Headers requestHeaders;
    private final Headers responseHeaders = new Headers();
    private final InputStream body;
    private final OutputStream out;
    private final boolean keepAlive;
    private final Map<String, Object> attributes = new HashMap<>();
    private int status = -1;
    private long expected;
    private long written;
    private boolean complete;

    ServerExchange(Socket socket, String method, URI uri, String protocol, Headers requestHeaders, InputStream body,
             OutputStream out, boolean keepAlive) {
        this.socket = socket;
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.requestHeaders = requestHeaders;
        this.body = body;
        this.out = out;
        this.keepAlive = keepAlive;
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    @Override
    public InputStream getRequestBody() {
        return body;
    }

    @Override
    public OutputStream getResponseBody() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (status < 0) {
                    throw new IOException("response headers not sent");
                }
                if (method.equals("HEAD")) {
                    return;
                }
                out.write(b, off, len);
                written += len;
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** {@code length} &gt; 0: that many bytes follow; -1: no body. (0, "unknown", is not used here.) */
    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (status >= 0) {
            throw new IOException("headers already sent");
        }
        status = code;
        expected = Math.max(0, length);
        // a HEAD answer may announce the length of the body it leaves out; otherwise the length is ours
        String announced = responseHeaders.getFirst("Content-Length");
        responseHeaders.remove("Content-Length");
        long advertised = expected;
        if (method.equals("HEAD") && announced != null) {
            try {
                advertised = Long.parseLong(announced.strip());
            } catch (NumberFormatException e) {
                advertised = expected;
            }
        }
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(code).append(' ')
                .append(EmulatorServer.reason(code)).append("\r\n");
        head.append("Date: ").append(EmulatorServer.HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        responseHeaders.forEach((name, values) -> {
            for (String v : values) {
                head.append(EmulatorServer.headerName(name)).append(": ").append(v).append("\r\n");
            }
        });
        if (code != 204 && code != 304 && code >= 200) {
            head.append("Content-Length: ").append(advertised).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (expected == 0 || method.equals("HEAD")) {
            out.flush();
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            EmulatorServer.LOG.log(Level.FINEST, "flush", e);
        }
        complete = status >= 0 && (method.equals("HEAD") || written == expected);
    }

    /** Called after the handler: drain what the handler left of the body so the next request lines up. */
    void finish() throws IOException {
        if (!complete) {
            return;
        }
        if (body instanceof HttpBodies.LimitedInputStream || body instanceof HttpBodies.ChunkedInputStream) {
            body.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Whether the connection can carry another request. */
    boolean reusable() {
        return complete && keepAlive && !socket.isClosed();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public String getProtocol() {
        return protocol;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        throw new UnsupportedOperationException("filters are not supported");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
