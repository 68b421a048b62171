package io.jenkins.plugins.hubdeploy.image;

import java.io.Serializable;

/** Username and password (or token) for one registry. {@link #toString()} never shows the password. */
public record RegistryCredentials(String username, String password) implements Serializable {
    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=****]";
    }
}
