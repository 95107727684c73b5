package io.jenkins.plugins.databricks.client.files;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.PlainValues;
import io.jenkins.plugins.databricks.client.core.StreamedBody;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.workspace.WorkspacePaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Uploads to Unity Catalog volumes (Files API, {@code PUT /api/2.0/fs/files{path}}) and to DBFS
 * ({@code dbfs/create}, {@code add-block}, {@code close}). Contents are streamed: a file is never held in
 * memory whole, only a block of at most 1 MB for DBFS. Obtained from {@link DatabricksClient#uploads()}.
 */
public final class Uploads {
    /** The largest file the Files API takes in one PUT (5 GiB). */
    public static final long MAX_FILES_API_BYTES = 5L * 1024 * 1024 * 1024;
    /** DBFS add-block's largest block (1 MB). */
    public static final int DBFS_BLOCK = 1024 * 1024;
    /**
     * Slowest transfer rate an upload's timeout allows for: the request timeout waits for the answer, which comes
     * only after the last byte, so each upload gets one extra second per MiB.
     */
    static final long MIN_BYTES_PER_SECOND = 1024 * 1024;
    private static final String FILES = "/api/2.0/fs/files";
    private static final String DIRECTORIES = "/api/2.0/fs/directories";
    private static final String DBFS = "/api/2.0/dbfs/";

    private final DatabricksClient client;

    public Uploads(DatabricksClient client) {
        this.client = client;
    }

    /** Checks an upload target: a volume path or a DBFS path, nothing else. */
    static String target(String target, String field) {
        String t = Checks.notBlank(target, field, "/Volumes/<catalog>/<schema>/<volume>/... or dbfs:/...");
        if (t.regionMatches(true, 0, "dbfs:", 0, 5)) {
            String p = t.substring(5);
            if (!p.startsWith("/") || p.equals("/")) {
                throw new IllegalArgumentException(field + " '" + t + "' is not a DBFS path under the root; expected"
                        + " dbfs:/path/to/file");
            }
            WorkspacePaths.segments(p, field);
            return "dbfs:" + p;
        }
        if (!t.startsWith("/Volumes/")) {
            throw new IllegalArgumentException(field + " '" + t + "' is outside /Volumes/ and dbfs:/; expected a"
                    + " Unity Catalog volume path /Volumes/<catalog>/<schema>/<volume>/... or a DBFS path dbfs:/..."
                    + " (workspace folders take an import instead)");
        }
        WorkspacePaths.segments(t, field);
        String body = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
        if (body.split("/").length < 5) {
            throw new IllegalArgumentException(field + " '" + t + "' names no volume; expected"
                    + " /Volumes/<catalog>/<schema>/<volume>/...");
        }
        return t;
    }

    /** One file to send. */
    record Item(Path file, String relative, long size, String target) {
        Map<String, Object> report() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", relative);
            m.put("path", target);
            m.put("size", size);
            return m;
        }
    }

    /**
     * What {@link #upload} would send, without any request.
     *
     * @param request what to upload
     * @return per file: {@code source} (relative path), {@code path} (remote path), {@code size} (bytes)
     * @throws IllegalArgumentException naming the parameter or file and what is accepted
     */
    public static List<Map<String, Object>> plan(UploadRequest request) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Item item : items(request)) {
            out.add(item.report());
        }
        return out;
    }

    private static List<Item> items(UploadRequest r) {
        boolean single = !Files.isDirectory(r.source());
        List<Item> items = new ArrayList<>();
        for (LocalFiles.Selected f : LocalFiles.select(r.source(), r.includes(), r.excludes(), r.defaultExcludes(),
                "source")) {
            String target;
            if (single) {
                target = r.target().endsWith("/") ? r.target() + f.relative() : r.target();
            } else {
                target = WorkspacePaths.join(r.target(), f.relative());
            }
            if (!target.startsWith("dbfs:") && f.size() > MAX_FILES_API_BYTES) {
                throw new IllegalArgumentException("source file " + f.relative() + " is " + f.size() + " bytes, over"
                        + " the Files API limit of " + MAX_FILES_API_BYTES + " bytes (5 GiB) per file");
            }
            items.add(new Item(f.file(), f.relative(), f.size(), target));
        }
        return items;
    }

    /**
     * Uploads a local file or directory tree (see {@link UploadRequest}): checks it all first, creates the
     * remote directories (volumes), then sends the files in parallel within the host's rate limit, each
     * streamed from disk.
     *
     * @param request what to upload
     * @param listener told about each file sent; may be null
     * @return per file, as {@link #plan} describes it, in source order
     * @throws IllegalArgumentException for bad input, before any request
     * @throws TransferException when a file fails: names the files done and not done
     * @throws DatabricksException when a directory cannot be created (before any file is sent)
     */
    public List<Map<String, Object>> upload(UploadRequest request, ProgressListener listener)
            throws InterruptedException {
        List<Item> items = items(request);
        ProgressListener progress = Checks.listener(listener);
        if (!request.target().startsWith("dbfs:")) {
            TreeSet<String> dirs = new TreeSet<>();
            items.forEach(i -> dirs.add(WorkspacePaths.parent(i.target())));
            for (String dir : new ArrayList<>(dirs)) {
                String higher = dirs.higher(dir);
                if (higher != null && higher.startsWith(dir + "/")) {
                    dirs.remove(dir);
                }
            }
            for (String dir : dirs) {
                createDirectory(dir);
            }
        }
        List<String> names = items.stream().map(Item::relative).toList();
        List<Map<String, Object>> done = Transfers.run("Uploaded", items, names, request.parallelism(), item -> {
            send(item, request.overwrite());
            progress.progress("Uploaded " + item.relative() + " -> " + item.target() + " (" + item.size()
                    + " bytes)");
            return item.report();
        });
        return new ArrayList<>(done);
    }

    private void send(Item item, boolean overwrite) throws InterruptedException {
        if (item.target().startsWith("dbfs:")) {
            try (InputStream in = Files.newInputStream(item.file())) {
                dbfs(in, item.target(), overwrite);
            } catch (IOException e) {
                throw new DatabricksException("LOCAL_READ_FAILED", "could not read " + item.relative() + ": "
                        + e.getMessage());
            }
            return;
        }
        Path file = item.file();
        Duration timeout = uploadTimeout(item.size());
        putFile(item.target(), () -> new StreamedBody(() -> Files.newInputStream(file), item.size(), timeout), true,
                timeout, overwrite);
    }

    /**
     * Uploads one stream. The stream is read once and not closed; the request is not repeated after a failure
     * (the bytes already read are gone), so prefer {@link #upload} for files.
     *
     * @param in the content
     * @param length its length in bytes, or -1 when unknown (then sent chunked to a volume)
     * @param target {@code /Volumes/...} file path or {@code dbfs:/...}
     * @param overwrite replace an existing file
     * @return {@code path} and {@code size} (bytes sent)
     */
    public Map<String, Object> uploadStream(InputStream in, long length, String target, boolean overwrite)
            throws InterruptedException {
        if (in == null) {
            throw new IllegalArgumentException("in must not be null; expected the stream to upload");
        }
        String t = target(target, "target");
        if (t.endsWith("/")) {
            throw new IllegalArgumentException("target '" + t + "' is a directory; a stream needs a file path");
        }
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or the number of bytes, got " + length);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", t);
        if (t.startsWith("dbfs:")) {
            try {
                out.put("size", dbfs(in, t, overwrite));
            } catch (IOException e) {
                throw new DatabricksException("LOCAL_READ_FAILED", "could not read the stream for " + t + ": "
                        + e.getMessage());
            }
            return out;
        }
        createDirectory(WorkspacePaths.parent(t));
        CountingStream counting = new CountingStream(in);
        Duration timeout = uploadTimeout(Math.max(length, 0));
        AtomicBoolean used = new AtomicBoolean();
        putFile(t, () -> {
            if (used.getAndSet(true)) {
                throw new IllegalStateException("the stream was already sent");
            }
            return new StreamedBody(() -> counting, length, timeout);
        }, false, timeout, overwrite);
        out.put("size", counting.count);
        return out;
    }

    /**
     * Creates a volume directory and its parents ({@code PUT /api/2.0/fs/directories{path}}); an existing one is
     * fine. Safe to repeat.
     *
     * @param path {@code /Volumes/<catalog>/<schema>/<volume>/...}
     */
    public void createDirectory(String path) throws InterruptedException {
        String p = target(path, "path");
        if (p.startsWith("dbfs:")) {
            client.send("POST", DBFS + "mkdirs", List.of(), Map.of("path", p.substring(5)), true);
            return;
        }
        client.send(Transport.Request.upload("PUT", DIRECTORIES + encodePath(p), List.of(),
                HttpRequest.BodyPublishers::noBody, true, true, null));
    }

    /**
     * @param path a volume file or a DBFS path
     * @return {@code path}, {@code size} and {@code is_dir}, or null when nothing is there
     */
    public Map<String, Object> fileStatus(String path) throws InterruptedException {
        String p = target(path, "path");
        if (p.startsWith("dbfs:")) {
            try {
                Map<String, Object> s = Checks.map(client.send("GET", DBFS + "get-status",
                        List.of(Map.entry("path", p.substring(5))), null, true), "dbfs/get-status");
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("path", p);
                out.put("size", s.get("file_size"));
                out.put("is_dir", s.get("is_dir"));
                return out;
            } catch (DatabricksException e) {
                if (e.isNotFound()) {
                    return null;
                }
                throw e;
            }
        }
        String token = null;
        java.util.Set<String> seen = new java.util.HashSet<>();
        do {
            Map<String, Object> page;
            try {
                page = Checks.map(client.send("GET", DIRECTORIES + encodePath(WorkspacePaths.parent(p)),
                        token == null ? List.of() : List.of(Map.entry("page_token", token)), null, true),
                        "fs/directories");
            } catch (DatabricksException e) {
                if (e.isNotFound()) {
                    return null;
                }
                throw e;
            }
            for (Map<String, Object> entry : Checks.listOfMaps(page, "contents")) {
                if (p.equals(entry.get("path"))) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("path", p);
                    out.put("size", entry.get("file_size"));
                    out.put("is_dir", entry.get("is_directory"));
                    return out;
                }
            }
            token = Checks.string(page, "next_page_token");
            if (token != null && !token.isEmpty() && !seen.add(token)) {
                throw new DatabricksException("UNEXPECTED_RESPONSE", "fs/directories returned the page token '"
                        + token + "' twice; stopping to avoid an endless listing");
            }
        } while (token != null && !token.isEmpty());
        return null;
    }

    private Duration uploadTimeout(long size) {
        return client.requestTimeout().plusSeconds(size / MIN_BYTES_PER_SECOND);
    }

    private void putFile(String target, java.util.function.Supplier<HttpRequest.BodyPublisher> body,
                         boolean repeatable, Duration timeout, boolean overwrite) throws InterruptedException {
        // with overwrite, sending the same bytes again gives the same file: safe to repeat
        client.send(Transport.Request.upload("PUT", FILES + encodePath(target),
                List.of(Map.entry("overwrite", String.valueOf(overwrite))), body, repeatable, overwrite, timeout));
    }

    /** create, add-block per MB, close. Returns the bytes sent. */
    private long dbfs(InputStream in, String target, boolean overwrite) throws IOException, InterruptedException {
        String path = target.substring(5);
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("path", path);
        create.put("overwrite", overwrite);
        Object handle = Checks.map(client.send("POST", DBFS + "create", List.of(), create, overwrite), "dbfs/create")
                .get("handle");
        if (!(handle instanceof Number)) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", "dbfs/create answered without a handle");
        }
        byte[] block = new byte[DBFS_BLOCK];
        long total = 0;
        while (true) {
            int n = in.readNBytes(block, 0, block.length);
            if (n == 0) {
                break;
            }
            total += n;
            Map<String, Object> add = new LinkedHashMap<>();
            add.put("handle", handle);
            add.put("data", Base64.getEncoder().encodeToString(n == block.length ? block
                    : java.util.Arrays.copyOf(block, n)));
            // add-block appends: never repeated once it may have reached the server
            client.send("POST", DBFS + "add-block", List.of(), add, false);
            if (n < block.length) {
                break;
            }
        }
        client.send("POST", DBFS + "close", List.of(), Map.of("handle", handle), false);
        return total;
    }

    /** Each path segment percent-encoded, '/' kept. */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            sb.append('/').append(PlainValues.encode(segment));
        }
        return sb.toString();
    }

    /** Counts what the HTTP client read, so a stream upload can report its size. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }
}
