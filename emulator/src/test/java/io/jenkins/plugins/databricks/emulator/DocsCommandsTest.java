package io.jenkins.plugins.databricks.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the shell commands of the "try it" paths exactly as the docs write them: the {@code java -jar} line
 * (its options, with the port swapped for a free one) and every {@code curl}, which must succeed. A doc that
 * names a cluster, a job or an option the emulator does not have fails here.
 */
class DocsCommandsTest {
    private static final String DOC_PORT = "8090";

    private static Path repo(String file) {
        Path p = Paths.get("..").resolve(file);
        assertTrue(Files.exists(p), p.toAbsolutePath() + " (tests run in the emulator module)");
        return p;
    }

    @Test
    void readmeTryItRunsAsWritten() throws Exception {
        int curls = run(section(repo("README.md"), "## Try it without a Databricks account"));
        assertEquals(3, curls);
    }

    @Test
    void localEmulatorStepOneRunsAsWritten() throws Exception {
        int curls = run(section(repo("docs/local-emulator.md"), "## 1. Build and start the emulator"));
        assertEquals(3, curls);
    }

    @Test
    void emulatorReadmeCommandsRunAsWritten() throws Exception {
        int curls = run(section(repo("emulator/README.md"), "## Running it standalone")
                + section(repo("emulator/README.md"), "## Control endpoints (`/emulator/*`)"));
        assertTrue(curls >= 14, "ran " + curls);
    }

    /** The markdown from a heading to the next heading of the same level. */
    private static String section(Path file, String heading) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int start = text.indexOf(heading + "\n");
        assertTrue(start >= 0, heading + " in " + file);
        int next = text.indexOf("\n## ", start + heading.length());
        return text.substring(start, next < 0 ? text.length() : next);
    }

    /** Runs the {@code sh} blocks of a section; returns how many curls it ran. */
    private static int run(String markdown) throws Exception {
        List<String> commands = new ArrayList<>();
        boolean inSh = false;
        StringBuilder pending = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                inSh = !inSh && line.equals("```sh");
                continue;
            }
            if (!inSh) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String command = pending.toString().strip();
            pending.setLength(0);
            if (!command.isEmpty() && !command.startsWith("#")) {
                commands.add(command);
            }
        }
        DatabricksEmulator emu = null;
        Map<String, String> vars = new HashMap<>();
        int curls = 0;
        try {
            for (String line : commands) {
                for (List<String> words : Shell.split(line, vars)) {
                    if (words.isEmpty()) {
                        continue;
                    }
                    String program = words.get(0);
                    if (program.equals("./mvnw")) {
                        continue; // the build that made the classes under test
                    }
                    if (program.equals("java")) {
                        assertEquals(null, emu, "one emulator per section");
                        emu = startAsWritten(words);
                    } else if (program.equals("curl")) {
                        assertNotNull(emu, "a curl before the emulator started: " + line);
                        curl(emu, words, line);
                        curls++;
                    } else {
                        throw new AssertionError("the test does not know how to run: " + line);
                    }
                }
            }
        } finally {
            if (emu != null) {
                emu.close();
            }
        }
        return curls;
    }

    private static DatabricksEmulator startAsWritten(List<String> words) throws Exception {
        assertEquals(List.of("java", "-jar", "emulator/target/databricks-emulator-*.jar"), words.subList(0, 3),
                "the runnable jar by the glob that matches only it");
        List<String> args = new ArrayList<>(words.subList(3, words.size()));
        int port = args.indexOf("--port");
        assertTrue(port >= 0 && args.get(port + 1).equals(DOC_PORT), "the docs start it on " + DOC_PORT + ": " + args);
        args.set(port + 1, "0"); // 8090 may be busy on a build machine
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatabricksEmulator emu = Main.start(args.toArray(new String[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), System.err);
        assertNotNull(emu);
        return emu;
    }

    private static void curl(DatabricksEmulator emu, List<String> words, String line) {
        String method = null;
        String data = null;
        String url = null;
        HttpRequest.Builder b = HttpRequest.newBuilder();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-s":
                case "-i":
                    break;
                case "-H":
                    String[] header = words.get(++i).split(":\\s*", 2);
                    b.header(header[0], header[1]);
                    break;
                case "-X":
                case "--request":
                    method = words.get(++i);
                    break;
                case "-d":
                case "--data":
                    data = words.get(++i);
                    break;
                default:
                    assertFalse(w.startsWith("-"), "unknown curl option " + w + " in " + line);
                    url = w;
            }
        }
        assertNotNull(url, line);
        assertTrue(url.startsWith("http://127.0.0.1:" + DOC_PORT + "/"), url);
        String actual = emu.baseUrl() + url.substring(("http://127.0.0.1:" + DOC_PORT).length());
        if (data != null) {
            // curl --data sends a form content type, which the API ignores
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        String m = method != null ? method : data != null ? "POST" : "GET";
        b.uri(URI.create(actual)).method(m, data == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(data));
        Http.Answer a = Http.exchange(b.build());
        assertTrue(a.status() >= 200 && a.status() < 300, line + " answered " + a.status() + " " + a.body());
    }

    /** Just enough of sh: ';' between commands, quotes, $VAR and VAR=value. */
    static final class Shell {
        static List<List<String>> split(String line, Map<String, String> vars) {
            List<List<String>> commands = new ArrayList<>();
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\'') {
                    int end = line.indexOf('\'', i + 1);
                    word = append(word, line.substring(i + 1, end));
                    i = end;
                } else if (c == '"') {
                    int end = line.indexOf('"', i + 1);
                    word = append(word, expand(line.substring(i + 1, end), vars));
                    i = end;
                } else if (c == '$') {
                    int end = i + 1;
                    while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
                        end++;
                    }
                    word = append(word, vars.getOrDefault(line.substring(i + 1, end), ""));
                    i = end - 1;
                } else if (c == ' ' || c == ';') {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                    if (c == ';') {
                        commands.add(assign(words, vars));
                        words = new ArrayList<>();
                    }
                } else {
                    word = append(word, String.valueOf(c));
                }
            }
            if (word != null) {
                words.add(word.toString());
            }
            commands.add(assign(words, vars));
            return commands;
        }

        private static StringBuilder append(StringBuilder word, String s) {
            return (word == null ? new StringBuilder() : word).append(s);
        }

        private static String expand(String s, Map<String, String> vars) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == '$') {
                    int end = i + 1;
                    while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                        end++;
                    }
                    out.append(vars.getOrDefault(s.substring(i + 1, end), ""));
                    i = end - 1;
                } else {
                    out.append(s.charAt(i));
                }
            }
            return out.toString();
        }

        /** A lone NAME=value sets a variable and runs nothing. */
        private static List<String> assign(List<String> words, Map<String, String> vars) {
            if (words.size() == 1 && words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                String[] kv = words.get(0).split("=", 2);
                vars.put(kv[0], kv[1]);
                return List.of();
            }
            return words;
        }
    }
}
