package io.jenkins.plugins.databricks.client.workspace;

import io.jenkins.plugins.databricks.client.core.Checks;
import java.util.Locale;

/** Validation of the remote paths operations take: workspace paths, volume paths and DBFS paths. */
public final class WorkspacePaths {
    private WorkspacePaths() {
    }

    /**
     * An absolute workspace path, as given (a trailing slash kept: for one file it means "into this folder").
     */
    public static String absolute(String path, String field) {
        String p = Checks.notBlank(path, field, "an absolute workspace path such as /Shared/app or"
                + " /Workspace/Users/me@example.com/app");
        if (p.regionMatches(true, 0, "dbfs:", 0, 5) || p.startsWith("/Volumes/") || p.contains("://")) {
            throw new IllegalArgumentException(field + " '" + p + "' is not a workspace path; expected an absolute"
                    + " workspace path such as /Shared/app (volumes and DBFS take an upload instead)");
        }
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException(field + " '" + p + "' is not absolute; expected a workspace path"
                    + " starting with '/', such as /Shared/app or /Workspace/Users/me@example.com/app");
        }
        segments(p, field);
        return p;
    }

    /** Rejects empty, '.' and '..' segments and control characters in an absolute path. */
    public static void segments(String p, String field) {
        String body = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (body.isEmpty()) {
            return;
        }
        for (String s : body.substring(1).split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException(field + " '" + p + "' has an empty, '.' or '..' segment");
            }
        }
        if (p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(field + " must not contain control characters");
        }
    }

    public static String join(String dir, String relative) {
        String d = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        return d + "/" + relative;
    }

    public static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot <= slash + 1 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }
}
