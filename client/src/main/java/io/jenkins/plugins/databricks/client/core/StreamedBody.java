package io.jenkins.plugins.databricks.client.core;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload body read on a thread of its own, never on the HttpClient's threads. The client's default
 * HttpClient runs its tasks inline on its selector thread (see {@link DatabricksClient}), and the JDK's
 * {@code ofFile}/{@code ofInputStream} publishers read when the selector asks for more: a slow disk or network
 * share would then stall every other exchange of the JVM. Here a reader thread fills a small queue (at most
 * {@value #QUEUE} chunks of {@value #CHUNK} bytes, so half a megabyte per upload is the most held) and the
 * selector only takes what is ready.
 */
public final class StreamedBody implements HttpRequest.BodyPublisher {
    static final int CHUNK = 64 * 1024;
    static final int QUEUE = 8;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "databricks-upload-reader");
        t.setDaemon(true);
        return t;
    });

    /** Opens the content; called once per subscription (per attempt). */
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final Opener opener;
    private final long length;
    private final long stallNanos;

    /**
     * @param stall how long the reader waits for the connection to take a chunk before it gives up: a bound in
     *              case the HttpClient abandons the body without cancelling it (it fails the exchange by then)
     */
    public StreamedBody(Opener opener, long length, java.time.Duration stall) {
        this.opener = opener;
        this.length = length;
        this.stallNanos = stall.toNanos();
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Pump pump = new Pump(subscriber);
        subscriber.onSubscribe(pump);
        READERS.execute(pump::read);
    }

    private final class Pump implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final ArrayBlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(QUEUE);
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile boolean finished;
        private volatile Throwable error;
        private boolean completed;

        Pump(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        void read() {
            try (InputStream in = opener.open()) {
                while (!cancelled) {
                    byte[] chunk = new byte[CHUNK];
                    int n = in.readNBytes(chunk, 0, CHUNK);
                    if (n == 0) {
                        break;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                    long since = System.nanoTime();
                    while (!cancelled && !queue.offer(buffer, 100, TimeUnit.MILLISECONDS)) {
                        // the connection is slower than the disk: wait for the selector to take a chunk
                        if (System.nanoTime() - since > stallNanos) {
                            throw new IOException("the connection took no data for " + stallNanos / 1_000_000_000L
                                    + " s");
                        }
                    }
                    drain();
                }
            } catch (IOException e) {
                error = e;
            } catch (InterruptedException e) {
                error = e;
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error = e;
            }
            finished = true;
            drain();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                error = new IllegalArgumentException("non-positive request " + n);
                cancelled = true;
                subscriber.onError(error);
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            queue.clear();
        }

        /** Hands out what is queued, as far as the subscriber asked; one thread at a time. */
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            do {
                while (!cancelled && demand.get() > 0) {
                    ByteBuffer b = queue.poll();
                    if (b == null) {
                        break;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(b);
                }
                if (!cancelled && !completed && finished && queue.isEmpty()) {
                    completed = true;
                    if (error != null) {
                        subscriber.onError(error);
                    } else {
                        subscriber.onComplete();
                    }
                }
            } while (wip.decrementAndGet() != 0);
        }
    }
}
