package io.jenkins.plugins.databricks.client.jobs;

import io.jenkins.plugins.databricks.client.core.Checks;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Git provider names as Databricks spells them, and the provider of a well-known host. */
public final class GitProviders {
    /** Every provider Databricks accepts for Git folders and {@code git_source}. */
    public static final List<String> ALL = List.of("gitHub", "gitHubEnterprise", "bitbucketCloud", "bitbucketServer",
            "gitLab", "gitLabEnterpriseEdition", "azureDevOpsServices", "awsCodeCommit");

    private GitProviders() {
    }

    /** The provider as Databricks spells it: given (any case), or guessed from a well-known host of the URL. */
    public static String resolve(String provider, String url, String field) {
        if (provider != null && !provider.isBlank()) {
            return Checks.oneOf(provider, field, ALL);
        }
        String host = host(url);
        if (host.equals("github.com")) {
            return "gitHub";
        }
        if (host.equals("gitlab.com")) {
            return "gitLab";
        }
        if (host.equals("bitbucket.org")) {
            return "bitbucketCloud";
        }
        if (host.equals("dev.azure.com") || host.endsWith(".visualstudio.com")) {
            return "azureDevOpsServices";
        }
        if (host.startsWith("git-codecommit.") && host.endsWith(".amazonaws.com")) {
            return "awsCodeCommit";
        }
        throw new IllegalArgumentException(field + " must be set for a Git server at '" + host + "'; expected one of "
                + String.join(", ", ALL));
    }

    /** Checks a Git URL: https (or http), with a host; returns it stripped. */
    public static String url(String url, String field) {
        String u = Checks.notBlank(url, field, "an https URL of a Git repository, such as"
                + " https://github.com/org/repo.git");
        host(u);
        return u;
    }

    private static String host(String url) {
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri.getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url '" + url + "' is not an http(s) URL of a Git repository; expected"
                    + " such as https://github.com/org/repo.git");
        }
    }
}
