package io.jenkins.plugins.hubdeploy.image;

import java.io.Serializable;

/** What a builder produced: the reference and, when pushed, the registry's manifest digest (sha256:...). */
public record BuiltImage(String reference, boolean pushed, String digest) implements Serializable {
}
