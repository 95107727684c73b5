package io.jenkins.plugins.databricks.emulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.workspace.DbfsApi;
import io.jenkins.plugins.databricks.emulator.workspace.FileStore;
import io.jenkins.plugins.databricks.emulator.workspace.Workspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the tasks of a one-time run end, decided from what they run: a notebook task runs the notebook stored in
 * the emulator's workspace. Its exit value is the argument of {@code dbutils.notebook.exit("...")} (or of
 * {@code dbutils.notebook.exit(dbutils.widgets.get("name"))}, the task's parameter of that name); a line
 * {@code raise SomeError("message")} fails it; a notebook that does not exist fails it as on Databricks. Each
 * {@code dbutils.fs.put("path", "contents", True)} before the first {@code raise} writes a file, as a test notebook
 * leaves its JUnit report: to a volume for {@code /Volumes/...}, else to DBFS ({@code dbfs:/...} or {@code /...});
 * the contents may be any Python string literal, triple-quoted included, with the usual backslash escapes.
 * Tasks from a Git source and non-notebook tasks succeed without output. Checks what every task type requires.
 */
final class SubmitOutcomes {
    private static final Pattern EXIT = Pattern.compile(
            "dbutils\\.notebook\\.exit\\(\\s*(?:([\"'])(.*?)\\1|dbutils\\.widgets\\.get\\(\\s*([\"'])(.*?)\\3\\s*\\))\\s*\\)");
    private static final Pattern RAISE = Pattern.compile("(?m)^\\s*raise\\s+(\\w+)\\(\\s*([\"'])(.*?)\\2\\s*\\)");
    private static final Pattern PUT = Pattern.compile("dbutils\\.fs\\.put\\(\\s*(\"\"\"|'''|\"|')(.*?)\\1\\s*,\\s*"
            + "(\"\"\"|'''|\"|')(.*?)\\3\\s*(?:,\\s*(?:overwrite\\s*=\\s*)?(True|False))?\\s*\\)", Pattern.DOTALL);
    /** Task type field, and the fields it must carry. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "notebook_task", List.of("notebook_path"),
            "spark_python_task", List.of("python_file"),
            "python_wheel_task", List.of("package_name", "entry_point"),
            "spark_jar_task", List.of("main_class_name"),
            "sql_task", List.of("warehouse_id"));

    private final Workspace workspace;
    private final FileStore volumes;
    private final FileStore dbfs;

    /** The run's result, its single-task output, and per task key {result, exit value, error, trace}. */
    record Outcome(String resultState, String output, Map<String, String[]> taskResults) {
    }

    SubmitOutcomes(Workspace workspace, FileStore volumes, FileStore dbfs) {
        this.workspace = workspace;
        this.volumes = volumes;
        this.dbfs = dbfs;
    }

    Outcome decide(JsonNode settings) {
        boolean git = settings.path("git_source").isObject();
        Map<String, String[]> results = new LinkedHashMap<>();
        String runResult = "SUCCESS";
        String output = "";
        int n = 0;
        for (JsonNode task : settings.path("tasks")) {
            n++;
            String key = task.path("task_key").asText("task" + n);
            check(task, key);
            String[] result = {"SUCCESS", null, null, null};
            JsonNode nb = task.path("notebook_task");
            if (nb.isObject()) {
                boolean fromGit = nb.path("source").asText(git ? "GIT" : "WORKSPACE").equals("GIT");
                if (!fromGit) {
                    result = runNotebook(nb.path("notebook_path").asText(), nb.path("base_parameters"));
                }
            }
            if (!result[0].equals("SUCCESS")) {
                runResult = "FAILED";
            }
            if (n == 1) {
                output = result[1] == null ? "" : result[1];
            }
            results.put(key, result);
        }
        return new Outcome(runResult, output, results);
    }

    private static void check(JsonNode task, String key) {
        String type = null;
        for (String t : REQUIRED.keySet()) {
            if (task.has(t)) {
                if (type != null) {
                    throw ApiException.invalidParameter("Task " + key + " sets both " + type + " and " + t
                            + "; a task has one type.");
                }
                type = t;
            }
        }
        if (type == null) {
            return;
        }
        for (String field : REQUIRED.get(type)) {
            JsonNode v = task.path(type).path(field);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw ApiException.invalidParameter("Task " + key + ": " + type + "." + field + " is required.");
            }
        }
    }

    private String[] runNotebook(String path, JsonNode parameters) {
        String source;
        try {
            source = workspace.content(path).orElse(null);
        } catch (ApiException e) {
            source = null;
        }
        if (source == null) {
            String message = "Notebook not found: " + path;
            return new String[] {"FAILED", null, message,
                    "com.databricks.WorkflowException: com.databricks.NotebookExecutionException: " + message};
        }
        Matcher raise = RAISE.matcher(source);
        boolean raises = raise.find();
        String failedPut = puts(source, raises ? raise.start() : source.length());
        if (failedPut != null) {
            return new String[] {"FAILED", null, failedPut, "Traceback (most recent call last):\n  File \"" + path
                    + "\", in <module>\n" + failedPut};
        }
        if (raises) {
            String error = raise.group(1) + ": " + raise.group(3);
            return new String[] {"FAILED", null, error, "Traceback (most recent call last):\n  File \"" + path
                    + "\", line " + lineOf(source, raise.start()) + ", in <module>\n    " + raise.group().strip()
                    + "\n" + error};
        }
        Matcher exit = EXIT.matcher(source);
        String value = null;
        if (exit.find()) {
            value = exit.group(2) != null ? exit.group(2) : parameters.path(exit.group(4)).asText("");
        }
        return new String[] {"SUCCESS", value, null, null};
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
    /** Runs the {@code dbutils.fs.put} calls before {@code end}; returns the error of the first that fails. */
    private String puts(String source, int end) {
        Matcher put = PUT.matcher(source);
        while (put.find() && put.start() < end) {
            String target = unescape(put.group(2));
            byte[] contents = unescape(put.group(4)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            boolean overwrite = "True".equals(put.group(5));
            boolean volume = target.startsWith("/Volumes/");
            FileStore store = volume ? volumes : dbfs;
            String at;
            try {
                at = volume ? target : DbfsApi.path(target);
            } catch (ApiException e) {
                return "java.lang.IllegalArgumentException: dbutils.fs.put: " + e.getMessage();
            }
            if (store.exists(at) && !overwrite) {
                return "java.io.FileAlreadyExistsException: " + target + " already exists; pass overwrite=True";
            }
            try {
                store.write(at, new java.io.ByteArrayInputStream(contents), overwrite);
            } catch (java.io.IOException | ApiException e) {
                return "java.io.IOException: dbutils.fs.put(" + target + "): " + e.getMessage();
            }
        }
        return null;
    }

    /** A Python string literal's body: the usual backslash escapes. */
    static String unescape(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\' || i + 1 == literal.length()) {
                out.append(c);
                continue;
            }
            char next = literal.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\', '\'', '"' -> out.append(next);
                case '\n' -> { } // a line continuation
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
