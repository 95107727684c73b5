package io.jenkins.plugins.databricks.client.workspace;

import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.files.FileTransferRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Workspace#importFiles} imports: a local file or directory tree (see {@link FileTransferRequest}),
 * the workspace path it goes to, and what becomes a notebook. Immutable; every setter of the builder validates
 * its input.
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
public final class ImportRequest extends FileTransferRequest {
    /** The accepted formats. */
    public static final List<String> FORMATS = List.of("AUTO", "NOTEBOOK", "FILE");
    /** Files sent at once unless told otherwise. */
    public static final int DEFAULT_PARALLELISM = 8;

    private final String workspacePath;
    private final String format;

    private ImportRequest(Builder b) {
        super(b);
        this.workspacePath = b.workspacePath;
        this.format = b.format;
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

    public String workspacePath() {
        return workspacePath;
    }

    /** @return AUTO, NOTEBOOK or FILE */
    public String format() {
        return format;
    }

    @Override
    public String toString() {
        return "ImportRequest[" + source() + " -> " + workspacePath + ", " + format
                + (overwrite() ? ", overwrite" : "") + "]";
    }

    /** Builds an {@link ImportRequest}. */
    public static final class Builder extends FileTransferRequest.Builder<Builder> {
        private final String workspacePath;
        private String format = "AUTO";

        private Builder(Path source, String workspacePath) {
            super(source, DEFAULT_PARALLELISM);
            this.workspacePath = WorkspacePaths.absolute(workspacePath, "path");
        }

        @Override
        protected Builder self() {
            return this;
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

        public ImportRequest build() {
            return new ImportRequest(this);
        }
    }
}
