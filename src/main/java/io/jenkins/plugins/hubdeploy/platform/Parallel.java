package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same work for several items on a small, bounded pool; results in input order. The first failure to
 * happen stops the rest: they are interrupted and their own cleanup is waited for (bounded) before the failure is
 * rethrown as it was thrown, so nothing of theirs (a builder process, a temporary auth file) outlives the call.
 */
public final class Parallel {
    /** How long interrupted work may take to clean up after a failure or an interruption. */
    static final long CLEANUP_GRACE_SECONDS = 60;

    private Parallel() {
    }

    /** One item's work; may throw what the core throws. */
    @FunctionalInterface
    public interface Work<T, R> {
        R apply(T item) throws IOException, InterruptedException, HubDeployException;
    }

    /** Applies {@code work} to every item, at most {@code threads} at once. */
    public static <T, R> List<R> map(List<T> items, int threads, Work<T, R> work)
            throws IOException, InterruptedException, HubDeployException {
        if (items.size() <= 1 || threads <= 1) {
            List<R> out = new ArrayList<>();
            for (T item : items) {
                out.add(work.apply(item));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "hubdeploy-parallel");
            thread.setDaemon(true);
            return thread;
        });
        CompletionService<R> completion = new ExecutorCompletionService<>(pool);
        Map<Future<R>, Integer> positions = new HashMap<>();
        try {
            for (int i = 0; i < items.size(); i++) {
                T item = items.get(i);
                positions.put(completion.submit(() -> work.apply(item)), i);
            }
            List<R> out = new ArrayList<>();
            items.forEach(item -> out.add(null));
            for (int done = 0; done < items.size(); done++) {
                Future<R> future = completion.take();
                out.set(positions.get(future), result(future));
            }
            return out;
        } finally {
            pool.shutdownNow();
            awaitCleanup(pool);
        }
    }

    private static void awaitCleanup(ExecutorService pool) {
        boolean interrupted = Thread.interrupted();
        try {
            pool.awaitTermination(CLEANUP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <R> R result(Future<R> future) throws IOException, InterruptedException, HubDeployException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HubDeployException h) {
                throw h;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException ie) {
                throw ie;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
