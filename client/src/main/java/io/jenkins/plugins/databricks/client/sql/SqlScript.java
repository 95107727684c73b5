package io.jenkins.plugins.databricks.client.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a .sql file into its statements at the semicolons that end them: not those inside quotes,
 * back-quoted names or comments. The Statement Execution API runs one statement per request.
 */
public final class SqlScript {
    private SqlScript() {
    }

    /**
     * @param text the file's text
     * @return its statements, trimmed, without the terminating semicolons; empty ones (only space or comments)
     *         left out
     */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int n = text.length();
        int start = 0;
        boolean content = false;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = closing(text, i, c);
                content = true;
            } else if (c == ';') {
                if (content) {
                    out.add(text.substring(start, i).trim());
                }
                start = i + 1;
                content = false;
                i++;
            } else {
                if (!Character.isWhitespace(c)) {
                    content = true;
                }
                i++;
            }
        }
        if (content) {
            out.add(text.substring(start).trim());
        }
        return out;
    }

    private static int closing(String text, int open, char q) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && q != '`') {
                i += 2;
            } else if (c == q) {
                if (i + 1 < text.length() && text.charAt(i + 1) == q) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }
}
