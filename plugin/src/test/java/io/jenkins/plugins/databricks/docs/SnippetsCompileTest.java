package io.jenkins.plugins.databricks.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.fail;

import groovy.lang.GroovyShell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.Test;

/**
 * Every Groovy a user may copy from the docs or the help compiles: the README's and docs' {@code ```groovy} blocks,
 * inline maps and lists with quoted values in backticks, and the help pages' {@code <pre>} blocks and
 * {@code <code>} maps with quoted values (without a quote, {@code [::1]} or {@code [scope: ..., key: ...]} is prose). Step names
 * are not resolved here (Groovy resolves calls at run time); syntax such as an unquoted dotted map key is.
 */
class SnippetsCompileTest {

    private static final Pattern FENCED = Pattern.compile("```groovy\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern INLINE_MAP = Pattern.compile("`(\\[[^`]*'[^`]*\\])`");
    private static final Pattern PRE = Pattern.compile("<pre>(.*?)</pre>", Pattern.DOTALL);
    private static final Pattern CODE_MAP = Pattern.compile("<code>(\\[[^<]*'[^<]*\\])</code>");

    @Test
    void everyGroovySnippetInTheDocsAndTheHelpCompiles() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        List<Path> markdown = new ArrayList<>(files(Path.of("..", "docs"), ".md"));
        markdown.add(Path.of("..", "README.md"));
        for (Path file : markdown) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            checked += compileAll(file, FENCED.matcher(text), failures);
            checked += compileAll(file, INLINE_MAP.matcher(text), failures);
        }
        for (Path file : files(Path.of("src", "main", "resources"), ".html")) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            checked += compileAll(file, PRE.matcher(text), failures);
            checked += compileAll(file, CODE_MAP.matcher(text), failures);
        }
        assertThat("snippets were found", checked, greaterThan(30));
        if (!failures.isEmpty()) {
            fail(failures.size() + " snippet(s) do not compile:\n" + String.join("\n\n", failures));
        }
    }

    private static int compileAll(Path file, Matcher m, List<String> failures) {
        int n = 0;
        while (m.find()) {
            String snippet = unescapeHtml(m.group(1));
            n++;
            try {
                new GroovyShell().parse(snippet);
            } catch (CompilationFailedException e) {
                failures.add(file + ":\n" + snippet + "\n" + e.getMessage());
            }
        }
        return n;
    }

    private static String unescapeHtml(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
