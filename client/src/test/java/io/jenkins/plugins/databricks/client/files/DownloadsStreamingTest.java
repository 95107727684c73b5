package io.jenkins.plugins.databricks.client.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a streamed Files API download behaves when its answer misbehaves part-way, which the emulator does not play
 * for file contents: a connection closed mid-body and a body that stops arriving start the file again; an interrupt
 * ends the download at once and leaves no temporary file; a gzip-encoded answer is decoded. A scripted HTTP/1.1
 * server on loopback answers one request per connection.
 */
class DownloadsStreamingTest {
    private static final String FILE = "/Volumes/m/s/v/big.bin";
    private final byte[] content = new byte[400_000];
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** How each GET of the file is answered, in turn; the last one repeats. */
    private final List<String> plan = new CopyOnWriteArrayList<>();
    private final CountDownLatch partSent = new CountDownLatch(1);
    /** Directory listings to answer ({@code GET fs/directories{path}} by path); other directories are 404. */
    private final java.util.Map<String, String> listings = new java.util.concurrent.ConcurrentHashMap<>();
    private ServerSocket server;
    private Thread acceptor;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        new Random(7).nextBytes(content);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> serve(s), "scripted-answer");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(5000);
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            String head = readHead(in);
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            requests.add(requestLine);
            String target = requestLine.split(" ")[1];
            String listing = listings.get(target.replace("/api/2.0/fs/directories", ""));
            if (requestLine.startsWith("HEAD /api/2.0/fs/directories")) {
                out.write(bytes(listing != null ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            } else if (requestLine.startsWith("GET /api/2.0/fs/directories")) {
                byte[] body = bytes(listing == null ? "{\"error_code\":\"NOT_FOUND\",\"message\":\"no\"}" : listing);
                out.write(bytes("HTTP/1.1 " + (listing == null ? "404 Not Found" : "200 OK") + "\r\nContent-Type:"
                        + " application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"));
                out.write(body);
            } else if (requestLine.startsWith("HEAD /api/2.0/fs/files")) {
                out.write(bytes("HTTP/1.1 200 OK\r\nContent-Length: " + content.length + "\r\nConnection: close"
                        + "\r\n\r\n"));
            } else {
                long gets = requests.stream().filter(r -> r.startsWith("GET ")).count();
                String how = plan.get((int) Math.min(gets, plan.size()) - 1);
                answer(how, head, in, out);
            }
            out.flush();
        } catch (IOException e) {
            // the client went away: what some scripts are about
        }
    }

    private void answer(String how, String head, InputStream in, OutputStream out) throws IOException {
        if (how.equals("gzip")) {
            assertTrue(head.toLowerCase().contains("accept-encoding: gzip"), head);
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(content);
            }
            out.write(bytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Encoding: gzip\r\n"
                    + "Content-Length: " + zipped.size() + "\r\nConnection: close\r\n\r\n"));
            zipped.writeTo(out);
            return;
        }
        out.write(bytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + content.length + "\r\nConnection: close\r\n\r\n"));
        if (how.equals("full")) {
            out.write(content);
            return;
        }
        out.write(content, 0, content.length / 2);
        out.flush();
        if (how.equals("close")) {
            return;
        }
        // "stall": half the body, then nothing until the client gives up and closes the connection
        partSent.countDown();
        while (in.read() >= 0) {
            // wait
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the request head");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private DatabricksClient client(Duration requestTimeout) {
        return DatabricksClient.builder().host("http://127.0.0.1:" + server.getLocalPort()).token(TestSupport.TOKEN)
                .retryPolicy(TestSupport.fastRetries()).requestTimeout(requestTimeout).rateLimit(1000)
                .rateLimitScope("downloads-streaming-" + server.getLocalPort()).build();
    }

    private long gets() {
        return requests.stream().filter(r -> r.startsWith("GET /api/2.0/fs/files" + FILE)).count();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aConnectionClosedPartWayFetchesTheFileAgainFromItsStart() throws Exception {
        plan.addAll(List.of("close", "full"));
        client(Duration.ofSeconds(10)).downloads().download(DownloadRequest.builder(FILE, dir).build(), null);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("big.bin")));
        assertEquals(2, gets());
        assertEquals(List.of("big.bin"), files(), "the first attempt's bytes were not kept");
    }

    @Test
    void anAnswerThatStallsForTheRequestTimeoutIsFetchedAgain() throws Exception {
        plan.addAll(List.of("stall", "full"));
        client(Duration.ofMillis(300)).downloads().download(DownloadRequest.builder(FILE, dir).build(), null);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("big.bin")));
        assertEquals(2, gets());
    }

    @Test
    void anAnswerThatKeepsBreakingOffFailsNamingWhatHappened() throws Exception {
        plan.add("close");
        TransferException e = org.junit.jupiter.api.Assertions.assertThrows(TransferException.class,
                () -> client(Duration.ofSeconds(10)).downloads().download(DownloadRequest.builder(FILE, dir)
                        .build(), null));
        assertTrue(e.getMessage().contains("the connection closed part-way through the answer"), e.getMessage());
        assertEquals(5, gets(), "a GET is safe to repeat: the policy's five attempts");
        assertEquals(List.of(), files(), "no temporary file left");
    }

    @Test
    void anInterruptEndsTheDownloadAtOnceAndLeavesNoTemporaryFile() throws Exception {
        plan.add("stall");
        DatabricksClient client = client(Duration.ofMinutes(5));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                client.downloads().download(DownloadRequest.builder(FILE, dir).build(), null);
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        assertTrue(partSent.await(30, TimeUnit.SECONDS));
        t.interrupt();
        t.join(30_000);
        assertFalse(t.isAlive(), "a stalled answer must not hold an interrupted thread");
        assertInstanceOf(InterruptedException.class, outcome.get());
        assertEquals(1, gets());
        assertEquals(List.of(), files());
    }

    @Test
    void directoriesListedWithATrailingSlashAreDescendedAndAListingNamingAPathOutsideItIsRefused() throws Exception {
        plan.add("full");
        listings.put("/Volumes/m/s/v", "{\"contents\":[{\"path\":\"/Volumes/m/s/v/sub/\",\"is_directory\":true,"
                + "\"name\":\"sub\"}],\"next_page_token\":\"\"}");
        listings.put("/Volumes/m/s/v/sub", "{\"contents\":[{\"path\":\"/Volumes/m/s/v/sub/x.bin\",\"is_directory\":"
                + "false,\"file_size\":400000,\"name\":\"x.bin\"}]}");
        DatabricksClient client = client(Duration.ofSeconds(10));
        assertEquals(List.of(java.util.Map.of("source", "/Volumes/m/s/v/sub/x.bin", "path", "sub/x.bin", "size",
                400_000L)), client.downloads().plan(DownloadRequest.builder("/Volumes/m/s/v", dir).build()));

        listings.put("/Volumes/m/s/v/sub", "{\"contents\":[{\"path\":\"/Volumes/m/s/other/x.bin\","
                + "\"is_directory\":false,\"file_size\":1}]}");
        DatabricksException e = org.junit.jupiter.api.Assertions.assertThrows(DatabricksException.class,
                () -> client.downloads().download(DownloadRequest.builder("/Volumes/m/s/v", dir).build(), null));
        assertEquals("UNSAFE_REMOTE_NAME", e.errorCode());
        assertTrue(e.getMessage().contains("the listing of '/Volumes/m/s/v/sub' names '/Volumes/m/s/other/x.bin',"
                + " which is not inside it"), e.getMessage());
        listings.put("/Volumes/m/s/v/sub", "{\"contents\":[{\"path\":\"/Volumes/m/s/v/sub/../../x.bin\","
                + "\"is_directory\":false,\"file_size\":1}]}");
        assertEquals("UNSAFE_REMOTE_NAME", org.junit.jupiter.api.Assertions.assertThrows(DatabricksException.class,
                () -> client.downloads().download(DownloadRequest.builder("/Volumes/m/s/v", dir).build(), null))
                .errorCode());
        assertEquals(0, requests.stream().filter(r -> r.startsWith("GET /api/2.0/fs/files")).count());
        assertEquals(List.of(), files());
    }

    @Test
    void aGzipEncodedAnswerIsSavedDecoded() throws Exception {
        plan.add("gzip");
        client(Duration.ofSeconds(10)).downloads().download(DownloadRequest.builder(FILE, dir.resolve("z.bin"))
                .build(), null);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("z.bin")));
    }
}
