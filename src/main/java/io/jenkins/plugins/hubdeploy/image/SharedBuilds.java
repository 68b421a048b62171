package io.jenkins.plugins.hubdeploy.image;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * One run's builds shared by the deployments it covers: an image several deployments use (DataHub's
 * deployments/datahub/images/default serves eight hubs) has one content tag, so it is built (and pushed) once and
 * every other deployment gets that result, also while the build is still running. A failed build fails each
 * deployment that needs it, with the same message.
 */
public final class SharedBuilds {
    private final Map<String, CompletableFuture<BuiltImage>> builds = new ConcurrentHashMap<>();

    /** {@code builder}, building each {@code name:tag} (with its push flag) at most once in this run. */
    public ImageBuilder wrap(ImageBuilder builder) {
        return new ImageBuilder() {
            @Override
            public String name() {
                return builder.name();
            }

            @Override
            public boolean supportsConcurrentBuilds() {
                return builder.supportsConcurrentBuilds();
            }

            @Override
            public BuiltImage build(BuildRequest request) throws IOException, InterruptedException, HubDeployException {
                String key = request.reference() + (request.push() ? " push" : "");
                CompletableFuture<BuiltImage> mine = new CompletableFuture<>();
                CompletableFuture<BuiltImage> existing = builds.putIfAbsent(key, mine);
                if (existing == null) {
                    try {
                        BuiltImage built = builder.build(request);
                        mine.complete(built);
                        return built;
                    } catch (IOException | HubDeployException | RuntimeException e) {
                        mine.completeExceptionally(e);
                        throw e;
                    } catch (InterruptedException e) {
                        builds.remove(key, mine);
                        mine.completeExceptionally(e);
                        throw e;
                    }
                }
                try {
                    return existing.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof HubDeployException h) {
                        throw new HubDeployException(h.exitCode(), h.getMessage());
                    }
                    if (cause instanceof IOException io) {
                        throw new IOException(io.getMessage(), io);
                    }
                    if (cause instanceof InterruptedException) {
                        throw HubDeployException.environment("the shared build of " + request.reference()
                                + " was interrupted by another deployment's run");
                    }
                    throw new IllegalStateException(cause);
                }
            }
        };
    }

    /** How many distinct builds were started in this run. */
    public int started() {
        return builds.size();
    }
}
