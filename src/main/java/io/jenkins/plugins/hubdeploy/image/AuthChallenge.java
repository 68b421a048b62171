package io.jenkins.plugins.hubdeploy.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code WWW-Authenticate} challenge of a registry: {@code Bearer realm="...",service="...",scope="..."} or
 * {@code Basic realm="..."}. {@code scheme} is lower case.
 */
record AuthChallenge(String scheme, Map<String, String> params) {
    private static final Pattern SCHEME = Pattern.compile("\\s*([A-Za-z]+)(?:\\s+|$)");
    /** The quoted value's repetition is possessive (*+): same answers, no stack frame per character. */
    private static final Pattern PARAM = Pattern.compile("\\s*([A-Za-z_]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*+)\"|([^,\\s]*))\\s*,?");

    /** The Bearer challenge among the header values if there is one, else the Basic one, else null. */
    static AuthChallenge parse(List<String> headerValues) {
        AuthChallenge basic = null;
        for (String value : headerValues) {
            AuthChallenge challenge = parseOne(value);
            if (challenge == null) {
                continue;
            }
            if (challenge.scheme().equals("bearer")) {
                return challenge;
            }
            if (challenge.scheme().equals("basic")) {
                basic = challenge;
            }
        }
        return basic;
    }

    private static AuthChallenge parseOne(String value) {
        Matcher scheme = SCHEME.matcher(value);
        if (!scheme.lookingAt()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher param = PARAM.matcher(value);
        param.region(scheme.end(), value.length());
        while (param.lookingAt()) {
            String quoted = param.group(2);
            params.put(param.group(1).toLowerCase(Locale.ROOT),
                    quoted != null ? quoted.replaceAll("\\\\(.)", "$1") : param.group(3));
            if (param.end() == value.length()) {
                break;
            }
            param.region(param.end(), value.length());
        }
        return new AuthChallenge(scheme.group(1).toLowerCase(Locale.ROOT), Map.copyOf(params));
    }
}
