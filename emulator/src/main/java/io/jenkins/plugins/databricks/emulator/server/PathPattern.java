package io.jenkins.plugins.databricks.emulator.server;

/** A fault's path filter: null or "*" matches every path, "/x/*" every path starting with "/x/", else exact. */
public record PathPattern(String pattern) {
    public boolean matches(String path) {
        if (pattern == null || pattern.isEmpty() || pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith("*")) {
            return path.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return path.equals(pattern);
    }

    @Override
    public String toString() {
        return pattern == null ? "*" : pattern;
    }
}
