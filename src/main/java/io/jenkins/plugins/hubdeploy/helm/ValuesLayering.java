package io.jenkins.plugins.hubdeploy.helm;

import io.jenkins.plugins.hubdeploy.config.EnvironmentSpec;
import io.jenkins.plugins.hubdeploy.platform.Agent;
import io.jenkins.plugins.hubdeploy.platform.BuildLog;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;
import io.jenkins.plugins.hubdeploy.platform.SecretMasker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Layers an environment's values files (in their order: common, env, secrets) and the images' content tags into the
 * files helm gets. A sops-encrypted file is decrypted into the private scratch directory; a git-crypt-locked file is
 * refused. Every string of a secrets file (sops-encrypted, or under a directory/name containing "secret") is
 * registered with the log and the masker before helm runs, so no line, report or message can show it.
 * <p>A preflight ({@code leaveSecretsOut}) decrypts nothing and gives helm no secrets file at all: it runs the pull
 * request's own chart, and a template can put a transformed secret ({@code b64enc}, {@code sha256sum}) into helm's
 * error text, which literal masking cannot catch. Only the left-out files' keys are read, so the diff can skip them.
 */
public final class ValuesLayering {
    private static final int MIN_SECRET_LENGTH = 4;

    private final Agent agent;
    private final SopsDecryptor sops;
    private final BuildLog log;
    private final SecretMasker masker;

    public ValuesLayering(Agent agent, SopsDecryptor sops, BuildLog log, SecretMasker masker) {
        this.agent = agent;
        this.sops = sops;
        this.log = log;
        this.masker = masker;
    }

    public LayeredValues layer(EnvironmentSpec environment, List<ImageValues> images, String scratch)
            throws IOException, InterruptedException, HubDeployException {
        return layer(environment, images, scratch, false);
    }

    /** {@code leaveSecretsOut}: a preflight; every secrets file is left out (see the class comment). */
    public LayeredValues layer(EnvironmentSpec environment, List<ImageValues> images, String scratch, boolean leaveSecretsOut)
            throws IOException, InterruptedException, HubDeployException {
        List<String> leftOut = new ArrayList<>();
        Set<String> leftOutPaths = new LinkedHashSet<>();
        boolean leftOutKeysUnknown = false;
        List<String> files = new ArrayList<>();
        Map<String, Object> merged = new LinkedHashMap<>();
        Set<String> secretPaths = new LinkedHashSet<>();
        boolean secretsInUse = false;
        int index = 0;
        for (String path : environment.values()) {
            DeployFiles.Inspected file = agent.run(new DeployFiles.Inspect(path));
            if (leaveSecretsOut && (file.kind() != DeployFiles.Kind.PLAIN || looksSecret(path))) {
                log.info("preflight leaves " + path + " out: a pull request must not see " + environment.name() + " secrets");
                leftOut.add(path);
                Set<String> keys = file.kind() == DeployFiles.Kind.GIT_CRYPT ? null : keyPaths(file.text());
                if (keys == null) {
                    leftOutKeysUnknown = true;
                } else {
                    leftOutPaths.addAll(keys);
                }
                continue;
            }
            String text;
            String helmFile;
            boolean secret;
            switch (file.kind()) {
                case GIT_CRYPT -> throw HubDeployException.usage("values file " + path + " is encrypted by git-crypt "
                        + "and the checkout is locked; run 'git-crypt unlock' in the workspace before deploying (in "
                        + "Jenkins, with the key from a secret-file credential), or encrypt it with sops instead");
                case SOPS -> {
                    helmFile = Path.of(scratch, "values-" + (index++) + "-decrypted.yaml").toString();
                    text = sops.decrypt(path, helmFile);
                    secret = true;
                    log.info("values: " + path + " (sops-encrypted, decrypted to a private temporary file)");
                }
                default -> {
                    helmFile = file.absolutePath();
                    text = file.text();
                    secret = looksSecret(path);
                    log.info("values: " + path + (secret ? " (secrets: values hidden from the log)" : ""));
                }
            }
            Map<String, Object> values = Values.parse(text, path);
            if (secret) {
                secretsInUse = true;
                List<String> strings = new ArrayList<>();
                Values.collectStrings(values, strings);
                for (String s : strings) {
                    if (s.strip().length() >= MIN_SECRET_LENGTH) {
                        log.addSecret(s);
                        masker.add(s);
                    }
                }
                secretPaths.addAll(Values.flatten(values).keySet());
            }
            files.add(helmFile);
            merged = Values.merge(merged, values);
        }
        Map<String, Object> imageValues = ImageValues.toValues(images);
        if (!imageValues.isEmpty()) {
            String imagesFile = Path.of(scratch, "values-images.yaml").toString();
            agent.run(new DeployFiles.WritePrivate(imagesFile, Values.quotedYaml(imageValues)));
            files.add(imagesFile);
            merged = Values.merge(merged, imageValues);
            for (ImageValues image : images) {
                if (image.valuesPath() != null && !image.valuesPath().isBlank()) {
                    log.info("values: " + image.valuesPath() + " = " + image.reference());
                }
            }
        }
        return new LayeredValues(List.copyOf(files), merged, Set.copyOf(secretPaths), secretsInUse,
                List.copyOf(leftOut), Set.copyOf(leftOutPaths), leftOutKeysUnknown);
    }

    /**
     * The dotted paths a left-out file defines, from its keys only (sops leaves keys in clear and encrypts values),
     * without its {@code sops} metadata; null when it cannot be read. Its values are never kept or shown.
     */
    private static Set<String> keyPaths(String text) {
        Map<String, Object> values;
        try {
            values = new LinkedHashMap<>(Values.parse(text, "(left out)"));
        } catch (HubDeployException e) {
            return null;
        }
        values.remove("sops");
        return Values.flatten(values).keySet();
    }

    /** hubploy's convention: secrets live in {@code secrets/}; any file or directory named *secret* counts. */
    static boolean looksSecret(String path) {
        for (String part : path.toLowerCase(Locale.ROOT).split("/")) {
            if (part.contains("secret")) {
                return true;
            }
        }
        return false;
    }
}
