package io.jenkins.plugins.hubdeploy.platform;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Replaces every registered secret in a text with {@code ****}; longest first, so overlapping secrets are covered. */
public final class SecretMasker {
    public static final String MASK = "****";
    private static final int MIN_LENGTH = 3;

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    public void add(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH || secrets.contains(secret)) {
            return;
        }
        secrets.add(secret);
        secrets.sort(Comparator.comparingInt(String::length).reversed());
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
