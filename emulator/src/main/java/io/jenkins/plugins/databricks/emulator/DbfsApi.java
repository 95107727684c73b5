package io.jenkins.plugins.databricks.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/2.0/dbfs/*}: the streaming upload (create, add-block of at most 1 MB, close), get-status,
 * mkdirs and delete. Paths are {@code /a/b} or {@code dbfs:/a/b}.
 */
final class DbfsApi {
    private static final String P = "/api/2.0/dbfs";

    private final FileStore store;

    DbfsApi(FileStore store) {
        this.store = store;
    }

    void register(Router r) {
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
    static String path(String raw) {
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
