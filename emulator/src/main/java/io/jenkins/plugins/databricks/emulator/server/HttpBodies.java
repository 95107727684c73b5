package io.jenkins.plugins.databricks.emulator.server;

import java.io.IOException;
import java.io.InputStream;

/** Request bodies as the server reads them: chunked, or limited to their Content-Length. */
final class HttpBodies {
    private HttpBodies() {
    }

    /**
     * A chunked body, decoded as it is read: an upload of any size streams through (the Files API's handler
     * writes it to disk; the JSON endpoints cap what they read). close() does not close the connection.
     */
    static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long left;
        private boolean started;
        private boolean eof;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        /** Positions on data: true while there is some, false at the end of the body. */
        private boolean next() throws IOException {
            if (eof) {
                return false;
            }
            if (left > 0) {
                return true;
            }
            if (started) {
                EmulatorServer.readLine(in); // the CR LF after the previous chunk's data
            }
            started = true;
            String sizeLine = EmulatorServer.readLine(in);
            if (sizeLine == null) {
                throw new IOException("connection closed in a chunked body");
            }
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size " + sizeLine, e);
            }
            if (size < 0) {
                throw new IOException("bad chunk size " + sizeLine);
            }
            if (size == 0) {
                String trailer;
                do {
                    trailer = EmulatorServer.readLine(in);
                } while (trailer != null && !trailer.isEmpty());
                eof = true;
                return false;
            }
            left = size;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!next()) {
                return -1;
            }
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in a chunk");
            }
            left--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("connection closed in a chunk");
            }
            left -= n;
            return n;
        }

        @Override
        public void close() {
            // the socket stays open for the next request
        }
    }

    /** At most {@code remaining} bytes of the underlying stream; close() does not close it. */
    static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        LimitedInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the whole body arrived");
            }
            remaining--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("connection closed before the whole body arrived");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() {
            // the socket stays open for the next request
        }
    }
}
