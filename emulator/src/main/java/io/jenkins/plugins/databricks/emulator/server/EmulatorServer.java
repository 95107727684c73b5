package io.jenkins.plugins.databricks.emulator.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP/1.1 server (keep-alive, Content-Length and chunked request bodies, {@code Expect: 100-continue},
 * HEAD) that hands each request to an {@link HttpHandler} as an {@link HttpExchange}. It replaces the JDK's
 * {@code HttpServer} for one reason: that one writes a bare {@code "HTTP/1.1 429 "} status line (its table has no
 * reason phrase for 429), and clients that show the reason phrase (python-requests, the legacy CLI) print nothing
 * where a workspace says "Too Many Requests". One thread per connection, from the executor.
 */
public final class EmulatorServer {
    static final Logger LOG = Logger.getLogger(EmulatorServer.class.getName());
    static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final int IDLE_TIMEOUT_MILLIS = 5 * 60 * 1000;
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final Map<Integer, String> REASONS = new HashMap<>();

    static {
        String[] pairs = {"100", "Continue", "200", "OK", "201", "Created", "202", "Accepted", "204", "No Content",
            "301", "Moved Permanently", "302", "Found", "304", "Not Modified", "307", "Temporary Redirect",
            "400", "Bad Request", "401", "Unauthorized", "403", "Forbidden", "404", "Not Found",
            "405", "Method Not Allowed", "408", "Request Timeout", "409", "Conflict", "410", "Gone",
            "411", "Length Required", "413", "Payload Too Large", "415", "Unsupported Media Type",
            "422", "Unprocessable Entity", "429", "Too Many Requests", "431", "Request Header Fields Too Large",
            "500", "Internal Server Error", "501", "Not Implemented", "502", "Bad Gateway",
            "503", "Service Unavailable", "504", "Gateway Timeout", "505", "HTTP Version Not Supported"};
        for (int i = 0; i < pairs.length; i += 2) {
            REASONS.put(Integer.parseInt(pairs[i]), pairs[i + 1]);
        }
    }

    private final ServerSocket serverSocket;
    private final ExecutorService executor;
    private volatile HttpHandler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    /** Binds the port (so its number is known before the handler is built); {@link #start} serves it. */
    public EmulatorServer(InetSocketAddress address, int backlog, ExecutorService executor) throws IOException {
        this.executor = executor;
        this.serverSocket = new ServerSocket();
        try {
            serverSocket.bind(address, backlog);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
    }

    public void start(HttpHandler handler) {
        this.handler = handler;
        Thread acceptor = new Thread(this::acceptLoop, "databricks-emulator-accept-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "");
    }

    /**
     * "Retry-After", "Content-Type" rather than the {@link Headers} map's "Retry-after": the usual spelling on the
     * wire. Databricks' own headers stay lower case ("x-databricks-org-id"), as workspaces send them.
     */
    static String headerName(String name) {
        if (name.regionMatches(true, 0, "x-databricks-", 0, 13)) {
            return name.toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    /** Stops accepting and closes every connection, also ones in the middle of a request. */
    public void stop() {
        stopped = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the server socket", e);
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!stopped) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (!stopped) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
                return;
            }
            open.add(s);
            try {
                executor.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                open.remove(s);
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            // an idle keep-alive connection holds a thread; clients reconnect after this (the JDK server: 30 s)
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (!stopped) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return; // the client closed the connection between requests
                }
                if (requestLine.isEmpty()) {
                    continue; // tolerated before a request line (RFC 9112 2.2)
                }
                ServerExchange ex = parse(socket, requestLine, in, out);
                if (ex == null) {
                    return;
                }
                handler.handle(ex);
                ex.finish();
                if (!ex.reusable()) {
                    return;
                }
            }
        } catch (SocketException e) {
            LOG.log(Level.FINEST, "connection reset", e);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "connection failed", e);
        } finally {
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    /** Reads the headers and sets up the body of one request; answers 400 itself and returns null when broken. */
    private ServerExchange parse(Socket socket, String requestLine, InputStream in, OutputStream out) throws IOException {
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty()) {
            badRequest(out);
            return null;
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            badRequest(out);
            return null;
        }
        Headers headers = new Headers();
        for (int n = 0; ; n++) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || n >= MAX_HEADERS) {
                badRequest(out);
                return null;
            }
            headers.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        boolean http10 = parts[2].equals("HTTP/1.0");
        String connection = String.join(",", headers.getOrDefault("Connection", List.of())).toLowerCase(Locale.ROOT);
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        // before reading the body: curl waits for this (up to a second) before it sends one
        String expect = headers.getFirst("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        InputStream body;
        String transfer = headers.getFirst("Transfer-Encoding");
        String length = headers.getFirst("Content-Length");
        if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new HttpBodies.ChunkedInputStream(in);
        } else if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                badRequest(out);
                return null;
            }
            body = new HttpBodies.LimitedInputStream(in, n);
        } else {
            body = InputStream.nullInputStream();
        }
        return new ServerExchange(socket, parts[0], uri, parts[2], headers, body, out, keepAlive);
    }

    private static void badRequest(OutputStream out) throws IOException {
        byte[] body = "Bad Request".getBytes(StandardCharsets.ISO_8859_1);
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** A line without its CR LF (or bare LF); null at end of stream before any byte. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(c);
        }
        if (line.size() == 0) {
            return null;
        }
        throw new IOException("connection closed in the middle of a line");
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.log(Level.FINEST, "close", e);
        }
    }
}
