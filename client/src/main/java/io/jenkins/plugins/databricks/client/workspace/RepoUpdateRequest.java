package io.jenkins.plugins.databricks.client.workspace;

import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.jobs.GitProviders;

/**
 * What {@link Repos#update} does: bring the Git folder at a workspace path to a branch or tag, optionally
 * creating it first, optionally checking that it ends on an expected commit. Immutable.
 *
 * <p>The Repos API checks out branches and tags only. A {@code commit} is therefore an expectation: after the
 * update to the branch or tag, the folder's head must be that commit (full id or a prefix of at least 7
 * characters), else the update fails; that catches a branch that moved on since the build tested it.
 */
public final class RepoUpdateRequest {
    private final String path;
    private final String url;
    private final String provider;
    private final String branch;
    private final String tag;
    private final String commit;
    private final boolean createIfMissing;

    private RepoUpdateRequest(Builder b) {
        this.path = b.path;
        this.url = b.url;
        this.provider = b.provider;
        this.branch = b.branch;
        this.tag = b.tag;
        this.commit = b.commit;
        this.createIfMissing = b.createIfMissing;
    }

    /**
     * @param path the Git folder's workspace path, such as {@code /Repos/ci/app} or
     *             {@code /Workspace/Users/me@example.com/app}
     * @return a builder
     */
    public static Builder builder(String path) {
        return new Builder(path);
    }

    public String path() {
        return path;
    }

    /** @return the Git URL (needed to create), or null */
    public String url() {
        return url;
    }

    /** @return the provider as given, or null to infer it from the URL */
    public String provider() {
        return provider;
    }

    public String branch() {
        return branch;
    }

    public String tag() {
        return tag;
    }

    public String commit() {
        return commit;
    }

    public boolean createIfMissing() {
        return createIfMissing;
    }

    @Override
    public String toString() {
        return "RepoUpdateRequest[" + path + " -> " + (branch != null ? "branch " + branch : "tag " + tag)
                + (commit != null ? " @" + commit : "") + "]";
    }

    /** Builds a {@link RepoUpdateRequest}. */
    public static final class Builder {
        private final String path;
        private String url;
        private String provider;
        private String branch;
        private String tag;
        private String commit;
        private boolean createIfMissing;

        private Builder(String path) {
            this.path = WorkspacePaths.absolute(path, "path");
        }

        /**
         * @param url the repository's https URL; required with {@link #createIfMissing}, otherwise only checked
         *            against the folder's
         * @return this builder
         */
        public Builder url(String url) {
            this.url = url == null || url.isBlank() ? null : GitProviders.url(url, "url");
            return this;
        }

        /**
         * @param provider gitHub, gitHubEnterprise, bitbucketCloud, bitbucketServer, gitLab,
         *                 gitLabEnterpriseEdition, azureDevOpsServices or awsCodeCommit (any case); null to infer
         *                 it from a github.com, gitlab.com, bitbucket.org, dev.azure.com or CodeCommit URL
         * @return this builder
         */
        public Builder provider(String provider) {
            this.provider = provider == null || provider.isBlank() ? null
                    : Checks.oneOf(provider, "provider", GitProviders.ALL);
            return this;
        }

        public Builder branch(String branch) {
            this.branch = ref(branch, "branch");
            return this;
        }

        public Builder tag(String tag) {
            this.tag = ref(tag, "tag");
            return this;
        }

        /**
         * @param commit the commit the folder must end on: 7 to 40 hex digits
         * @return this builder
         */
        public Builder commit(String commit) {
            if (commit == null || commit.isBlank()) {
                this.commit = null;
                return this;
            }
            String c = commit.strip();
            if (!c.matches("[0-9a-fA-F]{7,40}")) {
                throw new IllegalArgumentException("commit '" + c + "' is not a commit id; expected 7 to 40 hex"
                        + " digits");
            }
            this.commit = c.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /**
         * @param create create the Git folder when nothing is at the path (needs {@link #url})
         * @return this builder
         */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        /**
         * @return the request
         * @throws IllegalArgumentException when neither or both of branch and tag are set, or creating without
         *         a URL
         */
        public RepoUpdateRequest build() {
            if (branch != null && tag != null) {
                throw new IllegalArgumentException("branch and tag cannot both be set; give one of them");
            }
            if (branch == null && tag == null) {
                throw new IllegalArgumentException("branch or tag must be set"
                        + (commit != null ? " (the Repos API cannot check out a bare commit: give the branch or"
                        + " tag that holds it, and the commit is then checked)" : ""));
            }
            if (createIfMissing && url == null) {
                throw new IllegalArgumentException("url must be set to create a missing Git folder");
            }
            if (createIfMissing) {
                GitProviders.resolve(provider, url, "provider");
            }
            return new RepoUpdateRequest(this);
        }

        private static String ref(String ref, String field) {
            if (ref == null || ref.isBlank()) {
                return null;
            }
            String r = ref.strip();
            if (r.chars().anyMatch(c -> c <= ' ' || c == 0x7f) || r.contains("..") || r.startsWith("-")) {
                throw new IllegalArgumentException(field + " '" + r + "' is not a valid Git ref name");
            }
            return r;
        }
    }
}
