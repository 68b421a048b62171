package io.jenkins.plugins.hubdeploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.hubdeploy.platform.HttpClients;
import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Asks a registry whether {@code name:tag} exists, through the OCI distribution API:
 * {@code HEAD /v2/<repository>/manifests/<tag>} accepting OCI index/manifest and Docker manifest list/v2.
 * 200 means it exists (digest from {@code Docker-Content-Digest}), 404 that it does not. A 401 is answered once:
 * {@code Bearer} challenges by fetching a token from the realm (basic auth with the credentials, if any),
 * {@code Basic} challenges by sending the credentials. Loopback registries and insecure ones are plain HTTP.
 * Connection errors, 5xx and 429 are retried a bounded number of times with backoff; anything else that is not an
 * answer is an environment failure (exit 3) naming the registry and what to do. {@link #close()} when done.
 */
public final class RegistryClient implements AutoCloseable {
    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*+:[a-fA-F0-9]{32,}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final RegistryCredentials credentials;
    private final String credentialSource;
    private final boolean insecure;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param credentials for the registry, or null to ask anonymously
     * @param insecure    plain HTTP even though the registry is not on loopback (loopback always is)
     * @param timeout     connect timeout and timeout of each request
     */
    public RegistryClient(RegistryCredentials credentials, boolean insecure, Duration timeout) {
        this(credentials, credentials == null ? "no credentials"
                : "credentials for user '" + credentials.username() + "' passed to the step", insecure, timeout);
    }

    /** {@code credentialSource} says where the credentials came from, for failure messages. */
    RegistryClient(RegistryCredentials credentials, String credentialSource, boolean insecure, Duration timeout) {
        this.credentials = credentials;
        this.credentialSource = credentialSource;
        this.insecure = insecure;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .proxy(ProxySelector.getDefault())
                .build();
    }

    /**
     * A client with the {@code passed} credentials, or else those the builder's auth file has for the registry
     * (see {@link DockerConfig}; {@code env} is the builder's environment).
     */
    public static RegistryClient forRegistry(String registry, RegistryCredentials passed, boolean insecure,
                                             Duration timeout, Map<String, String> env) throws HubDeployException {
        if (passed != null) {
            return new RegistryClient(passed, insecure, timeout);
        }
        DockerConfig config;
        try {
            config = DockerConfig.lookup(registry, env);
        } catch (IOException e) {
            throw HubDeployException.environment(e.getMessage());
        }
        return new RegistryClient(config.credentials().orElse(null), config.describe(), insecure, timeout);
    }

    /** Ends the HTTP client's selector thread (see {@link HttpClients#close}); the CLI exits 300 ms sooner. */
    @Override
    public void close() {
        HttpClients.close(http);
    }

    /** The manifest digest of {@code name:tag}, or empty when the registry does not have that tag. */
    public Optional<String> manifestDigest(ImageName name, String tag)
            throws IOException, InterruptedException, HubDeployException {
        String where = name.apiHost();
        URI uri = URI.create(scheme(name) + "://" + where + "/v2/" + name.repository() + "/manifests/" + tag);
        HttpResponse<byte[]> response = send(manifestRequest(uri, "HEAD", null), where);
        String authorization = null;
        if (response.statusCode() == 401) {
            authorization = authorize(name, response, where);
            response = send(manifestRequest(uri, "HEAD", authorization), where);
            if (response.statusCode() == 401) {
                throw refused(where, name, "401 Unauthorized");
            }
        }
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status == 403) {
            throw refused(where, name, "403 Forbidden: the user may not pull this repository");
        }
        if (status != 200) {
            throw HubDeployException.environment("registry " + where + " answered HTTP " + status + " for "
                    + name.withTag(tag) + " (after " + ATTEMPTS + " tries for 5xx/429); check the registry's health"
                    + " and retry later");
        }
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent() && DIGEST.matcher(header.get().strip()).matches()) {
            return Optional.of(header.get().strip());
        }
        // Some registries omit the header on HEAD: the digest of the manifest bytes is the same thing.
        HttpResponse<byte[]> full = send(manifestRequest(uri, "GET", authorization), where);
        if (full.statusCode() != 200) {
            throw HubDeployException.environment("registry " + where + " answered HEAD 200 but GET " + full.statusCode()
                    + " for " + name.withTag(tag) + "; check the registry and retry later");
        }
        return Optional.of("sha256:" + sha256(full.body()));
    }

    private String scheme(ImageName name) {
        return insecure || name.isLoopback() ? "http" : "https";
    }

    private HttpRequest manifestRequest(URI uri, String method, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", ACCEPT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    /** Answers a 401 challenge: the value of the Authorization header to retry with. */
    private String authorize(ImageName name, HttpResponse<byte[]> challenged, String where)
            throws IOException, InterruptedException, HubDeployException {
        AuthChallenge challenge = AuthChallenge.parse(challenged.headers().allValues("WWW-Authenticate"));
        if (challenge == null) {
            throw HubDeployException.environment("registry " + where + " answered 401 without a usable"
                    + " WWW-Authenticate challenge (Basic or Bearer) for " + name + "; check the registry's auth setup");
        }
        if (challenge.scheme().equals("basic")) {
            if (credentials == null) {
                throw refused(where, name, "it requires a username and password");
            }
            return basic(credentials);
        }
        return "Bearer " + fetchToken(challenge, name, where);
    }

    private String fetchToken(AuthChallenge challenge, ImageName name, String where)
            throws IOException, InterruptedException, HubDeployException {
        String realm = challenge.params().get("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            throw HubDeployException.environment("registry " + where + " sent a Bearer challenge without an http(s)"
                    + " realm for " + name + "; check the registry's token auth setup");
        }
        StringBuilder query = new StringBuilder();
        String service = challenge.params().get("service");
        if (service != null) {
            query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
        }
        String scope = challenge.params().getOrDefault("scope", "repository:" + name.repository() + ":pull");
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        String tokenHost = tokenUri.getAuthority();
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(timeout).GET();
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        HttpResponse<byte[]> response = send(request.build(), tokenHost);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw refused(where, name, "its token service " + tokenHost + " answered " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            throw HubDeployException.environment("token service " + tokenHost + " of registry " + where
                    + " answered HTTP " + response.statusCode() + "; check the registry's token auth and retry later");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw HubDeployException.environment("token service " + tokenHost + " of registry " + where
                    + " answered something that is not JSON; check the realm in its WWW-Authenticate challenge");
        }
        String token = body.path("token").asText(body.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw HubDeployException.environment("token service " + tokenHost + " of registry " + where
                    + " answered without 'token' or 'access_token'; check the registry's token auth setup");
        }
        return token;
    }

    private HubDeployException refused(String where, ImageName name, String detail) {
        return HubDeployException.environment("registry " + where + " refused access to " + name.repository()
                + " (" + detail + ") with " + credentialSource + ". Check the username and password/token, log in"
                + " with 'buildah login " + name.registry() + "' (or docker login) on the agent, or pass credentials"
                + " to the step");
    }

    /** Sends with bounded retries on connection errors, 5xx and 429; returns the last answer. */
    private HttpResponse<byte[]> send(HttpRequest request, String where)
            throws InterruptedException, HubDeployException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if ((status < 500 && status != 429) || attempt == ATTEMPTS) {
                    return response;
                }
            } catch (SSLException e) {
                throw HubDeployException.environment("TLS handshake with registry " + where + " failed ("
                        + e.getMessage() + "); if it serves plain HTTP, list it under build.insecureRegistries,"
                        + " otherwise install its CA certificate in the agent's Java trust store", e);
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw HubDeployException.environment("registry " + where + " is unreachable ("
                            + describe(e) + ", " + ATTEMPTS + " tries over " + request.uri().getScheme() + "); check that"
                            + " it is running and reachable from the agent (host, port, proxy, firewall)", e);
                }
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String basic(RegistryCredentials credentials) {
        String pair = credentials.username() + ":" + credentials.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
