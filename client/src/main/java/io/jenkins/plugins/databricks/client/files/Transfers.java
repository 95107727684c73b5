package io.jenkins.plugins.databricks.client.files;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one request sequence per file on a few threads; the host's rate limiter paces them all. The first
 * failure stops new files from starting (those in flight finish) and becomes a {@link TransferException} naming
 * what was done and what not.
 */
public final class Transfers {
    /** The most files sent at once. */
    static final int MAX_PARALLELISM = 32;

    private Transfers() {
    }

    /** Sends one item; returns what the operation reports for it. */
    public interface Work<T> {
        Map<String, Object> send(T item) throws InterruptedException;
    }

    static int parallelism(int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be between 1 and " + MAX_PARALLELISM + ", got "
                    + parallelism);
        }
        return parallelism;
    }

    /**
     * @param names each item's name in reports (its local relative path)
     * @return each item's report, in item order
     */
    public static <T> List<Map<String, Object>> run(String verb, List<T> items, List<String> names, int parallelism,
                                             Work<T> work) throws InterruptedException {
        int n = items.size();
        @SuppressWarnings("unchecked")
        Map<String, Object>[] results = new Map[n];
        if (parallelism == 1 || n == 1) {
            for (int i = 0; i < n; i++) {
                try {
                    results[i] = work.send(items.get(i));
                } catch (DatabricksException e) {
                    throw failure(verb, results, names, i, e);
                } catch (RuntimeException e) {
                    throw failure(verb, results, names, i, local(e));
                }
            }
            return List.of(results);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> failedAt = Collections.synchronizedList(new ArrayList<>());
        List<DatabricksException> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, n), r -> {
            Thread t = new Thread(r, "databricks-transfer");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int w = 0; w < Math.min(parallelism, n); w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n && !stop.get(); i = next.getAndIncrement()) {
                        try {
                            results[i] = work.send(items.get(i));
                        } catch (DatabricksException e) {
                            stop.set(true);
                            failedAt.add(i);
                            failures.add(e);
                        } catch (RuntimeException e) {
                            // still report what was done: a local failure stops the transfer like a remote one
                            stop.set(true);
                            failedAt.add(i);
                            failures.add(local(e));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                throw (InterruptedException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            throw failure(verb, results, names, failedAt.get(0), failures.get(0));
        }
        return List.of(results);
    }

    private static DatabricksException local(RuntimeException e) {
        return new DatabricksException(null, null, 0, "LOCAL_FAILURE", e.toString(), 0, e);
    }

    private static TransferException failure(String verb, Map<String, Object>[] results, List<String> names,
                                             int failed, DatabricksException cause) {
        List<Map<String, Object>> done = new ArrayList<>();
        List<String> notDone = new ArrayList<>();
        notDone.add(names.get(failed));
        for (int i = 0; i < results.length; i++) {
            if (results[i] != null) {
                done.add(results[i]);
            } else if (i != failed) {
                notDone.add(names.get(i));
            }
        }
        return new TransferException(verb, done, notDone, cause);
    }
}
