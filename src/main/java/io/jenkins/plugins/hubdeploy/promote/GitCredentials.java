package io.jenkins.plugins.hubdeploy.promote;

import java.io.Serializable;

/**
 * Username and password/token for the git remote and GitHub (a GitHub App credential's installation token is the
 * password). {@link #toString()} never shows the password.
 */
public record GitCredentials(String username, String password) implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=****]";
    }
}
