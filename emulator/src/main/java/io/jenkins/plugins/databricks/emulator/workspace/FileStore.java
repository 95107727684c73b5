package io.jenkins.plugins.databricks.emulator.workspace;

import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * File contents for the Files API (Unity Catalog volumes, {@code /Volumes/...}) and DBFS ({@code dbfs:/...}),
 * each in its own namespace. Contents are streamed to temporary files, never held in the heap, so a test or a
 * benchmark can upload a gigabyte. Directories are explicit entries; writing a file creates its parents, as
 * object storage does. Thread-safe (guarded by this); file bytes are written outside the lock and published
 * with one map update, so a reader never sees half a file.
 */
public final class FileStore {
    /** The largest block {@code dbfs/add-block} takes, in bytes after base64 decoding. */
    public static final int MAX_DBFS_BLOCK = 1024 * 1024;

    private final String name;
    private final EmulatorClock clock;
    private final TreeMap<String, Entry> files = new TreeMap<>();
    private final TreeSet<String> directories = new TreeSet<>();
    private final Map<Long, Pending> handles = new HashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(7_000_001);
    private Path tempDir;
    private volatile boolean keepContents = true;

    /** A stored file: its bytes live in {@code data}. */
    record Entry(Path data, long size, long modified) {
    }

    /** A DBFS stream between create and close. */
    private record Pending(String path, Path data, boolean overwrite) {
    }

    public FileStore(String name, EmulatorClock clock) {
        this.name = name;
        this.clock = clock;
        directories.add("/");
    }

    // ---- test hooks ----

    /**
     * Whether uploaded bytes are kept (default) or only counted: a benchmark sending gigabytes measures the
     * client, not this machine's disk. Files stored while off have a size but no bytes to read.
     */
    public void keepContents(boolean keep) {
        this.keepContents = keep;
    }

    public synchronized boolean exists(String path) {
        return files.containsKey(path) || directories.contains(path);
    }

    public synchronized boolean isDirectory(String path) {
        return directories.contains(path);
    }

    /** The size of a stored file, or empty. */
    public synchronized Optional<Long> size(String path) {
        return Optional.ofNullable(files.get(path)).map(Entry::size);
    }

