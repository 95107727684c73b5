package io.jenkins.plugins.databricks.client.files;

import java.nio.file.Path;

/**
 * What {@link Uploads#upload} sends: a local file or directory tree (see {@link FileTransferRequest}), and where
 * to: a Unity Catalog volume ({@code /Volumes/<catalog>/<schema>/<volume>/...}, through the Files API) or DBFS
 * ({@code dbfs:/...}, through create/add-block/close). Immutable; the builder validates each input.
 */
public final class UploadRequest extends FileTransferRequest {
    /** Files sent at once unless told otherwise. */
    public static final int DEFAULT_PARALLELISM = 4;

    private final String target;

    private UploadRequest(Builder b) {
        super(b);
        this.target = b.target;
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

    public String target() {
        return target;
    }

    @Override
    public String toString() {
        return "UploadRequest[" + source() + " -> " + target + (overwrite() ? ", overwrite" : "") + "]";
    }

    /** Builds an {@link UploadRequest}. */
    public static final class Builder extends FileTransferRequest.Builder<Builder> {
        private final String target;

        private Builder(Path source, String target) {
            super(source, DEFAULT_PARALLELISM);
            this.target = Uploads.target(target, "target");
        }

        @Override
        protected Builder self() {
            return this;
        }

        public UploadRequest build() {
            return new UploadRequest(this);
        }
    }
}
