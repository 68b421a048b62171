package io.jenkins.plugins.hubdeploy.promote;

import java.io.Serializable;
import java.time.Duration;

/** A repository and the token to call its API with; {@link #toString()} never shows the token. */
public record GitHubAccess(GitHubRepo repo, String token, Duration timeout) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    GitHubClient client() {
        return new GitHubClient(repo, token, timeout);
    }

    @Override
    public String toString() {
        return "GitHubAccess[repo=" + repo.fullName() + ", api=" + repo.apiUrl() + ", token=****]";
    }
}
