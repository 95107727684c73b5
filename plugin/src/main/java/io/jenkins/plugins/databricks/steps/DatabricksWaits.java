package io.jenkins.plugins.databricks.steps;

import io.jenkins.plugins.databricks.client.Waiter;
import java.util.concurrent.ScheduledExecutorService;
import jenkins.util.Timer;

/**
 * The controller's one {@link Waiter}: every waiting Databricks step registers its wait here, and the polls of all of
 * them run as tasks on Jenkins' shared {@link Timer}, so a waiting step holds no thread. When Jenkins replaces its
 * timer (it shuts it down with Jenkins; tests start several Jenkins in one JVM), a new waiter follows it.
 */
final class DatabricksWaits {

    private record Current(ScheduledExecutorService timer, Waiter waiter) {
    }

    private static volatile Current current;

    private DatabricksWaits() {
    }

    static Waiter waiter() {
        ScheduledExecutorService timer = Timer.get();
        Current c = current;
        if (c == null || c.timer() != timer) {
            synchronized (DatabricksWaits.class) {
                c = current;
                if (c == null || c.timer() != timer) {
                    c = new Current(timer, Waiter.builder(timer).build());
                    current = c;
                }
            }
        }
        return c.waiter();
    }
}
