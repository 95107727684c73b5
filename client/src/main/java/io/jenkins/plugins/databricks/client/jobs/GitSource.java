package io.jenkins.plugins.databricks.client.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code git_source} of a one-time run: a repository URL, its provider and exactly one ref. */
final class GitSource {
    private GitSource() {
    }

    /** @return the {@code git_source} body, checked */
    static Map<String, Object> of(String url, String provider, String branch, String tag, String commit) {
        String u = GitProviders.url(url, "gitUrl");
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("git_url", u);
        g.put("git_provider", GitProviders.resolve(provider, u, "gitProvider"));
        int refs = 0;
        if (branch != null && !branch.isBlank()) {
            g.put("git_branch", branch.strip());
            refs++;
        }
        if (tag != null && !tag.isBlank()) {
            g.put("git_tag", tag.strip());
            refs++;
        }
        if (commit != null && !commit.isBlank()) {
            if (!commit.strip().matches("[0-9a-fA-F]{7,40}")) {
                throw new IllegalArgumentException("gitCommit '" + commit.strip() + "' is not a commit id;"
                        + " expected 7 to 40 hex digits");
            }
            g.put("git_commit", commit.strip());
            refs++;
        }
        if (refs != 1) {
            throw new IllegalArgumentException("gitUrl needs exactly one of gitBranch, gitTag and gitCommit, got "
                    + refs);
        }
        return Collections.unmodifiableMap(g);
    }
}
