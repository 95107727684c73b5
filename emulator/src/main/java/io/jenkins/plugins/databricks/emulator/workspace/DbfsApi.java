package io.jenkins.plugins.databricks.emulator.workspace;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/2.0/dbfs/*}: the streaming upload (create, add-block of at most 1 MB, close), read (at most 1 MB
 * from an offset, base64), list, get-status, mkdirs and delete. Paths are {@code /a/b} or {@code dbfs:/a/b}.
 */
public final class DbfsApi {
    private static final String P = "/api/2.0/dbfs";

    private final FileStore store;

    public DbfsApi(FileStore store) {
        this.store = store;
    }

    public void register(Router r) {
        r.add("POST", P + "/create", req -> {
            long handle = io(() -> store.dbfsCreate(path(req.nonEmpty("path")),
                    req.optBoolean("overwrite").orElse(false)));
            return Map.of("handle", handle);
        });
        r.add("POST", P + "/add-block", req -> {
            long handle = req.longValue("handle");
            String data = req.string("data");
            io(() -> {
                store.dbfsAddBlock(handle, data);
                return 0L;
            });
            return Map.of();
        });
        r.add("POST", P + "/close", req -> {
            long handle = req.longValue("handle");
            io(() -> {
                store.dbfsClose(handle);
                return 0L;
            });
            return Map.of();
        });
        r.add("GET", P + "/get-status", req -> status(path(req.nonEmpty("path"))));
        r.add("GET", P + "/read", req -> read(path(req.nonEmpty("path")), req.optLong("offset").orElse(0L),
                req.optLong("length").orElse(DEFAULT_READ)));
        r.add("GET", P + "/list", req -> list(path(req.nonEmpty("path"))));
        r.add("POST", P + "/mkdirs", req -> {
            store.mkdirs(path(req.nonEmpty("path")));
            return Map.of();
        });
        r.add("POST", P + "/delete", req -> {
            String p = path(req.nonEmpty("path"));
            io(() -> store.delete(p) ? 1L : 0L);
            return Map.of();
        });
    }

    /** What Databricks reads when no length is given (0.5 MB), and the most it reads at once (1 MB). */
    static final long DEFAULT_READ = 512 * 1024;
    static final long MAX_READ = 1024 * 1024;

    /** dbfs/read as Databricks answers it: {@code bytes_read} and the bytes as base64; past the end, nothing. */
    private Map<String, Object> read(String path, long offset, long length) {
        FileStore.Entry e = store.file(path);
        if (e == null) {
            if (store.isDirectory(path)) {
                throw ApiException.invalidParameter("Cannot read a directory: dbfs:" + path);
            }
            throw ApiException.doesNotExist("No file or directory exists on path dbfs:" + path + ".");
        }
        if (offset < 0 || length < 0) {
            throw ApiException.invalidParameter("offset and length must not be negative, got offset=" + offset
                    + " length=" + length);
        }
        if (length > MAX_READ) {
            throw new ApiException(400, "MAX_READ_SIZE_EXCEEDED", "Cannot read more than " + MAX_READ
                    + " bytes at once; asked for " + length);
        }
        byte[] bytes = new byte[(int) Math.max(0, Math.min(length, e.size() - offset))];
        if (bytes.length > 0 && e.data() != null) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(e.data())) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                    // keep reading until the block is full
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bytes_read", (long) bytes.length);
        out.put("data", java.util.Base64.getEncoder().encodeToString(bytes));
        return out;
    }

    /** dbfs/list: a directory's direct children, or the file itself. */
    private Map<String, Object> list(String path) {
        java.util.List<Map<String, Object>> files = new java.util.ArrayList<>();
        if (store.file(path) != null) {
            files.add(status(path));
        } else if (store.isDirectory(path) || path.equals("/")) {
            for (Object[] child : store.children(path)) {
                files.add(status((String) child[0]));
            }
        } else {
            throw ApiException.doesNotExist("No file or directory exists on path dbfs:" + path + ".");
        }
        return Map.of("files", files);
    }

    private Map<String, Object> status(String path) {
        FileStore.Entry e = store.file(path);
        if (e == null && !store.isDirectory(path)) {
            throw ApiException.doesNotExist("No file or directory exists on path dbfs:" + path + ".");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", path);
        out.put("is_dir", e == null);
        out.put("file_size", e == null ? 0L : e.size());
        out.put("modification_time", e == null ? 0L : e.modified());
        return out;
    }

    /** {@code dbfs:/a/b} and {@code /a/b} name the same file. */
    public static String path(String raw) {
        String p = raw.startsWith("dbfs:") ? raw.substring(5) : raw;
        if (!p.startsWith("/")) {
            throw ApiException.invalidParameter("Path must be absolute: " + raw);
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        for (String s : p.substring(1).split("/", -1)) {
            if (p.length() > 1 && (s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw ApiException.invalidParameter("Invalid path: " + raw);
            }
        }
        return p;
    }

    private interface IoWork {
        long run() throws IOException;
    }

    private static long io(IoWork work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
