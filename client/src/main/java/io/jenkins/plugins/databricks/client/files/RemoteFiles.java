package io.jenkins.plugins.databricks.client.files;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Transport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a download source holds: one file, or every file below a directory, listed through the API of the store it
 * lives in (the Files API's {@code fs/directories} pages, {@code dbfs/list}, {@code workspace/list}), each with its
 * name relative to the source. Every name is checked with {@link LocalTarget#checkName} as it is listed, so an
 * unsafe one stops the download before any file is fetched, and the listing never descends into a name it
 * would not write.
 */
final class RemoteFiles {
    static final String FILES = "/api/2.0/fs/files";
    static final String DIRECTORIES = "/api/2.0/fs/directories";
    static final String DBFS = "/api/2.0/dbfs/";
    static final String WORKSPACE = "/api/2.0/workspace/";
    /** Notebook languages and the extension a notebook is saved with (what the Databricks CLI's export-dir adds). */
    static final Map<String, String> EXTENSIONS = Map.of("PYTHON", ".py", "SQL", ".sql", "SCALA", ".scala",
            "R", ".r");

    /**
     * One remote file. {@code path} is what the API names it ({@code /Volumes/...}, a DBFS path without
     * {@code dbfs:}, a workspace path); {@code relative} its name below the source ("" for a single-file source);
     * {@code local} the name it is saved under (a notebook gains its extension); {@code size} as listed, or null;
     * {@code notebook} whether it is exported as source.
     */
    record Entry(String path, String relative, String local, Long size, boolean notebook) {
    }

    /** A listed source: whether it is one file, its files, and the workspace objects that cannot be downloaded. */
    record Listing(boolean single, List<Entry> files, List<String> skipped) {
    }

    private final DatabricksClient client;
    private final String source;

    private RemoteFiles(DatabricksClient client, String source) {
        this.client = client;
        this.source = source;
    }

    /**
     * @param source a checked source ({@link DownloadRequest#source(String, String)})
     * @throws DatabricksException {@code RESOURCE_DOES_NOT_EXIST} naming the source when nothing is there,
     *         {@code UNSAFE_REMOTE_NAME} for a name that could leave the target
     */
    static Listing list(DatabricksClient client, String source) throws InterruptedException {
        RemoteFiles r = new RemoteFiles(client, source);
        switch (DownloadRequest.store(source)) {
            case VOLUME:
                return r.volume();
            case DBFS:
                return r.dbfs();
            default:
                return r.workspace();
        }
    }

    private DatabricksException missing() {
        return new DatabricksException("RESOURCE_DOES_NOT_EXIST", "source '" + source + "' does not exist; expected"
                + " a file or directory at " + DownloadRequest.SOURCES);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private Entry single(String path, Long size, boolean notebook, String extension) {
        String local = LocalTarget.checkName(name(path), source) + extension;
        return new Entry(path, "", local, size, notebook);
    }

    /**
     * The name of a listed path below {@code base}, checked. A listing that names something outside the
     * directory it lists is refused like an unsafe name.
     */
    private String relative(String listed, String base, String dir) {
        String p = listed.length() > 1 && listed.endsWith("/") ? listed.substring(0, listed.length() - 1) : listed;
        String dirPrefix = dir.equals("/") ? "/" : dir + "/";
        if (!p.startsWith(dirPrefix) || p.length() == dirPrefix.length()) {
            throw new DatabricksException("UNSAFE_REMOTE_NAME", "source '" + source + "': the listing of '" + dir
                    + "' names '" + p + "', which is not inside it; nothing was downloaded");
        }
        String basePrefix = base.equals("/") ? "/" : base + "/";
        return LocalTarget.checkName(p.substring(basePrefix.length()), source);
    }

    // ---- Unity Catalog volumes: the Files API ----

    private Listing volume() throws InterruptedException {
        String p = source;
        if (!isDirectory(p)) {
            Long size;
            try {
                size = client.receive(Transport.Request.json("HEAD", FILES + Uploads.encodePath(p), List.of(), null,
                        true), "application/octet-stream", (in, headers) -> headers.firstValueAsLong("Content-Length")
                        .stream().boxed().findFirst().orElse(null));
            } catch (DatabricksException e) {
                if (e.isNotFound()) {
                    throw missing();
                }
                throw e;
            }
            return new Listing(true, List.of(single(p, size, false, "")), List.of());
        }
        List<Entry> files = new ArrayList<>();
        Deque<String> dirs = new ArrayDeque<>(List.of(p));
        while (!dirs.isEmpty()) {
            String dir = dirs.poll();
            String token = null;
            Set<String> seen = new HashSet<>();
            do {
                Map<String, Object> page = Checks.map(client.send("GET", DIRECTORIES + Uploads.encodePath(dir),
                        token == null ? List.of() : List.of(Map.entry("page_token", token)), null, true),
                        "fs/directories");
                for (Map<String, Object> e : Checks.listOfMaps(page, "contents")) {
                    String listed = Checks.string(e, "path");
                    if (listed == null) {
                        throw new DatabricksException("UNEXPECTED_RESPONSE", "fs/directories of '" + dir
                                + "' answered an entry without a path");
                    }
                    String rel = relative(listed, p, dir);
                    if (Boolean.TRUE.equals(e.get("is_directory"))) {
                        dirs.add(p + "/" + rel);
                    } else {
                        files.add(new Entry(p + "/" + rel, rel, rel, size(e.get("file_size")), false));
                    }
                }
                token = Checks.string(page, "next_page_token");
                if (token != null && !token.isEmpty() && !seen.add(token)) {
                    throw new DatabricksException("UNEXPECTED_RESPONSE", "fs/directories returned the page token '"
                            + token + "' twice; stopping to avoid an endless listing");
                }
            } while (token != null && !token.isEmpty());
        }
        return new Listing(false, files, List.of());
    }

    /**
     * {@code HEAD fs/directories{path}}: 200 for a directory, 404 otherwise (what the SDKs rely on). A 400 or 409,
     * which a HEAD cannot explain, is taken as "not a directory" too, and the file check decides.
     */
    private boolean isDirectory(String path) throws InterruptedException {
        try {
            client.send(Transport.Request.json("HEAD", DIRECTORIES + Uploads.encodePath(path), List.of(), null,
                    true));
            return true;
        } catch (DatabricksException e) {
            if (e.isNotFound() || e.statusCode() == 400 || e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    // ---- DBFS ----

    private Listing dbfs() throws InterruptedException {
        String p = source.substring(5);
        Map<String, Object> status;
        try {
            status = Checks.map(client.send("GET", DBFS + "get-status", List.of(Map.entry("path", p)), null, true),
                    "dbfs/get-status");
        } catch (DatabricksException e) {
            if (e.isNotFound()) {
                throw missing();
            }
            throw e;
        }
        if (!Boolean.TRUE.equals(status.get("is_dir"))) {
            return new Listing(true, List.of(single(p, size(status.get("file_size")), false, "")), List.of());
        }
        List<Entry> files = new ArrayList<>();
        Deque<String> dirs = new ArrayDeque<>(List.of(p));
        while (!dirs.isEmpty()) {
            String dir = dirs.poll();
            Map<String, Object> answer = Checks.map(client.send("GET", DBFS + "list", List.of(Map.entry("path", dir)),
                    null, true), "dbfs/list");
            for (Map<String, Object> e : Checks.listOfMaps(answer, "files")) {
                String listed = Checks.string(e, "path");
                if (listed == null) {
                    throw new DatabricksException("UNEXPECTED_RESPONSE", "dbfs/list of '" + dir + "' answered an"
                            + " entry without a path");
                }
                if (listed.regionMatches(true, 0, "dbfs:", 0, 5)) {
                    listed = listed.substring(5);
                }
                String rel = relative(listed, p, dir);
                if (Boolean.TRUE.equals(e.get("is_dir"))) {
                    dirs.add(p + "/" + rel);
                } else {
                    files.add(new Entry(p + "/" + rel, rel, rel, size(e.get("file_size")), false));
                }
            }
        }
        return new Listing(false, files, List.of());
    }

    // ---- workspace folders ----

    /** {@code /Workspace/x} and {@code /x} name the same object; listings answer the short form. */
    private static String canonical(String path) {
        if (path.equals("/Workspace")) {
            return "/";
        }
        return path.startsWith("/Workspace/") ? path.substring("/Workspace".length()) : path;
    }

    private Listing workspace() throws InterruptedException {
        String p = canonical(source);
        Map<String, Object> status;
        try {
            status = Checks.map(client.send("GET", WORKSPACE + "get-status", List.of(Map.entry("path", source)), null,
                    true), "workspace/get-status");
        } catch (DatabricksException e) {
            if (e.isNotFound()) {
                throw missing();
            }
            throw e;
        }
        String type = String.valueOf(status.get("object_type")).toUpperCase(Locale.ROOT);
        if (type.equals("NOTEBOOK") || type.equals("FILE")) {
            boolean notebook = type.equals("NOTEBOOK");
            return new Listing(true, List.of(single(p, size(status.get("size")), notebook,
                    notebook ? extension(status, p) : "")), List.of());
        }
        if (!type.equals("DIRECTORY") && !type.equals("REPO")) {
            throw new IllegalArgumentException("source '" + source + "' is a " + type + ", which cannot be"
                    + " downloaded; expected a notebook, a file or a folder");
        }
        List<Entry> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Deque<String> dirs = new ArrayDeque<>(List.of(p));
        while (!dirs.isEmpty()) {
            String dir = dirs.poll();
            Map<String, Object> answer = Checks.map(client.send("GET", WORKSPACE + "list",
                    List.of(Map.entry("path", dir)), null, true), "workspace/list");
            for (Map<String, Object> o : Checks.listOfMaps(answer, "objects")) {
                String listed = Checks.string(o, "path");
                if (listed == null) {
                    throw new DatabricksException("UNEXPECTED_RESPONSE", "workspace/list of '" + dir + "' answered"
                            + " an object without a path");
                }
                String rel = relative(canonical(listed), p, dir);
                String t = String.valueOf(o.get("object_type")).toUpperCase(Locale.ROOT);
                if (t.equals("DIRECTORY") || t.equals("REPO")) {
                    dirs.add(prefix(p) + rel);
                } else if (t.equals("NOTEBOOK")) {
                    files.add(new Entry(prefix(p) + rel, rel, rel + extension(o, listed), null, true));
                } else if (t.equals("FILE")) {
                    files.add(new Entry(prefix(p) + rel, rel, rel, size(o.get("size")), false));
                } else {
                    skipped.add(rel + " (" + t + ")");
                }
            }
        }
        return new Listing(false, files, skipped);
    }

    private static String prefix(String dir) {
        return dir.equals("/") ? "/" : dir + "/";
    }

    private String extension(Map<String, Object> object, String path) {
        String language = String.valueOf(object.get("language")).toUpperCase(Locale.ROOT);
        String ext = EXTENSIONS.get(language);
        if (ext == null) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", "source '" + source + "': the notebook '" + path
                    + "' has the language " + object.get("language") + "; expected one of "
                    + String.join(", ", new java.util.TreeSet<>(EXTENSIONS.keySet())));
        }
        return ext;
    }

    private static Long size(Object value) {
        return value instanceof Number ? ((Number) value).longValue() : null;
    }
}
