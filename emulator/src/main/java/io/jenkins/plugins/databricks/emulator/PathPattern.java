package io.jenkins.plugins.databricks.emulator;

/** A fault's path filter: null or "*" matches every path, "/x/*" every path starting with "/x/", else exact. */
record PathPattern(String pattern) {
    boolean matches(String path) {
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
