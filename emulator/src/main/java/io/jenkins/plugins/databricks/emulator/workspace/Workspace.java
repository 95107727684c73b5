package io.jenkins.plugins.databricks.emulator.workspace;

import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The workspace tree ({@code /api/2.0/workspace/*}): directories, notebooks, files and Git folders, keyed by
 * absolute path. {@code /Workspace/...} is the same tree as {@code /...}, as on Databricks. Contents live in
 * memory: the import limit keeps each one at 10 MB at most. Thread-safe (guarded by this).
 */
public final class Workspace {
    /** The largest content {@code workspace/import} accepts, in bytes after base64 decoding. */
    public static final int MAX_IMPORT_BYTES = 10 * 1024 * 1024;
    /** Notebook languages and the first line a source file must have to be taken for a notebook (AUTO). */
    static final Map<String, String> HEADERS = Map.of(
            "PYTHON", "# Databricks notebook source",
            "R", "# Databricks notebook source",
            "SCALA", "// Databricks notebook source",
            "SQL", "-- Databricks notebook source");
    static final Map<String, String> EXTENSIONS = Map.of(".py", "PYTHON", ".r", "R", ".scala", "SCALA",
            ".sql", "SQL");

    private final EmulatorClock clock;
    private final String userName;
    private final TreeMap<String, Node> nodes = new TreeMap<>();
    private long nextObjectId = 1_000_000_000_001L;

    /** One object in the tree. */
    static final class Node {
        final long objectId;
        final String path;
        final String type;
        final String language;
        final byte[] content;
        final long createdAt;
        final long modifiedAt;

        Node(long objectId, String path, String type, String language, byte[] content, long createdAt,
             long modifiedAt) {
            this.objectId = objectId;
            this.path = path;
            this.type = type;
            this.language = language;
            this.content = content;
            this.createdAt = createdAt;
            this.modifiedAt = modifiedAt;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("object_type", type);
            m.put("path", path);
            if (language != null) {
                m.put("language", language);
            }
            m.put("object_id", objectId);
            m.put("resource_id", Long.toString(objectId));
            m.put("created_at", createdAt);
            m.put("modified_at", modifiedAt);
            if (content != null) {
                m.put("size", (long) content.length);
            }
            return m;
        }
    }

    public Workspace(EmulatorClock clock, String userName) {
        this.clock = clock;
        this.userName = userName;
        reset();
    }

    // ---- test hooks ----

    /** Whether anything exists at the path. */
    public synchronized boolean exists(String path) {
        return nodes.containsKey(normalize(path));
    }

    /** DIRECTORY, NOTEBOOK, FILE or REPO, or empty when nothing is there. */
    public synchronized Optional<String> objectType(String path) {
        return Optional.ofNullable(nodes.get(normalize(path))).map(n -> n.type);
    }

    /** The language of a notebook, or empty. */
    public synchronized Optional<String> language(String path) {
        return Optional.ofNullable(nodes.get(normalize(path))).map(n -> n.language);
    }

    /** The stored content of a notebook or file as text, or empty. */
    public synchronized Optional<String> content(String path) {
        Node n = nodes.get(normalize(path));
        return n == null || n.content == null ? Optional.empty()
                : Optional.of(new String(n.content, StandardCharsets.UTF_8));
    }

    /** Every path under {@code prefix} (inclusive), sorted. */
    public synchronized List<String> paths(String prefix) {
        String p = normalize(prefix);
        List<String> out = new ArrayList<>();
        for (String k : nodes.keySet()) {
            if (k.equals(p) || k.startsWith(p.equals("/") ? "/" : p + "/")) {
                out.add(k);
            }
        }
        return out;
    }

    /** Creates or replaces a notebook (parents created), e.g. to seed what a submitted run executes. */
    public synchronized void putNotebook(String path, String language, String source) {
        String p = normalize(path);
        mkdirs(parent(p));
        put(p, "NOTEBOOK", language.toUpperCase(Locale.ROOT), source.getBytes(StandardCharsets.UTF_8));
    }

    // ---- operations ----

    public synchronized void reset() {
        nodes.clear();
        for (String dir : List.of("/", "/Users", "/Users/" + userName, "/Shared", "/Repos", "/Repos/" + userName)) {
            put(dir, "DIRECTORY", null, null);
        }
    }

    /**
     * An absolute workspace path without {@code /Workspace}, without a trailing slash. Relative paths are an
     * INVALID_PARAMETER_VALUE, as on Databricks.
     */
    static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            throw ApiException.missingField("path");
        }
        if (!path.startsWith("/")) {
            throw ApiException.invalidParameter("Path (" + path + ") doesn't start with '/'");
        }
        String p = path;
        if (p.equals("/Workspace") || p.startsWith("/Workspace/")) {
            p = p.substring("/Workspace".length());
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            p = "/";
        }
        for (String segment : p.substring(1).split("/", -1)) {
            if (p.length() > 1 && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                throw ApiException.invalidParameter("Path (" + path + ") is not a valid workspace path");
            }
        }
        return p;
    }

    static String parent(String normalized) {
        int i = normalized.lastIndexOf('/');
        return i <= 0 ? "/" : normalized.substring(0, i);
    }

    synchronized Map<String, Object> status(String path) {
        return node(normalize(path)).json();
    }

    private Node node(String p) {
        Node n = nodes.get(p);
        if (n == null) {
            throw ApiException.doesNotExist("Path (" + p + ") doesn't exist.");
        }
        return n;
    }

    synchronized void mkdirs(String path) {
        String p = normalize(path);
        List<String> missing = new ArrayList<>();
        for (String at = p; !nodes.containsKey(at); at = parent(at)) {
            missing.add(0, at);
        }
        Node existing = nodes.get(missing.isEmpty() ? p : parent(missing.get(0)));
        if (existing != null && !existing.type.equals("DIRECTORY") && !existing.type.equals("REPO")) {
            throw ApiException.alreadyExists("Node named '" + existing.path.substring(existing.path.lastIndexOf('/')
                    + 1) + "' already exists");
        }
        for (String dir : missing) {
            put(dir, "DIRECTORY", null, null);
        }
    }

    synchronized List<Map<String, Object>> list(String path) {
        String p = normalize(path);
        Node dir = node(p);
        List<Map<String, Object>> out = new ArrayList<>();
        if (!dir.type.equals("DIRECTORY") && !dir.type.equals("REPO")) {
            out.add(dir.json());
            return out;
        }
        String prefix = p.equals("/") ? "/" : p + "/";
        for (Node n : nodes.tailMap(prefix, true).values()) {
            if (!n.path.startsWith(prefix)) {
                break;
            }
            if (n.path.indexOf('/', prefix.length()) < 0 && !n.path.equals(p)) {
                out.add(n.json());
            }
        }
        return out;
    }

    /**
     * workspace/import. {@code format}: AUTO decides between notebook and file by extension and first line
     * (and then drops a notebook's extension), SOURCE and JUPYTER make notebooks, RAW makes a file.
     *
     * @return the path the object was stored at
     */
    synchronized String importObject(String path, String format, String language, byte[] content, boolean overwrite) {
        String p = normalize(path);
        if (content.length > MAX_IMPORT_BYTES) {
            throw new ApiException(400, "MAX_NOTEBOOK_SIZE_EXCEEDED", "File size imported is (" + content.length
                    + " bytes), exceeded max size (" + MAX_IMPORT_BYTES + " bytes)");
        }
        String type;
        String lang = null;
        switch (format) {
            case "SOURCE":
                if (language == null) {
                    throw ApiException.invalidParameter("The language must be set when importing a notebook in"
                            + " SOURCE format");
                }
                type = "NOTEBOOK";
                lang = language;
                break;
            case "JUPYTER":
                type = "NOTEBOOK";
                lang = language == null ? "PYTHON" : language;
                break;
            case "RAW":
                type = "FILE";
                break;
            case "AUTO": {
                String name = p.substring(p.lastIndexOf('/') + 1);
                int dot = name.lastIndexOf('.');
                String ext = dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
                String detected = null;
                if (ext.equals(".ipynb")) {
                    detected = "PYTHON";
                } else if (EXTENSIONS.containsKey(ext)) {
                    String first = firstLine(content);
                    if (first.equals(HEADERS.get(EXTENSIONS.get(ext)))) {
                        detected = EXTENSIONS.get(ext);
                    }
                }
                if (detected != null) {
                    type = "NOTEBOOK";
                    lang = detected;
                    p = p.substring(0, p.length() - ext.length());
                } else {
                    type = "FILE";
                }
                break;
            }
            default:
                throw ApiException.invalidParameter("Unsupported import format " + format
                        + "; supported: AUTO, SOURCE, JUPYTER, RAW");
        }
        if (p.equals("/")) {
            throw ApiException.invalidParameter("Cannot import to the workspace root");
        }
        Node parentNode = nodes.get(parent(p));
        if (parentNode == null) {
            throw ApiException.doesNotExist("The parent folder (" + parent(p) + ") does not exist.");
        }
        if (!parentNode.type.equals("DIRECTORY") && !parentNode.type.equals("REPO")) {
            throw ApiException.invalidParameter("The parent (" + parent(p) + ") is a " + parentNode.type
                    + ", not a folder");
        }
        Node existing = nodes.get(p);
        if (existing != null && (!overwrite || existing.type.equals("DIRECTORY") || existing.type.equals("REPO"))) {
            throw ApiException.alreadyExists(p + " already exists.");
        }
        put(p, type, lang, content);
        return p;
    }

    private static String firstLine(byte[] content) {
        int end = 0;
        while (end < content.length && end < 200 && content[end] != '\n' && content[end] != '\r') {
            end++;
        }
        return new String(content, 0, end, StandardCharsets.UTF_8).strip();
    }

    synchronized byte[] export(String path) {
        Node n = node(normalize(path));
        if (n.content == null) {
            throw ApiException.invalidParameter("Only notebooks and files can be exported in this format: "
                    + n.path + " is a " + n.type);
        }
        return n.content;
    }

    synchronized void delete(String path, boolean recursive) {
        String p = normalize(path);
        Node n = node(p);
        List<String> under = paths(p);
        if (under.size() > 1 && !recursive) {
            throw new ApiException(400, "DIRECTORY_NOT_EMPTY", "Folder (" + p + ") is not empty");
        }
        if (p.equals("/")) {
            throw ApiException.invalidParameter("Cannot delete the workspace root");
        }
        under.forEach(nodes::remove);
        nodes.remove(n.path);
    }

    /** A Git folder's node, created by the Repos API. */
    synchronized long putRepo(String path) {
        String p = normalize(path);
        Node parentNode = nodes.get(parent(p));
        if (parentNode == null) {
            throw ApiException.doesNotExist("Parent directory " + parent(p) + " does not exist.");
        }
        if (nodes.containsKey(p)) {
            throw ApiException.alreadyExists("Path " + p + " already exists.");
        }
        return put(p, "REPO", null, null).objectId;
    }

    private Node put(String p, String type, String language, byte[] content) {
        Node old = nodes.get(p);
        long now = clock.now();
        Node n = new Node(old == null ? nextObjectId++ : old.objectId, p, type, language, content,
                old == null ? now : old.createdAt, now);
        nodes.put(p, n);
        return n;
    }
}
