package io.jenkins.plugins.databricks.client.policy;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which workspace hosts a caller may name itself (a Jenkinsfile's {@code host:}), beyond the workspaces an
 * administrator configured. Entries are workspace URLs as users paste them (normalized like
 * {@link DatabricksClient#normalizeHost(String)}), or {@code *.domain} for any host under that domain over
 * https on the default port; one per line or separated by commas, {@code #} starts a comment.
 */
public final class HostAllowList {
    private static final HostAllowList EMPTY = new HostAllowList(List.of(), List.of());

    private final List<String> hosts;
    private final List<String> domainSuffixes;

    private HostAllowList(List<String> hosts, List<String> domainSuffixes) {
        this.hosts = List.copyOf(hosts);
        this.domainSuffixes = List.copyOf(domainSuffixes);
    }

    /** @return an allow-list that allows nothing */
    public static HostAllowList empty() {
        return EMPTY;
    }

    /**
     * @param text entries, one per line or comma-separated; null or blank for none
     * @return the list
     * @throws IllegalArgumentException naming the first entry that is not a host or {@code *.domain}
     */
    public static HostAllowList parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        List<String> hosts = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String content = hash < 0 ? line : line.substring(0, hash);
            for (String raw : content.split(",")) {
                String entry = raw.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                if (entry.startsWith("*.")) {
                    String domain = entry.substring(2).toLowerCase(Locale.ROOT);
                    if (domain.isEmpty() || domain.indexOf('.') < 0 || !domain.matches("[a-z0-9.-]+")
                            || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
                        throw new IllegalArgumentException("allowed host '" + entry + "' is not a host or *.domain;"
                                + " expected entries such as https://adb-1234567890123456.7.azuredatabricks.net or"
                                + " *.azuredatabricks.net");
                    }
                    suffixes.add("." + domain);
                    continue;
                }
                try {
                    hosts.add(HostNames.normalize(entry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("allowed host '" + entry + "': " + e.getMessage(), e);
                }
            }
        }
        return new HostAllowList(hosts, suffixes);
    }

    /**
     * @param allowed hosts allowed besides this list's own entries (such as the configured workspaces' hosts),
     *                as pasted; entries that are not valid hosts are ignored
     * @return this list with those hosts added
     */
    public HostAllowList plus(Collection<String> allowed) {
        List<String> more = new ArrayList<>(hosts);
        for (String h : allowed) {
            try {
                more.add(HostNames.normalize(h));
            } catch (IllegalArgumentException e) {
                // an unusable configured host allows nothing; its own use reports the problem
            }
        }
        return new HostAllowList(more, domainSuffixes);
    }

    /**
     * @param host a host as a caller gave it
     * @return whether requests may go there: the normalized host is listed, or it is an https host under a listed
     *         {@code *.domain}. A host that does not normalize is not allowed.
     */
    public boolean allows(String host) {
        String normalized;
        try {
            normalized = HostNames.normalize(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (hosts.contains(normalized)) {
            return true;
        }
        if (!normalized.startsWith("https://")) {
            return false;
        }
        String authority = normalized.substring("https://".length());
        if (authority.lastIndexOf(':') > authority.lastIndexOf(']')) {
            return false; // *.domain means the https port only; another port must be listed exactly
        }
        return domainSuffixes.stream().anyMatch(authority::endsWith);
    }

    /** @return whether nothing is listed */
    public boolean isEmpty() {
        return hosts.isEmpty() && domainSuffixes.isEmpty();
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(hosts);
        domainSuffixes.forEach(s -> all.add("*" + s));
        return String.join(", ", all);
    }
}
