package io.jenkins.plugins.databricks.client.files;

import io.jenkins.plugins.databricks.client.workspace.ImportRequest;
import java.nio.file.Path;
import java.util.List;

/**
 * What every transfer of local files has: the file or directory tree to read, which of its files to take, whether
 * to replace what exists at the destination, and how many files to send at once. {@link ImportRequest} and
 * {@link UploadRequest} add where the files go. Immutable; every setter of the builder validates its input. Files
 * are only looked at when the transfer runs (so a request can be built on a Jenkins controller for files on an
 * agent).
 */
public abstract class FileTransferRequest {
    private final Path source;
    private final boolean overwrite;
    private final List<String> includes;
    private final List<String> excludes;
    private final boolean defaultExcludes;
    private final int parallelism;

    public FileTransferRequest(Builder<?> b) {
        this.source = b.source;
        this.overwrite = b.overwrite;
        this.includes = b.includes;
        this.excludes = b.excludes;
        this.defaultExcludes = b.defaultExcludes;
        this.parallelism = b.parallelism;
    }

    public Path source() {
        return source;
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

    /**
     * The settings every transfer shares.
     *
     * @param <B> the concrete builder, returned by each setter so that calls chain
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final Path source;
        private boolean overwrite;
        private List<String> includes = List.of();
        private List<String> excludes = List.of();
        private boolean defaultExcludes = true;
        private int parallelism;

        public Builder(Path source, int defaultParallelism) {
            if (source == null) {
                throw new IllegalArgumentException("source must not be empty; expected a file or directory in the"
                        + " build workspace");
            }
            this.source = source;
            this.parallelism = defaultParallelism;
        }

        protected abstract B self();

        /**
         * @param overwrite replace what exists at the destination (default false: an existing object or file
         *                  fails the transfer)
         * @return this builder
         */
        public B overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return self();
        }

        /**
         * @param globs Ant-style patterns relative to the source directory (such as {@code **}{@code /*.py});
         *              only matching files are sent. Empty or null for all
         * @return this builder
         */
        public B includes(List<String> globs) {
            this.includes = globs(globs, "includes");
            return self();
        }

        /**
         * @param globs Ant-style patterns of files to leave out
         * @return this builder
         */
        public B excludes(List<String> globs) {
            this.excludes = globs(globs, "excludes");
            return self();
        }

        /**
         * @param on leave out version-control and bytecode files ({@code .git/}, {@code __pycache__/}, ...);
         *           default true
         * @return this builder
         */
        public B defaultExcludes(boolean on) {
            this.defaultExcludes = on;
            return self();
        }

        /**
         * @param parallelism files sent at once, 1 to 32 (the default is the request's
         *                    {@code DEFAULT_PARALLELISM}); the workspace's rate limiter paces them
         * @return this builder
         */
        public B parallelism(int parallelism) {
            this.parallelism = Transfers.parallelism(parallelism);
            return self();
        }

        /** Checks and copies include or exclude globs; {@link DownloadRequest} takes them the same way. */
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
