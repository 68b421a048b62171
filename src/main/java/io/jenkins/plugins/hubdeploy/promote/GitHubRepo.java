package io.jenkins.plugins.hubdeploy.promote;

import io.jenkins.plugins.hubdeploy.platform.HubDeployException;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub repository: where its REST API is, its owner and name. Read from a remote URL
 * ({@code https://github.com/o/r.git}, {@code git@github.com:o/r.git}, {@code ssh://git@host/o/r}) or a pull
 * request URL ({@code CHANGE_URL}: {@code https://github.com/o/r/pull/12}). The API is {@code https://api.github.com}
 * for github.com and {@code https://HOST/api/v3} for GitHub Enterprise Server, unless configured.
 */
public record GitHubRepo(String apiUrl, String owner, String name, String webHost) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)/?([^/]+)/([^/]+?)(?:\\.git)?/?$");
    private static final Pattern URL = Pattern.compile("^[a-z+]+://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/(.+?)/([^/]+?)(?:\\.git)?/?$");
    private static final Pattern PULL = Pattern.compile("^(https?://[^/]+)/([^/]+)/([^/]+)/pull/\\d+/?$");

    /**
     * @param url        a remote URL or a pull-request URL
     * @param apiUrl     the configured API base URL, or null to derive it from the host
     * @param source     which variable or remote the URL came from, for the message
     */
    public static GitHubRepo parse(String url, String apiUrl, String source) throws HubDeployException {
        String u = url == null ? "" : url.strip();
        String host;
        String owner;
        String repo;
        Matcher m = PULL.matcher(u);
        if (m.matches()) {
            host = URI.create(m.group(1)).getHost();
            owner = m.group(2);
            repo = m.group(3);
        } else if ((m = URL.matcher(u)).matches()) {
            host = m.group(1);
            String path = m.group(2);
            owner = path.substring(path.lastIndexOf('/') + 1);
            repo = m.group(3);
        } else if ((m = SCP.matcher(u)).matches()) {
            host = m.group(1);
            owner = m.group(2);
            repo = m.group(3);
        } else {
            throw HubDeployException.usage(source + " '" + u + "' is not a GitHub repository URL (expected"
                    + " https://HOST/OWNER/REPO(.git) or git@HOST:OWNER/REPO.git); set the remote's URL or GIT_URL");
        }
        String api = apiUrl != null && !apiUrl.isBlank() ? stripSlash(apiUrl.strip())
                : host.toLowerCase(Locale.ROOT).equals("github.com") ? "https://api.github.com"
                : "https://" + host + "/api/v3";
        return new GitHubRepo(api, owner, repo, host);
    }

    public String fullName() {
        return owner + "/" + name;
    }

    /** {@code /repos/OWNER/REPO}. */
    String path() {
        return "/repos/" + owner + "/" + name;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
