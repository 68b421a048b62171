package io.jenkins.plugins.hubdeploy.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerIgnoreTest {

    private static DockerIgnore rules(String... lines) {
        return DockerIgnore.parse(String.join("\n", lines) + "\n");
    }

    // --- the examples of Docker's .dockerignore documentation ---

    @Test
    void docsExampleTempPatterns() {
        DockerIgnore ignore = rules("# comment", "*/temp*", "*/*/temp*", "temp?");
        assertThat(ignore.excludes("somedir/temporary.txt")).isTrue();
        assertThat(ignore.excludes("somedir/temp")).isTrue();
        assertThat(ignore.excludes("somedir/temp/inside.txt")).isTrue();
        assertThat(ignore.excludes("somedir/subdir/temporary.txt")).isTrue();
        assertThat(ignore.excludes("tempa")).isTrue();
        assertThat(ignore.excludes("tempb")).isTrue();
        assertThat(ignore.excludes("temp")).isFalse();
        assertThat(ignore.excludes("tempab")).isFalse();
        assertThat(ignore.excludes("temporary.txt")).isFalse();
        assertThat(ignore.excludes("a/b/c/temporary.txt")).isFalse();
        assertThat(ignore.excludes("# comment")).isFalse();
    }

    @Test
    void docsExampleDoubleStarMatchesAnyDepthIncludingRoot() {
        DockerIgnore ignore = rules("**/*.go");
        assertThat(ignore.excludes("main.go")).isTrue();
        assertThat(ignore.excludes("a/b/c.go")).isTrue();
        assertThat(ignore.excludes("a/b/c.gox")).isFalse();
    }

    @Test
    void docsExampleExceptionReincludes() {
        DockerIgnore ignore = rules("*.md", "!README.md");
        assertThat(ignore.excludes("CHANGES.md")).isTrue();
        assertThat(ignore.excludes("README.md")).isFalse();
        assertThat(ignore.excludes("docs/guide.md")).as("'*' does not cross '/'").isFalse();
    }

    @Test
    void docsExampleLastMatchingLineWins() {
        DockerIgnore secretExcluded = rules("*.md", "!README*.md", "README-secret.md");
        assertThat(secretExcluded.excludes("README-secret.md")).isTrue();
        assertThat(secretExcluded.excludes("README-public.md")).isFalse();
        assertThat(secretExcluded.excludes("other.md")).isTrue();

        DockerIgnore allReadmes = rules("*.md", "README-secret.md", "!README*.md");
        assertThat(allReadmes.excludes("README-secret.md")).isFalse();
        assertThat(allReadmes.excludes("other.md")).isTrue();
    }

    @Test
    void docsExampleLeadingSlashAndRelativeFormsAreTheSame() {
        for (String pattern : new String[] {"/foo/bar", "foo/bar", "./foo/bar", "foo/bar/", "foo//bar"}) {
            DockerIgnore ignore = rules(pattern);
            assertThat(ignore.excludes("foo/bar")).as(pattern).isTrue();
            assertThat(ignore.excludes("foo/bar/baz.txt")).as(pattern).isTrue();
            assertThat(ignore.excludes("x/foo/bar")).as(pattern).isFalse();
            assertThat(ignore.excludes("foo/barx")).as(pattern).isFalse();
            assertThat(ignore.excludes("foo")).as(pattern).isFalse();
        }
    }

    @Test
    void docsExampleIncludeOnlyWhatIsListed() {
        DockerIgnore ignore = rules("*", "!src", "!requirements.txt");
        assertThat(ignore.excludes("src/app/main.py")).isFalse();
        assertThat(ignore.excludes("requirements.txt")).isFalse();
        assertThat(ignore.excludes("notes.txt")).isTrue();
        assertThat(ignore.excludes("data/big.csv")).isTrue();
    }

    // --- edge cases ---

    @Test
    void directoryPatternExcludesEverythingUnderIt() {
        DockerIgnore ignore = rules("node_modules");
        assertThat(ignore.excludes("node_modules/a/b/c.js")).isTrue();
        assertThat(ignore.excludes("lib/node_modules/x.js")).as("anchored at the context root").isFalse();
        assertThat(ignore.excludesWholeDirectory("node_modules")).isTrue();
    }

    @Test
    void fileInsideExcludedDirectoryCanBeReincluded() {
        DockerIgnore ignore = rules("build", "!build/keep.txt");
        assertThat(ignore.excludes("build/other.txt")).isTrue();
        assertThat(ignore.excludes("build/keep.txt")).isFalse();
        assertThat(ignore.excludesWholeDirectory("build")).as("a '!' may bring files back").isFalse();
    }

    @Test
    void doubleStarForms() {
        assertThat(rules("**").excludes("anything/at/all")).isTrue();
        assertThat(rules("**/foo").excludes("foo")).isTrue();
        assertThat(rules("**/foo").excludes("a/b/foo")).isTrue();
        assertThat(rules("**/foo").excludes("a/xfoo")).isFalse();
        assertThat(rules("foo/**/bar").excludes("foo/bar")).isTrue();
        assertThat(rules("foo/**/bar").excludes("foo/a/b/bar")).isTrue();
        assertThat(rules("foo/**/bar").excludes("foo/a/b/baz")).isFalse();
        assertThat(rules("foo/**").excludes("foo/x/y")).isTrue();
        assertThat(rules("foo/**").excludes("foobar")).isFalse();
        assertThat(rules("a/*/c/**").excludes("a/b/c/d/e")).isTrue();
    }

    @Test
    void questionMarkAndStarDoNotCrossSlash() {
        assertThat(rules("a?b").excludes("a/b")).isFalse();
        assertThat(rules("a?b").excludes("axb")).isTrue();
        assertThat(rules("a*b").excludes("a/b")).isFalse();
        assertThat(rules("a*b").excludes("a/xb")).isFalse();
    }

    @Test
    void characterClassesAndEscapes() {
        assertThat(rules("[a-c].txt").excludes("b.txt")).isTrue();
        assertThat(rules("[a-c].txt").excludes("d.txt")).isFalse();
        assertThat(rules("[^a].txt").excludes("a.txt")).isFalse();
        assertThat(rules("[^a].txt").excludes("b.txt")).isTrue();
        assertThat(rules("[[]x").excludes("[x")).isTrue();
        assertThat(rules("\\*star").excludes("*star")).isTrue();
        assertThat(rules("\\*star").excludes("bstar")).isFalse();
        assertThat(rules("a.b").excludes("axb")).as("'.' is literal").isFalse();
        assertThat(rules("a+(b)").excludes("a+(b)")).isTrue();
    }

    @Test
    void commentsOnlyInColumnOneBlankLinesAndSpaces() {
        DockerIgnore ignore = DockerIgnore.parse("\uFEFF# comment\n\n   \n  spaced.txt  \n #notacomment\r\n");
        assertThat(ignore.excludes("spaced.txt")).isTrue();
        assertThat(ignore.excludes("#notacomment")).isTrue();
        assertThat(ignore.excludes("# comment")).isFalse();
    }

    @Test
    void patternsAreCleanedLikeGo() {
        assertThat(rules("docs/../secret").excludes("secret")).isTrue();
        assertThat(rules("! keep.txt", "*.txt").excludes("keep.txt")).isTrue();
        assertThat(rules("*.txt", "! keep.txt").excludes("keep.txt")).isFalse();
        assertThat(DockerIgnore.goClean("/../a/./b//c/")).isEqualTo("/a/b/c");
        assertThat(DockerIgnore.goClean("../../a")).isEqualTo("../../a");
        assertThat(DockerIgnore.goClean("a/..")).isEqualTo(".");
    }

    @Test
    void emptyRulesExcludeNothing() {
        assertThat(DockerIgnore.parse("").excludes("a")).isFalse();
        assertThat(DockerIgnore.none().excludes("a/b")).isFalse();
        assertThat(DockerIgnore.parse("# only a comment\n").isEmpty()).isTrue();
    }

    @Test
    void invalidPatternsAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> rules("ok", "!")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> rules("[abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1").hasMessageContaining("unterminated");
    }

    // --- what Docker's regular-expression translation means, without a regular-expression engine ---

    @Test
    void classesMeanWhatDockersRegularExpressionMeans() {
        assertThat(rules("a[^b]c").excludes("a/c")).as("a negated class matches '/'").isTrue();
        assertThat(rules("a[/]c").excludes("a/c")).isTrue();
        assertThat(rules("[[:digit:]]x").excludes("7x")).isTrue();
        assertThat(rules("[[:digit:]]x").excludes("ax")).isFalse();
        assertThat(rules("[[:^digit:]]x").excludes("ax")).isTrue();
        assertThat(rules("v\\d.txt").excludes("v7.txt")).as("\\d is a digit").isTrue();
        assertThat(rules("v\\d.txt").excludes("vd.txt")).isFalse();
        assertThat(rules("[\\]x]").excludes("]")).isTrue();
        assertThat(rules("[a\\-c]").excludes("-")).isTrue();
        assertThat(rules("[a\\-c]").excludes("b")).isFalse();
        assertThat(rules("[*?]").excludes("*")).as("filepath.Match: '*' in a class is itself").isTrue();
        assertThat(rules("\\_x").excludes("_x")).isTrue();
    }

    @Test
    void doubleStarDoesNotCrossANewlineButStarDoes() {
        assertThat(rules("a/**/b*").excludes("a/x\ny/bz")).isFalse();
        assertThat(rules("a*b").excludes("a\nb")).isTrue();
        assertThat(rules("**/b").excludes("x\ny/b")).as("the suffix form compares characters").isTrue();
    }

    @Test
    void invalidClassesAndEscapesAreRefusedLikeDocker() {
        for (String bad : new String[] {"[]a]", "[^]a]", "[-a]", "[a-]", "[z-a]", "[[:nope:]]", "ab\\"}) {
            assertThatThrownBy(() -> rules("ok", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("line 2").hasMessageContaining("Docker refuses it too");
        }
    }

    @Test
    void regularExpressionEscapesAFilePatternHasNoUseForAreRefused() {
        for (String bad : new String[] {"foo\\bar", "\\x41", "a\\1", "\\Qa"}) {
            assertThatThrownBy(() -> rules(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("regular-expression syntax").hasMessageContaining("remove the '\\'");
        }
    }

    @Test
    void limits() {
        String many = "x\n".repeat(DockerIgnore.MAX_PATTERNS);
        assertThat(DockerIgnore.parse(many).excludes("x")).isTrue();
        assertThatThrownBy(() -> DockerIgnore.parse(many + "y\n")).isInstanceOf(DockerIgnore.TooLargeException.class)
                .hasMessageContaining("more than 10000 patterns");
        assertThatThrownBy(() -> DockerIgnore.parse("#".repeat((int) DockerIgnore.MAX_BYTES + 1)))
                .isInstanceOf(DockerIgnore.TooLargeException.class).hasMessageContaining("1 MiB");
    }
}
