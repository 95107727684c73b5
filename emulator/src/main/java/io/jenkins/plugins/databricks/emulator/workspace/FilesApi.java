package io.jenkins.plugins.databricks.emulator.workspace;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Files API for Unity Catalog volumes: {@code /api/2.0/fs/files{path}} (PUT, GET, HEAD, DELETE) and
 * {@code /api/2.0/fs/directories{path}} (PUT, GET, HEAD, DELETE). Unlike the JSON endpoints it reads request
 * bodies as streams and answers file contents from disk, so it is served apart from the router.
 */
public final class FilesApi {
    static final String FILES = "/api/2.0/fs/files";
    static final String DIRECTORIES = "/api/2.0/fs/directories";

    private final FileStore store;

    public FilesApi(FileStore store) {
        this.store = store;
    }

    /** An answer: JSON or empty, or a stored file's bytes ({@code file} non-null). */
    public record Answer(int status, Map<String, String> headers, byte[] body, Path file, long length) {
        static Answer empty(int status) {
            return new Answer(status, Map.of(), new byte[0], null, 0);
        }

        static Answer json(Object value) {
            return new Answer(200, Map.of("Content-Type", "application/json"), Json.bytes(value), null, 0);
        }
    }

    public static boolean handles(String path) {
        return path.startsWith(FILES + "/") || path.startsWith(DIRECTORIES + "/");
    }

    public Answer handle(String method, String path, Map<String, List<String>> query, InputStream body) throws IOException {
        if (path.startsWith(FILES + "/")) {
            return file(method, volumePath(path.substring(FILES.length()), 5), query, body);
        }
        return directory(method, volumePath(path.substring(DIRECTORIES.length()), 4), query);
    }

    private Answer file(String method, String path, Map<String, List<String>> query, InputStream body)
            throws IOException {
        switch (method) {
            case "PUT": {
                String overwrite = first(query, "overwrite");
                if (overwrite != null && !overwrite.equals("true") && !overwrite.equals("false")) {
                    throw ApiException.invalidParameter("overwrite must be true or false, got " + overwrite);
                }
                store.write(path, body, "true".equals(overwrite));
                return Answer.empty(204);
            }
            case "GET":
            case "HEAD": {
                FileStore.Entry e = store.file(path);
                if (e == null) {
                    throw new ApiException(404, "NOT_FOUND", "The file being accessed is not found.");
                }
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/octet-stream");
                headers.put("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        Instant.ofEpochMilli(e.modified()).atOffset(ZoneOffset.UTC)));
                if (e.data() == null) {
                    // counted, not kept (FileStore#keepContents): the size is known, the bytes are not
                    return new Answer(200, headers, new byte[0], null, 0);
                }
                return new Answer(200, headers, null, e.data(), e.size());
            }
            case "DELETE":
                if (!store.delete(path)) {
                    throw new ApiException(404, "NOT_FOUND", "The file being accessed is not found.");
                }
                return Answer.empty(204);
            default:
                throw ApiException.endpointNotFound(method, FILES + path);
        }
    }

    private Answer directory(String method, String path, Map<String, List<String>> query) throws IOException {
        switch (method) {
            case "PUT":
                store.mkdirs(path);
                return Answer.empty(204);
            case "HEAD":
                if (!store.isDirectory(path) && !isVolumeRoot(path)) {
                    throw new ApiException(404, "NOT_FOUND", "The directory being accessed is not found.");
                }
                return Answer.empty(200);
            case "GET": {
                if (!store.isDirectory(path) && !isVolumeRoot(path)) {
                    throw new ApiException(404, "NOT_FOUND", "The directory being accessed is not found.");
                }
                List<Map<String, Object>> contents = new ArrayList<>();
                for (Object[] child : store.children(path)) {
                    String p = (String) child[0];
                    FileStore.Entry e = (FileStore.Entry) child[1];
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("path", p);
                    m.put("is_directory", e == null);
                    if (e != null) {
                        m.put("file_size", e.size());
                        m.put("last_modified", e.modified());
                    }
                    m.put("name", p.substring(p.lastIndexOf('/') + 1));
                    contents.add(m);
                }
                return Answer.json(contents.isEmpty() ? Map.of() : Map.of("contents", contents));
            }
            case "DELETE":
                if (!store.children(path).isEmpty()) {
                    throw new ApiException(400, "DIRECTORY_NOT_EMPTY", "The directory being deleted is not empty.");
                }
                return Answer.empty(204);
            default:
                throw ApiException.endpointNotFound(method, DIRECTORIES + path);
        }
    }

    /** Volume roots ({@code /Volumes/catalog/schema/volume}) exist in every emulated metastore. */
    private static boolean isVolumeRoot(String path) {
        return path.split("/").length == 5;
    }

    private static String volumePath(String raw, int minSegments) {
        String p = raw;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String[] parts = p.split("/", -1);
        boolean ok = p.startsWith("/Volumes/") && parts.length >= minSegments;
        for (int i = 1; ok && i < parts.length; i++) {
            ok = !parts[i].isEmpty() && !parts[i].equals(".") && !parts[i].equals("..");
        }
        if (!ok) {
            throw ApiException.invalidParameter("Invalid path " + raw + ": expected /Volumes/<catalog>/<schema>/"
                    + "<volume>/" + (minSegments > 4 ? "<file path>" : "[<directory path>]"));
        }
        return p;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
