package io.jenkins.plugins.databricks.steps;

import io.jenkins.plugins.databricks.client.Waiter;
import jenkins.util.Timer;

/**
 * The controller's one {@link Waiter}: every waiting Databricks step registers its wait here, and the polls of all of
 * them run as tasks on Jenkins' shared {@link Timer}, so a waiting step holds no thread.
 */
final class DatabricksWaits {

    private static volatile Waiter waiter;

    private DatabricksWaits() {
    }

    static Waiter waiter() {
        Waiter w = waiter;
        if (w == null) {
            synchronized (DatabricksWaits.class) {
                w = waiter;
                if (w == null) {
                    w = Waiter.builder(Timer.get()).build();
                    waiter = w;
                }
            }
        }
        return w;
    }
}
