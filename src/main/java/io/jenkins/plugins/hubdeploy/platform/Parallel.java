package io.jenkins.plugins.hubdeploy.platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs the same work for several items on a small, bounded pool; results in input order, failures as thrown. */
public final class Parallel {
    private Parallel() {
    }

    /** One item's work; may throw what the core throws. */
    @FunctionalInterface
    public interface Work<T, R> {
        R apply(T item) throws IOException, InterruptedException, HubDeployException;
    }

    /**
     * Applies {@code work} to every item, at most {@code threads} at once. The first failure (in input order) is
     * rethrown as it was thrown, and the other items' work is interrupted.
     */
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
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> future : futures) {
                out.add(result(future));
            }
            return out;
        } finally {
            pool.shutdownNow();
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
