package io.jenkins.plugins.databricks.client.core;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives an {@link Exchange} with scheduled tasks instead of a waiting thread ({@link Transport#sendAsync}): the
 * rate limiter's slot, the answer and the pause before a retry are each a task on the scheduler; a token fetch runs
 * on the blocking executor.
 */
final class AsyncExchange {
    private final Transport t;
    private final Exchange ex;
    private final ScheduledExecutorService scheduler;
    private final java.util.concurrent.Executor blocking;
    private final CompletableFuture<Object> result;

    AsyncExchange(Transport t, Exchange ex, ScheduledExecutorService scheduler, java.util.concurrent.Executor blocking,
            CompletableFuture<Object> result) {
        this.t = t;
        this.ex = ex;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.result = result;
    }

    /** Takes the next rate-t.limiter slot and sends then; a 429 pause seen meanwhile is waited out once. */
    void acquire(boolean pauseChecked) {
        long slot = t.limiter.reserve();
        later(t.limiter.nanosUntil(slot), () -> {
            if (!pauseChecked && t.limiter.pausedAfter(slot)) {
                acquire(true);
            } else {
                send(slot);
            }
        });
    }

    private void send(long slot) {
        if (blocking != null && ex.fixedAuthorization == null && !t.auth.ready()) {
            try {
                blocking.execute(() -> {
                    if (!result.isDone()) {
                        authenticateAndSend(slot);
                    }
                });
                return;
            } catch (RejectedExecutionException e) {
                // the blocking pool is gone (Jenkins is going down): fetch here rather than not at all
            }
        }
        authenticateAndSend(slot);
    }

    private void authenticateAndSend(long slot) {
        HttpRequest httpRequest;
        try {
            httpRequest = ex.next(slot);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
            return;
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        t.http.sendAsync(httpRequest, ex.handler()).whenComplete((response, error) -> later(0, () -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause != null && !(cause instanceof IOException)) {
                result.completeExceptionally(cause);
                return;
            }
            Exchange.Outcome outcome = cause != null ? ex.failed((IOException) cause) : ex.answered(response);
            if (outcome.failure() != null) {
                result.completeExceptionally(outcome.failure());
            } else if (outcome.retryIn() == null) {
                result.complete(outcome.value());
            } else {
                later(outcome.retryIn().toNanos(), () -> acquire(false));
            }
        }));
    }

    /** Runs a step on the scheduler, now or after a delay, unless the caller gave up on the answer. */
    private void later(long nanos, Runnable step) {
        Runnable guarded = () -> {
            if (result.isDone()) {
                return;
            }
            try {
                step.run();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        try {
            if (nanos > 0) {
                scheduler.schedule(guarded, nanos, TimeUnit.NANOSECONDS);
            } else {
                scheduler.execute(guarded);
            }
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new DatabricksException(request().method(), request().path(), 0,
                    null, "the scheduler was shut down before the request ended", ex.attempt, e));
        }
    }

    private Transport.Request request() {
        return ex.request;
    }
}
