package io.jenkins.plugins.databricks.client.workspace;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.files.LocalFiles;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.files.Transfers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Workspace objects ({@code /api/2.0/workspace/*}): folders, notebooks and files, and importing a local file or
 * directory tree. Obtained from {@link DatabricksClient#workspace()}.
 */
public final class Workspace {
    /** The largest content {@code workspace/import} takes (10 MB), checked per file before any request. */
    public static final long MAX_IMPORT_BYTES = 10L * 1024 * 1024;
    /** Notebook extensions and their languages. */
    static final Map<String, String> LANGUAGES = Map.of(".py", "PYTHON", ".r", "R", ".scala", "SCALA",
            ".sql", "SQL");
    /** The first line that makes a source file a notebook, per language (what the Databricks CLI checks). */
    static final Map<String, String> HEADERS = Map.of("PYTHON", "# Databricks notebook source",
            "R", "# Databricks notebook source", "SCALA", "// Databricks notebook source",
            "SQL", "-- Databricks notebook source");
    private static final String BASE = "/api/2.0/workspace/";

    private final DatabricksClient client;

    public Workspace(DatabricksClient client) {
        this.client = client;
    }

    /**
     * @param path an absolute workspace path
     * @return {@code object_type} (DIRECTORY, NOTEBOOK, FILE, REPO, ...), {@code path}, {@code object_id},
     *         {@code language} for notebooks, ...
     * @throws DatabricksException with {@link DatabricksException#isNotFound()} when nothing is there
     */
    public Map<String, Object> getStatus(String path) throws InterruptedException {
        String p = WorkspacePaths.absolute(path, "path");
        return Checks.map(client.send("GET", BASE + "get-status", List.of(Map.entry("path", p)), null, true),
                "workspace/get-status");
    }

    /**
     * Creates a folder and its missing parents; an existing folder is fine. Safe to repeat.
     *
     * @param path an absolute workspace path
     */
    public void mkdirs(String path) throws InterruptedException {
        String p = WorkspacePaths.absolute(path, "path");
        client.send("POST", BASE + "mkdirs", List.of(), Map.of("path", p), true);
    }

    /**
     * @param path an absolute workspace path of a folder
     * @return its direct children, each as {@link #getStatus} describes an object
     */
    public List<Map<String, Object>> list(String path) throws InterruptedException {
        String p = WorkspacePaths.absolute(path, "path");
        return Checks.listOfMaps(Checks.map(client.send("GET", BASE + "list", List.of(Map.entry("path", p)), null,
                true), "workspace/list"), "objects");
    }

    /**
     * @param path a notebook or file
     * @param format SOURCE, JUPYTER, HTML, DBC or AUTO
     * @return the exported bytes
     */
    public byte[] export(String path, String format) throws InterruptedException {
        String p = WorkspacePaths.absolute(path, "path");
        String f = Checks.oneOf(format, "format", List.of("SOURCE", "JUPYTER", "HTML", "DBC", "AUTO"));
        Map<String, Object> answer = Checks.map(client.send("GET", BASE + "export",
                List.of(Map.entry("path", p), Map.entry("format", f)), null, true), "workspace/export");
        Object content = answer.get("content");
        return content == null ? new byte[0] : Base64.getDecoder().decode(content.toString());
    }

    /**
     * Deletes an object; a folder with contents only when {@code recursive}.
     *
     * @param path an absolute workspace path
     * @param recursive delete a folder's contents too
     */
    public void delete(String path, boolean recursive) throws InterruptedException {
        String p = WorkspacePaths.absolute(path, "path");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", p);
        body.put("recursive", recursive);
        client.send("POST", BASE + "delete", List.of(), body, true);
    }

    /**
     * What {@link #importFiles} would do, without any request: each file with its target. Checks everything
     * that can be checked locally: the source exists and has files, no file is over {@link #MAX_IMPORT_BYTES},
     * no two files land on the same path.
     *
     * @param request what to import
     * @return per file: {@code source} (relative path), {@code path} (workspace path), {@code object_type}
     *         (NOTEBOOK or FILE), {@code format} (as sent: SOURCE, JUPYTER or AUTO), {@code language} (notebooks),
     *         {@code size} (bytes)
     * @throws IllegalArgumentException naming the parameter or file and what is accepted
     */
    public static List<Map<String, Object>> plan(ImportRequest request) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ImportPlan.Item item : ImportPlan.of(request)) {
            out.add(item.report());
        }
        return out;
    }

    /**
     * Imports a local file or directory tree (see {@link ImportRequest}): checks it all first (as {@link #plan}),
     * creates the folders, then imports the files in parallel within the host's rate limit. Content is read one
     * file at a time per thread, never more than the 10 MB import limit each.
     *
     * @param request what to import
     * @param listener told about each file imported; may be null
     * @return per file imported, as {@link #plan} describes it, in source order
     * @throws IllegalArgumentException for bad input, before any request
     * @throws TransferException when a file fails: names the files done and not done (rerun with overwrite to
     *         converge)
     * @throws DatabricksException when a folder cannot be created (before any file is imported)
     */
    public List<Map<String, Object>> importFiles(ImportRequest request, ProgressListener listener)
            throws InterruptedException {
        List<ImportPlan.Item> items = ImportPlan.of(request);
        ProgressListener progress = Checks.listener(listener);
        TreeSet<String> folders = new TreeSet<>();
        for (ImportPlan.Item item : items) {
            folders.add(WorkspacePaths.parent(item.path()));
        }
        // only the deepest folders: mkdirs creates their parents
        for (String folder : new ArrayList<>(folders)) {
            String higher = folders.higher(folder);
            if (higher != null && (folder.equals("/") || higher.startsWith(folder + "/"))) {
                folders.remove(folder);
            }
        }
        for (String folder : folders) {
            if (!folder.equals("/")) {
                mkdirs(folder);
            }
        }
        List<String> names = items.stream().map(ImportPlan.Item::relative).toList();
        List<Map<String, Object>> done = Transfers.run("Imported", items, names, request.parallelism(), item -> {
            importItem(item, request.overwrite());
            progress.progress("Imported " + item.relative() + " -> " + item.path()
                    + (item.objectType().equals("NOTEBOOK") ? " (" + item.language() + " notebook)" : ""));
            return item.report();
        });
        return new ArrayList<>(done);
    }

    private void importItem(ImportPlan.Item item, boolean overwrite) throws InterruptedException {
        byte[] content;
        // read at most one byte over the limit: a file that grew since it was planned is refused without being
        // held in memory whole
        try (java.io.InputStream in = Files.newInputStream(item.file())) {
            content = in.readNBytes((int) MAX_IMPORT_BYTES + 1);
        } catch (IOException e) {
            throw new DatabricksException("LOCAL_READ_FAILED", "could not read " + item.relative() + ": "
                    + e.getMessage());
        }
        if (content.length > MAX_IMPORT_BYTES) {
            throw new DatabricksException("MAX_NOTEBOOK_SIZE_EXCEEDED", item.relative() + " grew to more than "
                    + MAX_IMPORT_BYTES + " bytes since it was checked, over the import limit (10 MB)");
        }
        importContent(item.path(), content, item.format(), item.language(), overwrite);
    }

    /**
     * Imports one object from bytes ({@code workspace/import}). With overwrite the request is safe to repeat.
     *
     * @param path the object's absolute workspace path (its parent folder must exist)
     * @param content at most {@link #MAX_IMPORT_BYTES}
     * @param format AUTO, SOURCE, JUPYTER, HTML, DBC or RAW
     * @param language PYTHON, SQL, SCALA or R (required for SOURCE), or null
     * @param overwrite replace an existing object
     */
    public void importContent(String path, byte[] content, String format, String language, boolean overwrite)
            throws InterruptedException {
        String p = WorkspacePaths.absolute(path, "path");
        if (content == null) {
            throw new IllegalArgumentException("content must not be null");
        }
        if (content.length > MAX_IMPORT_BYTES) {
            throw new IllegalArgumentException("content of " + p + " is " + content.length + " bytes, over the"
                    + " import limit of " + MAX_IMPORT_BYTES + " bytes (10 MB)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("path", p);
        body.put("format", Checks.oneOf(format, "format", List.of("AUTO", "SOURCE", "JUPYTER", "HTML", "DBC",
                "RAW")));
        if (language != null) {
            body.put("language", Checks.oneOf(language, "language", List.of("PYTHON", "SQL", "SCALA", "R")));
        }
        body.put("content", Base64.getEncoder().encodeToString(content));
        body.put("overwrite", overwrite);
        client.send("POST", BASE + "import", List.of(), body, overwrite);
    }

    /** The notebook language of a file by its extension and first line, or null (what the CLI detects). */
    static String detectNotebook(java.nio.file.Path file, String extension) throws IOException {
        String language = LANGUAGES.get(extension);
        if (language == null) {
            return null;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        String first = (eol < 0 ? text : text.substring(0, eol)).strip();
        return first.equals(HEADERS.get(language)) ? language : null;
    }

    /** Import planning: which file goes where, as what. */
    static final class ImportPlan {
        record Item(java.nio.file.Path file, String relative, long size, String path, String objectType,
                    String format, String language) {
            Map<String, Object> report() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", relative);
                m.put("path", path);
                m.put("object_type", objectType);
                m.put("format", format);
                m.put("language", language);
                m.put("size", size);
                return m;
            }
        }

        private ImportPlan() {
        }

        static List<Item> of(ImportRequest r) {
            boolean single = !Files.isDirectory(r.source());
            List<LocalFiles.Selected> files = LocalFiles.select(r.source(), r.includes(), r.excludes(),
                    r.defaultExcludes(), "source");
            List<Item> items = new ArrayList<>();
            Map<String, String> taken = new HashMap<>();
            for (LocalFiles.Selected f : files) {
                if (f.size() > MAX_IMPORT_BYTES) {
                    throw new IllegalArgumentException("source file " + f.relative() + " is " + f.size()
                            + " bytes, over the workspace import limit of " + MAX_IMPORT_BYTES + " bytes (10 MB);"
                            + " upload it to a volume instead, or exclude it");
                }
                String ext = WorkspacePaths.extension(f.relative());
                String language = null;
                String format = "AUTO";
                boolean notebook = false;
                if (!r.format().equals("FILE")) {
                    if (ext.equals(".ipynb")) {
                        notebook = true;
                        format = "JUPYTER";
                    } else if (LANGUAGES.containsKey(ext)) {
                        try {
                            language = r.format().equals("NOTEBOOK") ? LANGUAGES.get(ext)
                                    : detectNotebook(f.file(), ext);
                        } catch (IOException e) {
                            throw new IllegalArgumentException("source file " + f.relative() + " cannot be read: "
                                    + e.getMessage());
                        }
                        notebook = language != null;
                        format = notebook ? "SOURCE" : "AUTO";
                    }
                }
                if (r.format().equals("FILE")) {
                    format = "RAW";
                }
                String name = notebook ? f.relative().substring(0, f.relative().length() - ext.length())
                        : f.relative();
                String target;
                if (single) {
                    target = r.workspacePath().endsWith("/")
                            ? WorkspacePaths.join(r.workspacePath(), name.substring(name.lastIndexOf('/') + 1))
                            : r.workspacePath();
                } else {
                    target = WorkspacePaths.join(r.workspacePath(), name);
                }
                String clash = taken.put(target, f.relative());
                if (clash != null) {
                    throw new IllegalArgumentException("source files " + clash + " and " + f.relative() + " would"
                            + " both be imported as " + target + "; exclude one of them");
                }
                items.add(new Item(f.file(), f.relative(), f.size(), target, notebook ? "NOTEBOOK" : "FILE", format,
                        language));
            }
            return items;
        }
    }
}
