package io.jenkins.plugins.hubdeploy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a REAL helm binary says it accepts: the long flags {@code helm <subcommand> --help} lists (its own and the
 * global ones; deprecated flags are hidden there, so using one is caught too), and a check of a whole argv the engine
 * ran against them.
 */
public final class HelmHelp {
    private static final Pattern FLAG = Pattern.compile("(?m)^\\s+(?:-(\\w), )?--([a-z0-9][a-z0-9-]*)");
    /** helm's subcommands that take a second word (helm get values, helm dependency build). */
    private static final Set<String> GROUPS = Set.of("get", "dependency", "repo", "registry", "plugin");
    private static final Map<String, Set<String>> CACHE = new ConcurrentHashMap<>();

    private HelmHelp() {
    }

    /** The long flags (without dashes) and the short ones (with their dash: {@code -o}) {@code helm words... --help} lists. */
    public static Set<String> flags(Path helm, List<String> words) throws IOException, InterruptedException {
        String key = helm + " " + words;
        Set<String> cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> argv = new ArrayList<>(List.of(helm.toString()));
        argv.addAll(words);
        argv.add("--help");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        Set<String> flags = new TreeSet<>();
        Matcher m = FLAG.matcher(out);
        while (m.find()) {
            if (m.group(1) != null) {
                flags.add("-" + m.group(1));
            }
            flags.add(m.group(2));
        }
        if (flags.isEmpty()) {
            throw new IOException(String.join(" ", argv) + " lists no flags: " + out);
        }
        CACHE.put(key, flags);
        return flags;
    }

    /** The subcommand words of a helm argv (argv[0] is the binary): {@code [upgrade]}, {@code [get, values]}. */
    public static List<String> subcommand(List<String> argv) {
        String first = argv.get(1);
        return GROUPS.contains(first) && argv.size() > 2 ? List.of(first, argv.get(2)) : List.of(first);
    }

    /** The flags of a helm argv: long ones without dashes and values ({@code --wait=watcher} -> {@code wait}), short ones as {@code -o}. */
    public static List<String> longFlags(List<String> argv) {
        List<String> flags = new ArrayList<>();
        for (String arg : argv.subList(1, argv.size())) {
            if (arg.startsWith("--") && arg.length() > 2) {
                int eq = arg.indexOf('=');
                flags.add(arg.substring(2, eq < 0 ? arg.length() : eq));
            } else if (arg.length() == 2 && arg.charAt(0) == '-' && Character.isLetter(arg.charAt(1))) {
                flags.add(arg);
            }
        }
        return flags;
    }

    /** The flags of {@code argv} that {@code helm}'s --help for that subcommand does not list (empty: all known). */
    public static List<String> unknownFlags(Path helm, List<String> argv) throws IOException, InterruptedException {
        Set<String> known = flags(helm, subcommand(argv));
        return longFlags(argv).stream().filter(f -> !known.contains(f)).toList();
    }
}
