package io.jenkins.plugins.databricks.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Workspace#importFiles} imports: a local file or directory tree, where to, and how. Immutable;
 * every setter of the builder validates its input, {@link Builder#build()} the combination. Files are only
 * looked at when the import runs (so a request can be built on a Jenkins controller for files on an agent).
 *
 * <p>{@code format} decides what becomes a notebook:
 * <ul>
 *   <li>{@code AUTO} (default, what the Databricks CLI's {@code import-dir} does): a {@code .py}, {@code .r},
 *       {@code .scala} or {@code .sql} file whose first line is the Databricks notebook header
 *       ({@code # Databricks notebook source}, {@code // ...} for Scala, {@code -- ...} for SQL) and every
 *       {@code .ipynb} file become notebooks, named without the extension; everything else becomes a workspace
 *       file under its own name;</li>
 *   <li>{@code NOTEBOOK}: every file with one of those extensions becomes a notebook, header or not;</li>
 *   <li>{@code FILE}: everything becomes a workspace file, extensions kept.</li>
 * </ul>
 */
public final class ImportRequest {
    /** The accepted formats. */
    public static final List<String> FORMATS = List.of("AUTO", "NOTEBOOK", "FILE");
    /** Files sent at once unless told otherwise. */
    public static final int DEFAULT_PARALLELISM = 8;

    private final Path source;
    private final String workspacePath;
    private final String format;
    private final boolean overwrite;
    private final List<String> includes;
    private final List<String> excludes;
    private final boolean defaultExcludes;
    private final int parallelism;

    private ImportRequest(Builder b) {
        this.source = b.source;
        this.workspacePath = b.workspacePath;
        this.format = b.format;
        this.overwrite = b.overwrite;
        this.includes = b.includes;
        this.excludes = b.excludes;
        this.defaultExcludes = b.defaultExcludes;
        this.parallelism = b.parallelism;
    }

    /**
     * @param source a local file or directory
     * @param workspacePath where it goes: for a directory, the folder its tree is imported into; for one file,
     *                      the object's full path, or a folder when it ends with '/' (the file keeps its name,
     *                      less a notebook's extension). Absolute, such as {@code /Shared/app} or
     *                      {@code /Workspace/Users/me@example.com/app}
     * @return a builder
     */
    public static Builder builder(Path source, String workspacePath) {
        return new Builder(source, workspacePath);
    }

    public Path source() {
        return source;
    }

    public String workspacePath() {
        return workspacePath;
    }

    /** @return AUTO, NOTEBOOK or FILE */
    public String format() {
        return format;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public List<String> includes() {
        return includes;
    }

    public List<String> excludes() {
        return excludes;
    }

    public boolean defaultExcludes() {
        return defaultExcludes;
    }

    public int parallelism() {
        return parallelism;
    }

    @Override
    public String toString() {
        return "ImportRequest[" + source + " -> " + workspacePath + ", " + format + (overwrite ? ", overwrite" : "")
                + "]";
    }

    /** Builds an {@link ImportRequest}. */
    public static final class Builder {
        private final Path source;
        private final String workspacePath;
        private String format = "AUTO";
        private boolean overwrite;
        private List<String> includes = List.of();
        private List<String> excludes = List.of();
        private boolean defaultExcludes = true;
        private int parallelism = DEFAULT_PARALLELISM;

        private Builder(Path source, String workspacePath) {
            if (source == null) {
                throw new IllegalArgumentException("source must not be empty; expected a file or directory in the"
                        + " build workspace");
            }
            this.source = source;
            this.workspacePath = WorkspacePaths.absolute(workspacePath, "workspacePath");
        }

        /**
         * @param format AUTO (default), NOTEBOOK or FILE, any case; see {@link ImportRequest}
         * @return this builder
         */
        public Builder format(String format) {
            this.format = format == null || format.isBlank() ? "AUTO"
                    : Checks.oneOf(format.strip().toUpperCase(Locale.ROOT), "format", FORMATS);
            return this;
        }

        /**
         * @param overwrite replace objects that exist (default false: an existing object fails the import)
         * @return this builder
         */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * @param globs Ant-style patterns relative to the source directory (such as {@code **}{@code /*.py});
         *              only matching files are imported. Empty or null for all
         * @return this builder
         */
        public Builder includes(List<String> globs) {
            this.includes = globs(globs, "includes");
            return this;
        }

        /**
         * @param globs Ant-style patterns of files to leave out
         * @return this builder
         */
        public Builder excludes(List<String> globs) {
            this.excludes = globs(globs, "excludes");
            return this;
        }

        /**
         * @param on leave out version-control and bytecode files ({@code .git/}, {@code __pycache__/}, ...);
         *           default true
         * @return this builder
         */
        public Builder defaultExcludes(boolean on) {
            this.defaultExcludes = on;
            return this;
        }

        /**
         * @param parallelism files imported at once, 1 to 32 (default 8); the workspace's rate limiter paces them
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = Transfers.parallelism(parallelism);
            return this;
        }

        public ImportRequest build() {
            return new ImportRequest(this);
        }

        static List<String> globs(List<String> globs, String field) {
            if (globs == null) {
                return List.of();
            }
            for (int i = 0; i < globs.size(); i++) {
                Object g = globs.get(i);
                if (g == null || g.toString().isBlank()) {
                    throw new IllegalArgumentException(field + "[" + i + "] is empty; expected a glob such as"
                            + " **/*.py");
                }
            }
            List<String> copy = globs.stream().map(Object::toString).map(String::strip).toList();
            LocalFiles.compile(copy);
            return copy;
        }
    }
}
