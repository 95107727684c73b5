package io.jenkins.plugins.databricks.client.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Picks the local files an import or upload sends: one file, or the files of a directory tree that match the
 * include globs and none of the exclude globs. Globs are Ant-style, as in Jenkins' archiveArtifacts, matched
 * against the path relative to the directory with '/' separators: {@code *} within one name, {@code **} across
 * directories ({@code **}{@code /*.py} matches {@code a.py} and {@code x/y/a.py}), {@code ?} one character,
 * {@code {a,b}} either; a pattern ending in '/' means everything below.
 */
public final class LocalFiles {
    /** Version-control and build litter nobody wants in a workspace, left out unless default excludes are off. */
    static final List<String> DEFAULT_EXCLUDES = List.of("**/.git/**", "**/.git", "**/.gitignore",
            "**/.gitattributes", "**/.svn/**", "**/.hg/**", "**/.DS_Store", "**/__pycache__/**", "**/*.pyc");

    /** A chosen file: where it is and its path relative to the source ('/' separators; its name for one file). */
    public record Selected(Path file, String relative, long size) {
    }

    private LocalFiles() {
    }

    /**
     * @param source a file or directory
     * @param field the parameter name for messages
     * @return the files, sorted by relative path
     * @throws IllegalArgumentException when the source does not exist, is not readable, or (a directory) holds
     *         nothing that matches
     */
    public static List<Selected> select(Path source, List<String> includes, List<String> excludes, boolean defaultExcludes,
                                 String field) {
        if (source == null) {
            throw new IllegalArgumentException(field + " must not be empty; expected a file or directory");
        }
        if (!Files.exists(source)) {
            throw new IllegalArgumentException(field + " '" + source + "' does not exist; expected a file or"
                    + " directory in the build workspace");
        }
        if (Files.isRegularFile(source)) {
            if (!Files.isReadable(source)) {
                throw new IllegalArgumentException(field + " '" + source + "' cannot be read");
            }
            return List.of(new Selected(source, source.getFileName().toString(), size(source)));
        }
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException(field + " '" + source + "' is neither a file nor a directory");
        }
        Predicate<String> include = includes == null || includes.isEmpty() ? s -> true : compile(includes);
        List<String> allExcludes = new ArrayList<>(excludes == null ? List.of() : excludes);
        if (defaultExcludes) {
            allExcludes.addAll(DEFAULT_EXCLUDES);
        }
        Predicate<String> exclude = allExcludes.isEmpty() ? s -> false : compile(allExcludes);
        List<Selected> out = new ArrayList<>();
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        String rel = relative(source, file);
                        if (include.test(rel) && !exclude.test(rel)) {
                            out.add(new Selected(file, rel, attrs.size()));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + field + " '" + source + "': " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(field + " '" + source + "' has no files to send"
                    + (includes == null || includes.isEmpty() ? "" : " matching includes " + includes)
                    + (excludes == null || excludes.isEmpty() ? "" : " (excludes " + excludes + ")")
                    + (defaultExcludes ? "; version-control files are left out by default" : ""));
        }
        out.sort((a, b) -> a.relative().compareTo(b.relative()));
        return out;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the size of '" + file + "': " + e.getMessage(), e);
        }
    }

    private static String relative(Path root, Path file) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part.toString());
        }
        return sb.toString();
    }

    /** One predicate matching any of the globs. */
    static Predicate<String> compile(List<String> globs) {
        StringBuilder all = new StringBuilder();
        for (String g : globs) {
            if (g == null || g.isBlank()) {
                throw new IllegalArgumentException("a glob must not be empty; expected a pattern such as **/*.py");
            }
            if (all.length() > 0) {
                all.append('|');
            }
            all.append("(?:").append(regex(g.strip().replace('\\', '/'))).append(')');
        }
        Pattern p = Pattern.compile(all.toString());
        return s -> p.matcher(s).matches();
    }

    static String regex(String glob) {
        String g = glob.startsWith("./") ? glob.substring(2) : glob;
        if (g.startsWith("/")) {
            g = g.substring(1);
        }
        if (g.endsWith("/")) {
            g = g + "**";
        }
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '*' && i + 1 < g.length() && g.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < g.length() && g.charAt(i + 2) == '/';
                if (slashAfter) {
                    re.append("(?:[^/]*/)*");
                    i += 2;
                } else if (re.length() >= 1 && re.charAt(re.length() - 1) == '/') {
                    // "dir/**": the directory's whole subtree, and the directory itself
                    re.setLength(re.length() - 1);
                    re.append("(?:/.*)?");
                    i += 1;
                } else {
                    re.append(".*");
                    i += 1;
                }
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '{') {
                braces++;
                re.append("(?:");
            } else if (c == '}' && braces > 0) {
                braces--;
                re.append(')');
            } else if (c == ',' && braces > 0) {
                re.append('|');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("glob '" + glob + "' has an unclosed '{'");
        }
        return re.toString();
    }
}
