package io.jenkins.plugins.hubdeploy.bench;

import io.jenkins.plugins.hubdeploy.image.DockerIgnore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The .dockerignore check alone, in one JVM: main's java.util.regex matcher ({@link MainDockerIgnoreCopy}) against
 * the automaton ({@link DockerIgnore}), nanoseconds per path, on the paths of a DataHub-like image and on the
 * issue's pathological case. Run by {@code bench/dockerignore.sh}; see bench/README.md.
 */
public final class IgnoreMatchBench {
    private static final int ROUNDS = 9;

    private IgnoreMatchBench() {
    }

    public static void main(String[] args) {
        List<String> paths = imagePaths();
        System.out.printf("%nthe .dockerignore check alone, in one JVM: ns per path, median (min) of %d rounds over"
                + " %d paths%n%n", ROUNDS, paths.size());
        System.out.println("| .dockerignore | main (java.util.regex) | automaton |");
        System.out.println("|---|---:|---:|");
        compare("TagBench's `*.log`, `tests`", "*.log\ntests\n", paths);
        compare("40 lines, DataHub-like (IgnoreBench.REALISTIC_IGNORE)", IgnoreBench.REALISTIC_IGNORE, paths);
        List<String> issue = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            issue.add("a".repeat(20) + i);
        }
        compare("issue 12's `a*a*a*a*a*a*a*b`, 50 names of 20 'a' (60 never finishes)", "a*a*a*a*a*a*a*b\n", issue);
        List<String> long60 = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            long60.add("a".repeat(60) + i);
        }
        System.out.printf("| issue 12's `a*a*a*a*a*a*a*b`, 50 names of 60 'a' | not run (hours) | %s |%n",
                time(DockerIgnore.parse("a*a*a*a*a*a*a*b\n")::excludes, long60));
    }

    private static void compare(String name, String ignore, List<String> paths) {
        DockerIgnore automaton = DockerIgnore.parse(ignore);
        MainDockerIgnoreCopy regex = MainDockerIgnoreCopy.parse(ignore);
        for (String path : paths) {
            if (automaton.excludes(path) != regex.excludes(path)) {
                throw new IllegalStateException("the matchers disagree on " + path + " with " + name);
            }
        }
        System.out.printf("| %s | %s | %s |%n", name, time(regex::excludes, paths), time(automaton::excludes, paths));
    }

    private static String time(Predicate<String> excludes, List<String> paths) {
        double[] ns = new double[ROUNDS];
        int sink = 0;
        for (int r = -5; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (String path : paths) {
                sink += excludes.test(path) ? 1 : 0;
            }
            if (r >= 0) {
                ns[r] = (System.nanoTime() - start) / (double) paths.size();
            }
        }
        if (sink < 0) {
            System.out.println(sink);
        }
        Arrays.sort(ns);
        return String.format("%.0f (%.0f)", ns[ROUNDS / 2], ns[0]);
    }

    /** What a user image holds: TagBench's modules plus the usual noise a .dockerignore is written for. */
    private static List<String> imagePaths() {
        List<String> paths = new ArrayList<>();
        for (int f = 0; f < 3000; f++) {
            paths.add(String.format("pkg%02d/mod%03d.py", f % 12, f));
        }
        for (int i = 0; i < 200; i++) {
            paths.add("pkg0" + (i % 10) + "/__pycache__/mod" + i + ".cpython-311.pyc");
            paths.add("docs/guide/chapter-" + i + ".md");
            paths.add("data/table-" + i + ".csv");
            paths.add("notebooks/.ipynb_checkpoints/analysis-" + i + "-checkpoint.ipynb");
            paths.add("node_modules/pkg-" + i + "/lib/index.js");
            paths.add("tests/test_mod" + i + ".py");
            paths.add("build/lib/pkg/mod" + i + ".py");
        }
        paths.add("docs/README.md");
        paths.add("environment.yml");
        paths.add("Dockerfile");
        return paths;
    }
}
