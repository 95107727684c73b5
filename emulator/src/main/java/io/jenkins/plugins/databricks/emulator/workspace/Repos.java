package io.jenkins.plugins.databricks.emulator.workspace;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Git folders ({@code /api/2.0/repos}). Each sits in the workspace tree as a REPO node. A ref's head commit is
 * a stable hash of the URL and ref unless a test seeds one with {@link #setRef}; once any ref of a URL is
 * seeded, only seeded refs exist for it. Thread-safe (guarded by this).
 */
public final class Repos {
    /** Git providers the Repos API accepts (case-insensitive). */
    static final List<String> PROVIDERS = List.of("gitHub", "bitbucketCloud", "gitLab", "azureDevOpsServices",
            "gitHubEnterprise", "bitbucketServer", "gitLabEnterpriseEdition", "awsCodeCommit");

    private final Workspace workspace;
    private final String userName;
    private final Map<Long, Repo> repos = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> refs = new HashMap<>();

    static final class Repo {
        final long id;
        final String path;
        final String url;
        final String provider;
        String branch;
        String tag;
        String head;

        Repo(long id, String path, String url, String provider) {
            this.id = id;
            this.path = path;
            this.url = url;
            this.provider = provider;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("path", path);
            m.put("url", url);
            m.put("provider", provider);
            if (branch != null) {
                m.put("branch", branch);
            }
            m.put("head_commit_id", head);
            return m;
        }
    }

    public Repos(Workspace workspace, String userName) {
        this.workspace = workspace;
        this.userName = userName;
    }

    /** Makes {@code ref} (a branch or tag) of {@code url} point at {@code commit}. */
    public synchronized void setRef(String url, String ref, String commit) {
        refs.computeIfAbsent(url, u -> new HashMap<>()).put(ref, commit);
    }

    /** The head commit of the Git folder at a path, or null. */
    public synchronized String headCommit(String path) {
        String p = Workspace.normalize(path);
        return repos.values().stream().filter(r -> r.path.equals(p)).map(r -> r.head).findFirst().orElse(null);
    }

    synchronized Map<String, Object> create(String url, String provider, String path, String branch) {
        String prov = provider(provider);
        String p = path == null ? "/Repos/" + userName + "/" + name(url) : Workspace.normalize(path);
        String head = resolve(url, branch == null ? "main" : branch, "Branch");
        long id = workspace.putRepo(p);
        Repo r = new Repo(id, p, url, prov);
        r.branch = branch == null ? "main" : branch;
        r.head = head;
        repos.put(id, r);
        return r.json();
    }

    synchronized Map<String, Object> get(long id) {
        return repo(id).json();
    }

    synchronized Map<String, Object> update(long id, String branch, String tag) {
        Repo r = repo(id);
        if (branch != null && tag != null) {
            throw ApiException.invalidParameter("Only one of branch and tag can be set");
        }
        if (branch == null && tag == null) {
            throw ApiException.invalidParameter("One of branch or tag must be set");
        }
        if (branch != null) {
            r.head = resolve(r.url, branch, "Branch");
            r.branch = branch;
            r.tag = null;
        } else {
            r.head = resolve(r.url, tag, "Tag");
            r.tag = tag;
            r.branch = null;
        }
        return r.json();
    }

    synchronized void delete(long id) {
        Repo r = repo(id);
        repos.remove(id);
        workspace.delete(r.path, true);
    }

    /** Repos whose path starts with the prefix, by id; a page of {@code limit} after {@code afterId}. */
    synchronized List<Map<String, Object>> list(String prefix, long afterId, int limit, boolean[] more) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Repo r : repos.values()) {
            if (r.id > afterId && (prefix == null || r.path.startsWith(prefix))) {
                if (out.size() == limit) {
                    more[0] = true;
                    break;
                }
                out.add(r.json());
            }
        }
        return out;
    }

    public synchronized void reset() {
        repos.clear();
        refs.clear();
    }

    private Repo repo(long id) {
        Repo r = repos.get(id);
        if (r == null) {
            throw ApiException.doesNotExist("Repo " + id + " does not exist.");
        }
        return r;
    }

    private String resolve(String url, String ref, String kind) {
        Map<String, String> seeded = refs.get(url);
        if (seeded != null) {
            String commit = seeded.get(ref);
            if (commit == null) {
                throw ApiException.invalidParameter(kind + " " + ref + " does not exist in " + url);
            }
            return commit;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest((url + "@" + ref).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String provider(String provider) {
        if (provider == null || provider.isBlank()) {
            throw ApiException.missingField("provider");
        }
        for (String p : PROVIDERS) {
            if (p.equalsIgnoreCase(provider)) {
                return p;
            }
        }
        throw ApiException.invalidParameter("Invalid Git provider " + provider + "; supported: "
                + String.join(", ", PROVIDERS));
    }

    private static String name(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String last = u.substring(u.lastIndexOf('/') + 1);
        return last.toLowerCase(Locale.ROOT).endsWith(".git") ? last.substring(0, last.length() - 4) : last;
    }
}
