package io.jenkins.plugins.databricks.client.files;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Json;
import io.jenkins.plugins.databricks.client.core.Transport;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Downloads from Unity Catalog volumes (Files API, {@code GET /api/2.0/fs/files{path}}), DBFS ({@code dbfs/read} in
 * blocks of 1 MB) and workspace folders ({@code workspace/export} as SOURCE) to local files. Contents are streamed
 * to a temporary file next to their destination and renamed into place when complete (deleted when not): a file is
 * never held in memory whole, only one DBFS block. Nothing lands outside the target directory whatever the remote
 * names say (see {@link LocalTarget}). Obtained from {@link DatabricksClient#downloads()}.
 */
public final class Downloads {
    /** DBFS read's largest block (1 MB). */
    public static final int DBFS_BLOCK = 1024 * 1024;

    private final DatabricksClient client;

    public Downloads(DatabricksClient client) {
        this.client = client;
    }

    /** One file to fetch and where it goes. */
    private record Item(RemoteFiles.Entry entry, String source, String local, Path file) {
        Map<String, Object> report(Long size) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            m.put("path", local);
            m.put("size", size);
            return m;
        }
    }

    /** The files of a download, checked, with the directory they go into. */
    private record Plan(LocalTarget target, List<Item> items) {
    }

    /**
     * What {@link #download} would fetch: lists the source and checks every name and local path, without
     * fetching or writing anything.
     *
     * @param request what to download
     * @return per file: {@code source} (remote path), {@code path} (local path relative to the target directory,
     *         '/' separated), {@code size} (bytes as listed, null where the listing gives none: notebooks)
     * @throws IllegalArgumentException as {@link #download} does, before any file is fetched
     * @throws DatabricksException when the source does not exist or lists an unsafe name
     */
    public List<Map<String, Object>> plan(DownloadRequest request) throws InterruptedException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Item item : plan(request, ProgressListener.NONE).items()) {
            out.add(item.report(item.entry().size()));
        }
        return out;
    }

    /**
     * Downloads a remote file or directory tree (see {@link DownloadRequest}): lists it, checks every remote name
     * and local path first (an unsafe name, an existing file without overwrite, a symbolic link on the way: nothing
     * is fetched), then fetches the files in parallel within the host's rate limit, each streamed to disk. A file
     * whose answer breaks off is fetched again from its start, as the retry policy allows (a DBFS block is read
     * again on its own). For one file the local path is {@code target/<name>} when {@code target} is an existing
     * directory or {@code intoDirectory} is set, else {@code target} itself.
     *
     * @param request what to download
     * @param listener told about each file fetched (and each workspace object skipped); may be null
     * @return per file: {@code source} (remote path), {@code path} (local path relative to the target directory,
     *         '/' separated: for one file saved under an exact path, its file name), {@code size} (bytes written),
     *         in source order
     * @throws IllegalArgumentException for a local path that is not safe to write or exists without overwrite,
     *         and when a directory has no matching files and {@code allowEmpty} is off; before any file is fetched
     * @throws DatabricksException {@code RESOURCE_DOES_NOT_EXIST} when the source does not exist,
     *         {@code UNSAFE_REMOTE_NAME} when it lists a name that could land outside the target; before any file
     *         is fetched
     * @throws TransferException when a file fails: names the files done and not done (completed files stay)
     */
    public List<Map<String, Object>> download(DownloadRequest request, ProgressListener listener)
            throws InterruptedException {
        ProgressListener progress = Checks.listener(listener);
        Plan plan = plan(request, progress);
        if (plan.items().isEmpty()) {
            return new ArrayList<>();
        }
        List<String> names = plan.items().stream().map(Item::source).toList();
        List<Map<String, Object>> done = Transfers.run("Downloaded", plan.items(), names, request.parallelism(),
                item -> {
                    long size = fetch(plan.target(), item, request);
                    progress.progress("Downloaded " + item.source() + " -> " + item.local() + " (" + size
                            + " bytes)");
                    return item.report(size);
                });
        return new ArrayList<>(done);
    }

    private Plan plan(DownloadRequest r, ProgressListener progress) throws InterruptedException {
        Path target = r.target();
        // refused before any request: a link named as the target is never written into or replaced
        if (Files.isSymbolicLink(target)) {
            throw new IllegalArgumentException("target '" + target + "' is a symbolic link; expected a directory or"
                    + " a file path (downloads never write through links)");
        }
        RemoteFiles.Listing listing = RemoteFiles.list(client, r.source());
        for (String s : listing.skipped()) {
            progress.progress("Skipped " + s + ": only notebooks and files can be downloaded");
        }
        LocalTarget local;
        List<RemoteFiles.Entry> selected;
        String exactName = null;
        if (listing.single()) {
            RemoteFiles.Entry only = listing.files().get(0);
            if (r.intoDirectory() || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                local = new LocalTarget(target);
            } else {
                Path absolute = target.toAbsolutePath().normalize();
                if (absolute.getParent() == null || absolute.getFileName() == null) {
                    throw new IllegalArgumentException("target '" + target + "' names no file; expected a directory"
                            + " or a file path");
                }
                local = new LocalTarget(absolute.getParent());
                exactName = absolute.getFileName().toString();
            }
            selected = List.of(only);
        } else {
            local = new LocalTarget(target);
            selected = select(listing.files(), r);
        }
        local.checkRoot();
        List<Item> items = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (RemoteFiles.Entry e : selected) {
            String name = exactName != null ? exactName : e.local();
            Path file = exactName != null ? local.root().resolve(exactName) : local.resolve(name, r.source());
            String source = e.relative().isEmpty() ? r.source() : r.source() + "/" + e.relative();
            // two remote names on one local file (a notebook 'etl' and a file 'etl.py', or names differing in case
            // where the file system ignores it): refused rather than one silently replacing the other
            String other = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), source);
            if (other != null) {
                throw new IllegalArgumentException("source '" + r.source() + "' has two entries that land on the"
                        + " local file '" + name + "': " + other + " and " + source + "; exclude one of them");
            }
            items.add(new Item(e, source, name, file));
        }
        for (Item item : items) {
            String lower = item.local().toLowerCase(Locale.ROOT);
            for (int i = lower.indexOf('/'); i > 0; i = lower.indexOf('/', i + 1)) {
                String clash = seen.get(lower.substring(0, i));
                if (clash != null) {
                    throw new IllegalArgumentException("source '" + r.source() + "' has " + clash + ", a file, where "
                            + item.source() + " needs the directory '" + item.local().substring(0, i) + "'");
                }
            }
            local.checkBefore(item.file(), item.local(), r.overwrite());
        }
        return new Plan(local, items);
    }

    private static List<RemoteFiles.Entry> select(List<RemoteFiles.Entry> files, DownloadRequest r) {
        Predicate<String> include = r.includes().isEmpty() ? s -> true : LocalFiles.compile(r.includes());
        Predicate<String> exclude = r.excludes().isEmpty() ? s -> false : LocalFiles.compile(r.excludes());
        List<RemoteFiles.Entry> out = new ArrayList<>();
        for (RemoteFiles.Entry e : files) {
            if (include.test(e.local()) && !exclude.test(e.local())) {
                out.add(e);
            }
        }
        if (out.isEmpty() && !r.allowEmpty()) {
            throw new IllegalArgumentException("source '" + r.source() + "' has no files to download"
                    + (r.includes().isEmpty() ? "" : " matching includes " + r.includes())
                    + (r.excludes().isEmpty() ? "" : " (excludes " + r.excludes() + ")")
                    + "; set allowEmpty to accept an empty download");
        }
        out.sort((a, b) -> a.local().compareTo(b.local()));
        return out;
    }

    /** Fetches one file into a temporary file next to its destination, then renames it into place. */
    private long fetch(LocalTarget target, Item item, DownloadRequest request) throws InterruptedException {
        Path dir;
        Path temp;
        try {
            dir = target.prepare(item.file());
            temp = createTemp(dir);
        } catch (IOException e) {
            throw localFailure(item, e);
        }
        boolean placed = false;
        try {
            long size;
            switch (request.store()) {
                case VOLUME:
                    size = volume(item, temp);
                    break;
                case DBFS:
                    size = dbfs(item, temp);
                    break;
                default:
                    size = export(item, temp);
            }
            LocalTarget.place(temp, dir, item.file().getFileName().toString(), item.local(), request.overwrite());
            placed = true;
            return size;
        } catch (IOException e) {
            throw localFailure(item, e);
        } finally {
            if (!placed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a hidden .part file left behind; the failure being reported matters more
                }
            }
        }
    }

    /**
     * A new empty file next to the destination, created with the default permissions (a JDK temporary file would
     * be readable by its owner only, and the downloaded file would keep that); never an existing name or a link.
     */
    private static Path createTemp(Path dir) throws IOException {
        for (int i = 0; ; i++) {
            try {
                return Files.createFile(dir.resolve(".databricks-download-" + Long.toUnsignedString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".part"));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (i >= 10) {
                    throw e;
                }
            }
        }
    }

    private static DatabricksException localFailure(Item item, IOException e) {
        return new DatabricksException("LOCAL_WRITE_FAILED", "could not write " + item.local() + ": " + e);
    }

    /** The temporary file, emptied: each attempt writes it from the start. Its write failures are local ones. */
    private static OutputStream open(Item item, Path temp) {
        try {
            return new LocalOut(Files.newOutputStream(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING), item);
        } catch (IOException e) {
            throw localFailure(item, e);
        }
    }

    private long volume(Item item, Path temp) throws InterruptedException {
        Transport.Request get = Transport.Request.json("GET", RemoteFiles.FILES + Uploads.encodePath(
                item.entry().path()), List.of(), null, true);
        return client.receive(get, "application/octet-stream", (in, headers) -> {
            long n;
            try (OutputStream out = open(item, temp)) {
                n = in.transferTo(out);
            }
            long expected = headers.firstValue("Content-Encoding").isPresent() ? -1
                    : headers.firstValueAsLong("Content-Length").orElse(-1);
            if (expected >= 0 && n != expected) {
                throw new IOException("the answer ended after " + n + " of " + expected + " bytes");
            }
            return n;
        });
    }

    private long dbfs(Item item, Path temp) throws InterruptedException, IOException {
        Long size = item.entry().size();
        long offset = 0;
        try (OutputStream out = open(item, temp)) {
            while (size == null || offset < size) {
                long length = size == null ? DBFS_BLOCK : Math.min(DBFS_BLOCK, size - offset);
                // each block is a GET of its own: a failed one is read again, not the whole file
                Map<String, Object> answer = Checks.map(client.send("GET", RemoteFiles.DBFS + "read", List.of(
                        Map.entry("path", item.entry().path()), Map.entry("offset", Long.toString(offset)),
                        Map.entry("length", Long.toString(length))), null, true), "dbfs/read");
                String data = Checks.string(answer, "data");
                byte[] block = data == null ? new byte[0] : Base64.getDecoder().decode(data);
                if (block.length == 0) {
                    if (size == null) {
                        break;
                    }
                    throw new DatabricksException("UNEXPECTED_RESPONSE", "dbfs:" + item.entry().path() + " ended"
                            + " after " + offset + " of the " + size + " bytes listed: it changed while being"
                            + " downloaded");
                }
                if (block.length > length) {
                    throw new DatabricksException("UNEXPECTED_RESPONSE", "dbfs/read answered " + block.length
                            + " bytes where at most " + length + " were asked for");
                }
                out.write(block);
                offset += block.length;
            }
        }
        return offset;
    }

    /**
     * {@code workspace/export} as SOURCE: the JSON answer's base64 {@code content} is decoded straight into the
     * file as it arrives, never held whole.
     */
    private long export(Item item, Path temp) throws InterruptedException {
        Transport.Request get = Transport.Request.json("GET", RemoteFiles.WORKSPACE + "export", List.of(
                Map.entry("path", item.entry().path()), Map.entry("format", "SOURCE")), null, true);
        return client.receive(get, "application/json", (in, headers) -> {
            try (OutputStream out = open(item, temp); JsonParser p = Json.parser(in)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new JsonParseException(p, "expected a JSON object");
                }
                long n = 0;
                for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
                    JsonToken t = p.nextToken();
                    if (field.equals("content") && t == JsonToken.VALUE_STRING) {
                        n = p.readBinaryValue(out);
                    } else {
                        p.skipChildren();
                    }
                }
                return n;
            }
        });
    }

    /**
     * The temporary file's stream: a failed write is a local failure (unchecked, never repeated), so that an
     * {@link IOException} out of a body reader always means the answer broke off; a write stopped by an interrupt
     * stays an {@link InterruptedIOException}, which ends the download.
     */
    private static final class LocalOut extends FilterOutputStream {
        private final Item item;

        LocalOut(OutputStream out, Item item) {
            super(out);
            this.item = item;
        }

        @Override
        public void write(byte[] b, int off, int len) throws InterruptedIOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void write(int b) throws InterruptedIOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        @Override
        public void close() throws InterruptedIOException {
            try {
                out.close();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        private DatabricksException failed(IOException e) throws InterruptedIOException {
            if (e instanceof ClosedByInterruptException || e instanceof InterruptedIOException) {
                InterruptedIOException stop = new InterruptedIOException("interrupted while writing " + item.local());
                stop.initCause(e);
                throw stop;
            }
            return localFailure(item, e);
        }
    }
}
