package io.jenkins.plugins.hubdeploy.jenkinsapi;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The records of {@code ../shared/jenkins-api/signatures.txt} (format 1; see its header): one {@link Rec} per
 * class, and per member keyed by owner + name + JVM descriptor. Read in place from the path in the system property
 * {@code jenkins.signatures}; never copied into the project.
 */
final class ApiSignatures {
    static final String PROPERTY = "jenkins.signatures";

    /** One record: its type (class/ctor/method/field), owner and key=value fields. */
    record Rec(String type, String owner, Map<String, String> fields) {
        String get(String key) {
            return fields.getOrDefault(key, "");
        }

        boolean ltsOnly() {
            return "only".equals(get("lts"));
        }

        /** flags as key -> value ("" for bare flags); a token without '=' continues the previous value (target=A,B). */
        Map<String, String> flags() {
            Map<String, String> flags = new LinkedHashMap<>();
            String last = null;
            String raw = get("flags");
            if (raw.isEmpty() || raw.equals("-")) {
                return flags;
            }
            for (String token : raw.split(",")) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    last = token.substring(0, eq);
                    flags.put(last, token.substring(eq + 1));
                } else if (last != null && (last.equals("target") || last.equals("withBridgeMethods"))) {
                    flags.put(last, flags.get(last) + "," + token);
                } else {
                    last = null;
                    flags.put(token, "");
                }
            }
            return flags;
        }
    }

    private final Map<String, Rec> classes = new HashMap<>();
    private final Map<String, Rec> members = new HashMap<>();

    private ApiSignatures(List<String> lines) {
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts[0].equals("source")) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 2; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            Rec rec = new Rec(parts[0], parts[1], fields);
            if (rec.type().equals("class")) {
                classes.put(rec.owner(), rec);
            } else {
                // prefer the baseline record should an lts-only record share the key
                members.merge(memberKey(rec.owner(), rec.get("name"), rec.get("desc")), rec,
                        (old, now) -> old.ltsOnly() ? now : old);
            }
        }
    }

    static ApiSignatures parse(List<String> lines) {
        return new ApiSignatures(lines);
    }

    /**
     * Loads the file named by {@code -Djenkins.signatures}. Missing: the test fails when CI=true, else it is skipped
     * with a message saying where the file comes from.
     */
    static ApiSignatures load() throws IOException {
        String property = System.getProperty(PROPERTY);
        Path file = property == null ? null : Path.of(property);
        if (file == null || !Files.isRegularFile(file)) {
            String message = "Jenkins API signatures not found at " + (property == null ? "(property " + PROPERTY
                    + " not set)" : file.toAbsolutePath()) + ": they live in ../shared/jenkins-api/signatures.txt beside"
                    + " the project (Maven passes -D" + PROPERTY + "=${project.basedir}/../shared/jenkins-api/"
                    + "signatures.txt); check out the shared jenkins-api facts there or pass -D" + PROPERTY + "=PATH";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    Rec classRecord(String binaryName) {
        return classes.get(binaryName);
    }

    Rec member(String owner, String name, String desc) {
        return members.get(memberKey(owner, name, desc));
    }

    int classCount() {
        return classes.size();
    }

    private static String memberKey(String owner, String name, String desc) {
        return owner + " " + name + desc;
    }
}
