package io.jenkins.plugins.databricks.client;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Uploads#upload} sends: a local file or directory tree, and where to: a Unity Catalog volume
 * ({@code /Volumes/<catalog>/<schema>/<volume>/...}, through the Files API) or DBFS ({@code dbfs:/...}, through
 * create/add-block/close). Immutable; the builder validates each input.
 */
public final class UploadRequest {
    /** Files sent at once unless told otherwise. */
    public static final int DEFAULT_PARALLELISM = 4;

    private final Path source;
    private final String target;
    private final boolean overwrite;
    private final List<String> includes;
    private final List<String> excludes;
    private final boolean defaultExcludes;
    private final int parallelism;

    private UploadRequest(Builder b) {
        this.source = b.source;
        this.target = b.target;
        this.overwrite = b.overwrite;
        this.includes = b.includes;
        this.excludes = b.excludes;
        this.defaultExcludes = b.defaultExcludes;
        this.parallelism = b.parallelism;
    }

    /**
     * @param source a local file or directory
     * @param target {@code /Volumes/<catalog>/<schema>/<volume>/...} or {@code dbfs:/...}: for a directory, the
     *               remote directory its tree goes into; for one file, the remote file, or a directory when it
     *               ends with '/' (the file keeps its name)
     * @return a builder
     */
    public static Builder builder(Path source, String target) {
        return new Builder(source, target);
    }

    public Path source() {
        return source;
    }

    public String target() {
        return target;
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
        return "UploadRequest[" + source + " -> " + target + (overwrite ? ", overwrite" : "") + "]";
    }

    /** Builds an {@link UploadRequest}. */
    public static final class Builder {
        private final Path source;
        private final String target;
        private boolean overwrite;
        private List<String> includes = List.of();
        private List<String> excludes = List.of();
        private boolean defaultExcludes = true;
        private int parallelism = DEFAULT_PARALLELISM;

        private Builder(Path source, String target) {
            if (source == null) {
                throw new IllegalArgumentException("source must not be empty; expected a file or directory in the"
                        + " build workspace");
            }
            this.source = source;
            this.target = Uploads.target(target, "target");
        }

        /**
         * @param overwrite replace remote files that exist (default false: an existing file fails the upload)
         * @return this builder
         */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * @param globs Ant-style patterns relative to the source directory; only matching files are sent
         * @return this builder
         */
        public Builder includes(List<String> globs) {
            this.includes = ImportRequest.Builder.globs(globs, "includes");
            return this;
        }

        /**
         * @param globs Ant-style patterns of files to leave out
         * @return this builder
         */
        public Builder excludes(List<String> globs) {
            this.excludes = ImportRequest.Builder.globs(globs, "excludes");
            return this;
        }

        /**
         * @param on leave out version-control and bytecode files; default true
         * @return this builder
         */
        public Builder defaultExcludes(boolean on) {
            this.defaultExcludes = on;
            return this;
        }

        /**
         * @param parallelism files sent at once, 1 to 32 (default 4)
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = Transfers.parallelism(parallelism);
            return this;
        }

        public UploadRequest build() {
            return new UploadRequest(this);
        }
    }
}
