package io.jenkins.plugins.databricks.client.core;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An answer body read as a stream on the caller's thread, a few buffers at a time: the download side of
 * {@link StreamedBody}. The client's default HttpClient runs its tasks inline on its selector thread (see
 * {@link DatabricksClient}), so the subscriber only queues what the selector hands it and asks for more once the
 * caller took a list of buffers: at most {@value #WINDOW} lists wait, and the connection is not read further until
 * the caller catches up. Unlike the JDK's {@code BodySubscribers.ofInputStream()}, whose reads in Java 17 swallow
 * an interrupt and wait on, a read here ends with an {@link InterruptedIOException} (the thread stays interrupted)
 * when the thread is interrupted, and with a {@link Stalled} when no byte came for the idle time, so neither a
 * stopped build nor a stalled connection holds a thread for ever.
 */
final class StreamedAnswer implements HttpResponse.BodySubscriber<InputStream> {
    /** Lists of buffers asked for ahead of the reader. */
    static final int WINDOW = 4;
    /** The end of the answer, or its failure; a list of its own, never one the HttpClient could hand over. */
    private static final List<ByteBuffer> END = Collections.unmodifiableList(new ArrayList<>(0));

    private final LinkedBlockingQueue<List<ByteBuffer>> queue = new LinkedBlockingQueue<>();
    private final Duration idle;
    private final Stream stream = new Stream();
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private volatile boolean closed;

    /** No byte for the idle time: the attempt ends like one whose connection broke off. */
    static final class Stalled extends IOException {
        private static final long serialVersionUID = 1L;

        Stalled(Duration idle) {
            super("no data for " + idle + ", the request timeout");
        }
    }

    /** @param idle the longest wait for the next bytes */
    StreamedAnswer(Duration idle) {
        this.idle = idle;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        // complete at once: send() returns with the status and headers, the body is read by the caller
        return CompletableFuture.completedStage(stream);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription != null) {
            s.cancel();
            return;
        }
        subscription = s;
        // send() may return, and the caller close the stream, before this runs: whichever comes second cancels
        if (closed) {
            s.cancel();
            return;
        }
        s.request(WINDOW);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        // never blocks: no more lists arrive than were asked for
        queue.offer(item);
    }

    @Override
    public void onError(Throwable error) {
        failure = error;
        queue.offer(END);
    }

    @Override
    public void onComplete() {
        queue.offer(END);
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** What the caller reads. */
    private final class Stream extends InputStream {
        private Iterator<ByteBuffer> list;
        private ByteBuffer current;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            ByteBuffer buffer = current();
            if (buffer == null) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            ByteBuffer buffer = current;
            return buffer == null ? 0 : buffer.remaining();
        }

        /** The buffer with bytes left to read, or null at the end of the answer. */
        private ByteBuffer current() throws IOException {
            while (current == null || !current.hasRemaining()) {
                if (closed) {
                    throw new IOException("the answer's stream is closed");
                }
                if (list != null && list.hasNext()) {
                    current = list.next();
                    continue;
                }
                if (ended) {
                    return end();
                }
                List<ByteBuffer> next;
                try {
                    next = queue.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    cancel();
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the answer");
                }
                if (next == null) {
                    cancel();
                    throw new Stalled(idle);
                }
                if (next == END) {
                    ended = true;
                    list = null;
                    return end();
                }
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.request(1);
                }
                list = next.iterator();
            }
            return current;
        }

        private ByteBuffer end() throws IOException {
            Throwable f = failure;
            if (f != null) {
                throw f instanceof IOException ? (IOException) f : new IOException(f.toString(), f);
            }
            return null;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (!ended && queue.peek() != END) {
                // the rest of the answer is not wanted: the HttpClient drops the connection
                cancel();
            }
            queue.clear();
        }
    }
}
