package io.jenkins.plugins.databricks.steps.durable;

import hudson.init.Terminator;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.policy.WorkLanes;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's own threads for blocking Databricks work of the durable steps: signing in, starting a run (with the
 * transport's retries, rate-limiter waits and {@code Retry-After} pauses), the first read of a run, and reading a
 * finished run's results. None of that ever runs on {@code jenkins.util.Timer} (shared by every periodic task and
 * every {@code sleep}/{@code timeout} of the controller) or on the CPS VM thread.
 *
 * <p>Sizing: at most {@link #THREADS} threads, and at most {@link #PER_WORKSPACE} tasks of one workspace host on them
 * at once ({@link WorkLanes}); the rest of that host's work waits in its lane. A throttled or dead workspace thus holds
 * {@code PER_WORKSPACE} threads and no more: the host's rate limiter lets no more requests through anyway, and every
 * other workspace keeps {@code THREADS - PER_WORKSPACE} threads. Idle threads end after a minute. Both numbers can be
 * set with system properties ({@code io.jenkins.plugins.databricks.steps.BlockingWork.threads} and
 * {@code .perWorkspace}).
 *
 * <p>When Jenkins shuts down, the pool is shut down and its threads interrupted; the steps see that their
 * {@link Generation} is terminating and leave their state for {@code onResume} instead of failing the build.
 */
public final class BlockingWork {
    /** The system properties keep the class's name from before it moved to this package (docs name them). */
    static final String PROPERTY_PREFIX = "io.jenkins.plugins.databricks.steps.BlockingWork.";
    static final int THREADS = Math.max(1, Integer.getInteger(PROPERTY_PREFIX + "threads", 32));
    public static final int PER_WORKSPACE = Math.max(1, Math.min(THREADS,
            Integer.getInteger(PROPERTY_PREFIX + "perWorkspace", 4)));

    /** One pool, from its creation until Jenkins shuts it down (tests start several Jenkins in one JVM). */
    public static final class Generation {
        private final ThreadPoolExecutor pool;
        private final WorkLanes lanes;
        private volatile boolean terminating;

        private Generation() {
            pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()),
                            "Databricks blocking work"));
            pool.allowCoreThreadTimeOut(true);
            lanes = new WorkLanes(pool, PER_WORKSPACE);
        }

        public WorkLanes lanes() {
            return lanes;
        }

        /** @return the pool itself, for work that is not tied to one workspace's lane (an OAuth token fetch) */
        ThreadPoolExecutor pool() {
            return pool;
        }

        /** @return whether Jenkins is shutting down this generation: an interrupted step must not fail its build */
        public boolean terminating() {
            return terminating;
        }
    }

    private static Generation current;

    private BlockingWork() {
    }

    public static synchronized Generation current() {
        if (current == null || current.pool.isShutdown()) {
            current = new Generation();
        }
        return current;
    }

    /** @return the lane of a workspace: its normalised host, so every spelling of one host shares one lane */
    public static String lane(String host) {
        try {
            return DatabricksClient.normalizeHost(host);
        } catch (IllegalArgumentException e) {
            return host;
        }
    }

    /**
     * Jenkins is going down: waits stop polling (their checkpoints stay in the program state) and blocking work is
     * interrupted. Runs before Jenkins shuts its timer down.
     */
    @Terminator
    public static void shutDown() {
        Generation g;
        synchronized (BlockingWork.class) {
            g = current;
            current = null;
        }
        if (g != null) {
            g.terminating = true;
        }
        DatabricksWaits.detachAll();
        if (g != null) {
            g.pool.shutdownNow();
        }
    }
}
