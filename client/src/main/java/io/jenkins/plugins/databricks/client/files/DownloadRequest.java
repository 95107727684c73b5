package io.jenkins.plugins.databricks.client.files;

import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.workspace.WorkspacePaths;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Downloads#download} fetches: a remote file or directory tree, and the local directory (or file) it
 * goes to. The source is a Unity Catalog volume path ({@code /Volumes/<catalog>/<schema>/<volume>/...}, through the
 * Files API), a DBFS path ({@code dbfs:/...}, read in blocks of 1 MB) or any other absolute workspace path
 * ({@code /Workspace/...}, {@code /Shared/...}, {@code /Users/...}: notebooks exported as source with their
 * language's extension, workspace files as they are). Immutable; the builder validates each input. Nothing local
 * or remote is looked at until the download runs (so a request can be built on a Jenkins controller for an agent).
 */
public final class DownloadRequest {
    /** Files fetched at once unless told otherwise (as for uploads). */
    public static final int DEFAULT_PARALLELISM = UploadRequest.DEFAULT_PARALLELISM;
    /** What a source may be, for messages. */
    static final String SOURCES = "/Volumes/<catalog>/<schema>/<volume>/..., dbfs:/... or a workspace path such as"
            + " /Workspace/Shared/app";

    /** Where a source lives. */
    enum Store { VOLUME, DBFS, WORKSPACE }

    private final String source;
    private final Store store;
    private final Path target;
    private final boolean intoDirectory;
    private final boolean overwrite;
    private final boolean allowEmpty;
    private final List<String> includes;
    private final List<String> excludes;
    private final int parallelism;

    private DownloadRequest(Builder b) {
        this.source = b.source;
        this.store = b.store;
        this.target = b.target;
        this.intoDirectory = b.intoDirectory;
        this.overwrite = b.overwrite;
        this.allowEmpty = b.allowEmpty;
        this.includes = b.includes;
        this.excludes = b.excludes;
        this.parallelism = b.parallelism;
    }

    /**
     * @param source {@code /Volumes/<catalog>/<schema>/<volume>/...}, {@code dbfs:/...} or an absolute workspace
     *               path, of a file (notebook) or a directory (folder)
     * @param target the local directory a directory's tree goes into (created when missing). For one file: when
     *               {@code target} is an existing directory (or {@link Builder#intoDirectory} is set) the file goes
     *               into it under its remote name (a notebook with its extension), otherwise {@code target} is the
     *               file's own path, as an upload's target without a trailing '/' (a {@link Path} cannot end with
     *               one)
     * @return a builder
     */
    public static Builder builder(String source, Path target) {
        return new Builder(source, target);
    }

    /** @return the remote source, without a trailing '/' */
    public String source() {
        return source;
    }

    Store store() {
        return store;
    }

    public Path target() {
        return target;
    }

    public boolean intoDirectory() {
        return intoDirectory;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public boolean allowEmpty() {
        return allowEmpty;
    }

    public List<String> includes() {
        return includes;
    }

    public List<String> excludes() {
        return excludes;
    }

    public int parallelism() {
        return parallelism;
    }

    @Override
    public String toString() {
        return "DownloadRequest[" + source + " -> " + target + (overwrite ? ", overwrite" : "") + "]";
    }

    /** Checks a download source and says where it lives; the source comes back without a trailing '/'. */
    static String source(String source, String field) {
        String s = Checks.notBlank(source, field, SOURCES);
        if (s.regionMatches(true, 0, "dbfs:", 0, 5)) {
            String p = strip(s.substring(5));
            if (!p.startsWith("/") || p.equals("/")) {
                throw new IllegalArgumentException(field + " '" + s + "' is not a DBFS path under the root; expected"
                        + " dbfs:/path/to/file/or/directory");
            }
            WorkspacePaths.segments(p, field);
            return "dbfs:" + p;
        }
        if (s.contains("://") || !s.startsWith("/")) {
            throw new IllegalArgumentException(field + " '" + s + "' is not an absolute path; expected " + SOURCES);
        }
        String p = strip(s);
        WorkspacePaths.segments(p, field);
        if (p.equals("/Volumes") || p.startsWith("/Volumes/")) {
            if (p.split("/").length < 5) {
                throw new IllegalArgumentException(field + " '" + s + "' names no volume; expected"
                        + " /Volumes/<catalog>/<schema>/<volume>/...");
            }
            return p;
        }
        return p;
    }

    static Store store(String checkedSource) {
        return checkedSource.startsWith("dbfs:") ? Store.DBFS
                : checkedSource.startsWith("/Volumes/") ? Store.VOLUME : Store.WORKSPACE;
    }

    private static String strip(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Builds a {@link DownloadRequest}. */
    public static final class Builder {
        private final String source;
        private final Store store;
        private final Path target;
        private boolean intoDirectory;
        private boolean overwrite;
        private boolean allowEmpty;
        private List<String> includes = List.of();
        private List<String> excludes = List.of();
        private int parallelism = DEFAULT_PARALLELISM;

        private Builder(String source, Path target) {
            this.source = DownloadRequest.source(source, "source");
            this.store = store(this.source);
            if (target == null || target.toString().isEmpty()) {
                throw new IllegalArgumentException("target must not be empty; expected a local directory (or, for"
                        + " one file, a file path) in the build workspace");
            }
            this.target = target;
        }

        /**
         * @param on for a single remote file, put it into {@code target} under its remote name even when
         *           {@code target} does not exist yet (what a trailing '/' means for an upload's target); default
         *           false. A directory's tree always goes into {@code target}
         * @return this builder
         */
        public Builder intoDirectory(boolean on) {
            this.intoDirectory = on;
            return this;
        }

        /**
         * @param overwrite replace local files that exist (default false: an existing file fails the download
         *                  before any file is fetched). A symbolic link is never replaced or written through
         * @return this builder
         */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * @param allowEmpty let a directory with no matching files download nothing (default false: that is an
         *                   error naming the source and the globs)
         * @return this builder
         */
        public Builder allowEmpty(boolean allowEmpty) {
            this.allowEmpty = allowEmpty;
            return this;
        }

        /**
         * @param globs Ant-style patterns matched against each file's path relative to the source as it lands
         *              locally ('/' separators; a notebook with its extension), such as {@code **}{@code /*.xml};
         *              only matching files are fetched. Empty or null for all. A single-file source is fetched
         *              whatever the globs, as for uploads
         * @return this builder
         */
        public Builder includes(List<String> globs) {
            this.includes = FileTransferRequest.Builder.globs(globs, "includes");
            return this;
        }

        /**
         * @param globs Ant-style patterns of files to leave out
         * @return this builder
         */
        public Builder excludes(List<String> globs) {
            this.excludes = FileTransferRequest.Builder.globs(globs, "excludes");
            return this;
        }

        /**
         * @param parallelism files fetched at once, 1 to 32 (default {@value DownloadRequest#DEFAULT_PARALLELISM});
         *                    the workspace's rate limiter paces them
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = Transfers.parallelism(parallelism);
            return this;
        }

        public DownloadRequest build() {
            return new DownloadRequest(this);
        }
    }
}