    /** The bytes of a stored file (for small files in tests), or empty. */
    public Optional<byte[]> read(String path) {
        Entry e;
        synchronized (this) {
            e = files.get(path);
        }
        if (e == null) {
            return Optional.empty();
        }
        if (e.data() == null) {
            return Optional.of(new byte[0]);
        }
        try {
            return Optional.of(Files.readAllBytes(e.data()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every file path, sorted. */
    public synchronized List<String> filePaths() {
        return new ArrayList<>(files.keySet());
    }

    // ---- operations ----

    synchronized Entry file(String path) {
        return files.get(path);
    }

    synchronized void mkdirs(String path) {
        if (files.containsKey(path)) {
            throw new ApiException(409, "RESOURCE_ALREADY_EXISTS", "A file exists at " + path);
        }
        for (String at = path; !at.equals("/"); at = parent(at)) {
            if (files.containsKey(at)) {
                throw new ApiException(409, "RESOURCE_ALREADY_EXISTS", "A file exists at " + at);
            }
            directories.add(at);
        }
    }

    /** Direct children of a directory: file entries (path, size, modified) and directory paths. */
    synchronized List<Object[]> children(String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        List<Object[]> out = new ArrayList<>();
        for (String d : directories.tailSet(prefix, false)) {
            if (!d.startsWith(prefix)) {
                break;
            }
            if (d.indexOf('/', prefix.length()) < 0) {
                out.add(new Object[] {d, null});
            }
        }
        for (Map.Entry<String, Entry> f : files.tailMap(prefix, false).entrySet()) {
            if (!f.getKey().startsWith(prefix)) {
                break;
            }
            if (f.getKey().indexOf('/', prefix.length()) < 0) {
                out.add(new Object[] {f.getKey(), f.getValue()});
            }
        }
        return out;
    }

    /**
     * Streams {@code body} into a new file at {@code path}. Checks the target before and after reading: a file
     * that appeared meanwhile still wins unless overwriting.
     *
     * @return the stored size
     */
    public long write(String path, InputStream body, boolean overwrite) throws IOException {
        checkWritable(path, overwrite);
        if (!keepContents) {
            long counted = body.transferTo(OutputStream.nullOutputStream());
            publish(path, null, counted, overwrite);
            return counted;
        }
        Path data = newDataFile();
        long size;
        try (OutputStream out = Files.newOutputStream(data)) {
            size = body.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(data);
            throw e;
        }
        publish(path, data, size, overwrite);
        return size;
    }

    private synchronized void checkWritable(String path, boolean overwrite) {
        if (directories.contains(path)) {
            throw new ApiException(409, "ALREADY_EXISTS", "A directory exists at " + path);
        }
        if (files.containsKey(path) && !overwrite) {
            throw new ApiException(409, "ALREADY_EXISTS", "The file being created already exists.");
        }
    }

    private synchronized void publish(String path, Path data, long size, boolean overwrite) throws IOException {
        try {
            checkWritable(path, overwrite);
            mkdirs(parent(path));
        } catch (ApiException e) {
            deleteQuietly(data);
            throw e;
        }
        Entry old = files.put(path, new Entry(data, size, clock.now()));
        if (old != null) {
            deleteQuietly(old.data());
        }
    }

    synchronized boolean delete(String path) throws IOException {
        Entry old = files.remove(path);
        if (old != null) {
            deleteQuietly(old.data());
            return true;
        }
        return false;
    }

    synchronized long dbfsCreate(String path, boolean overwrite) throws IOException {
        if (directories.contains(path)) {
            throw ApiException.alreadyExists("A directory already exists at the input path dbfs:" + path + ".");
        }
        if (files.containsKey(path) && !overwrite) {
            throw ApiException.alreadyExists("A file or directory already exists at the input path dbfs:" + path
                    + ".");
        }
        long handle = nextHandle.getAndIncrement();
        handles.put(handle, new Pending(path, newDataFile(), overwrite));
        return handle;
    }

    void dbfsAddBlock(long handle, String base64) throws IOException {
        byte[] block;
        try {
            block = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("data must be base64-encoded");
        }
        if (block.length > MAX_DBFS_BLOCK) {
            throw new ApiException(400, "MAX_BLOCK_SIZE_EXCEEDED", "The block of data is " + block.length
                    + " bytes; at most " + MAX_DBFS_BLOCK + " bytes (1 MB) may be added at once.");
        }
        Pending p = pending(handle);
        synchronized (p) {
            Files.write(p.data(), block, StandardOpenOption.APPEND);
        }
    }

    void dbfsClose(long handle) throws IOException {
        Pending p;
        synchronized (this) {
            p = pending(handle);
            handles.remove(handle);
        }
        synchronized (p) {
            publish(p.path(), p.data(), Files.size(p.data()), p.overwrite());
        }
    }

    private synchronized Pending pending(long handle) {
        Pending p = handles.get(handle);
        if (p == null) {
            throw ApiException.doesNotExist("Handle " + handle + " does not exist or was closed.");
        }
        return p;
    }

    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    private synchronized Path newDataFile() throws IOException {
        if (tempDir == null || !Files.isDirectory(tempDir)) {
            tempDir = Files.createTempDirectory("databricks-emulator-" + name);
        }
        return Files.createTempFile(tempDir, "f", ".bin");
    }

    /** Forgets every file and deletes the temporary data. */
    public synchronized void reset() {
        for (Entry e : files.values()) {
            deleteQuietly(e.data());
        }
        for (Pending p : handles.values()) {
            deleteQuietly(p.data());
        }
        files.clear();
        handles.clear();
        directories.clear();
        directories.add("/");
    }

    public synchronized void close() {
        reset();
        if (tempDir != null) {
            deleteQuietly(tempDir);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp file; the OS cleans its temp directory eventually
        }
    }
}
