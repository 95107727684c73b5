package io.jenkins.plugins.databricks.client.workspace;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.ProgressListener;
import io.jenkins.plugins.databricks.client.jobs.GitProviders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Git folders ({@code /api/2.0/repos}). Obtained from {@link DatabricksClient#repos()}. */
public final class Repos {
    private static final String BASE = "/api/2.0/repos";

    private final DatabricksClient client;

    public Repos(DatabricksClient client) {
        this.client = client;
    }

    /**
     * @param repoId the Git folder's id
     * @return {@code id, path, url, provider, branch, head_commit_id}
     */
    public Map<String, Object> get(long repoId) throws InterruptedException {
        Checks.positive(repoId, "repoId");
        return Checks.map(client.send("GET", BASE + "/" + repoId, List.of(), null, true), "repos/get");
    }

    /**
     * Lists Git folders, following every page.
     *
     * @param pathPrefix only folders whose path starts with it; null for all
     * @return the Git folders
     */
    public List<Map<String, Object>> list(String pathPrefix) throws InterruptedException {
        String prefix = pathPrefix == null || pathPrefix.isBlank() ? null
                : WorkspacePaths.absolute(pathPrefix, "pathPrefix");
        List<Map<String, Object>> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            List<Map.Entry<String, String>> q = new ArrayList<>();
            if (prefix != null) {
                q.add(Map.entry("path_prefix", prefix));
            }
            if (token != null) {
                q.add(Map.entry("next_page_token", token));
            }
            Map<String, Object> page = Checks.map(client.send("GET", BASE, q, null, true), "repos/list");
            all.addAll(Checks.listOfMaps(page, "repos"));
            token = Checks.string(page, "next_page_token");
            if (token != null && !token.isEmpty() && !seen.add(token)) {
                throw new DatabricksException("UNEXPECTED_RESPONSE", "repos/list returned the page token '" + token
                        + "' twice; stopping to avoid an endless listing");
            }
        } while (token != null && !token.isEmpty());
        return all;
    }

    /**
     * @param path a workspace path ({@code /Workspace/...} and {@code /...} are the same)
     * @return the Git folder at exactly that path, or null
     */
    public Map<String, Object> findByPath(String path) throws InterruptedException {
        String p = canonical(WorkspacePaths.absolute(path, "path"));
        for (Map<String, Object> repo : list(p)) {
            Object rp = repo.get("path");
            if (rp != null && canonical(rp.toString()).equals(p)) {
                return repo;
            }
        }
        return null;
    }

    /**
     * Creates a Git folder. Not repeated after an ambiguous failure (a second create would fail on the first's
     * folder).
     *
     * @param url the repository's https URL
     * @param provider the provider, or null to infer it from the URL's host
     * @param path the folder's workspace path; null for Databricks' default ({@code /Repos/<user>/<name>})
     * @return the new Git folder
     */
    public Map<String, Object> create(String url, String provider, String path) throws InterruptedException {
        String u = GitProviders.url(url, "url");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", u);
        body.put("provider", GitProviders.resolve(provider, u, "provider"));
        if (path != null && !path.isBlank()) {
            body.put("path", WorkspacePaths.absolute(path, "path"));
        }
        return Checks.map(client.send("POST", BASE, List.of(), body, false), "repos/create");
    }

    /**
     * Brings a Git folder to a branch or tag: finds it by path (creates it and its parent folder when asked and
     * missing), updates it,
     * and checks the expected commit if one is given. Safe to repeat.
     *
     * @param request what to do
     * @param listener told what happens; may be null
     * @return the Git folder after the update ({@code id, path, url, provider, branch, head_commit_id}) plus
     *         {@code created} (whether this call created it) and {@code previous_head_commit_id}
     * @throws IllegalArgumentException for bad input, before any request
     * @throws DatabricksException with {@link DatabricksException#isNotFound()} when no Git folder is at the
     *         path and creating was not asked; code {@code COMMIT_MISMATCH} when the head is not the expected
     *         commit; or the workspace's error (such as an unknown branch)
     */
    public Map<String, Object> update(RepoUpdateRequest request, ProgressListener listener)
            throws InterruptedException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null; build one with RepoUpdateRequest.builder");
        }
        ProgressListener progress = Checks.listener(listener);
        Map<String, Object> repo = findByPath(request.path());
        boolean created = false;
        if (repo == null) {
            if (!request.createIfMissing()) {
                throw new DatabricksException(null, null, 404, "RESOURCE_DOES_NOT_EXIST", "No Git folder at "
                        + request.path() + "; set create (with url) to create it", 0, null);
            }
            // a Git folder's parent must exist, as for any workspace object
            client.workspace().mkdirs(WorkspacePaths.parent(request.path()));
            repo = create(request.url(), request.provider(), request.path());
            created = true;
            progress.progress("Created Git folder " + repo.get("path") + " from " + repo.get("url"));
        } else if (request.url() != null && repo.get("url") != null
                && !sameUrl(request.url(), repo.get("url").toString())) {
            throw new IllegalArgumentException("the Git folder at " + request.path() + " is a clone of "
                    + repo.get("url") + ", not of " + request.url());
        }
        Object id = repo.get("id");
        if (!(id instanceof Number)) {
            throw new DatabricksException("UNEXPECTED_RESPONSE", "the Git folder at " + request.path()
                    + " came without an id");
        }
        Object previous = repo.get("head_commit_id");
        Map<String, Object> body = new LinkedHashMap<>();
        if (request.branch() != null) {
            body.put("branch", request.branch());
        } else {
            body.put("tag", request.tag());
        }
        Map<String, Object> updated = Checks.map(client.send("PATCH", BASE + "/" + ((Number) id).longValue(),
                List.of(), body, true), "repos/update");
        if (updated.get("head_commit_id") == null) {
            updated = get(((Number) id).longValue());
        }
        String head = Checks.string(updated, "head_commit_id");
        String ref = request.branch() != null ? "branch " + request.branch() : "tag " + request.tag();
        progress.progress("Git folder " + updated.get("path") + " is at " + ref + ", commit " + head
                + (previous == null || String.valueOf(previous).equals(head) ? "" : " (was " + previous + ")"));
        if (request.commit() != null && (head == null || !head.toLowerCase(java.util.Locale.ROOT)
                .startsWith(request.commit()))) {
            throw new DatabricksException("COMMIT_MISMATCH", "Git folder " + updated.get("path") + " is at " + ref
                    + ", commit " + head + ", not the expected commit " + request.commit());
        }
        Map<String, Object> out = new LinkedHashMap<>(updated);
        out.put("created", created);
        out.put("previous_head_commit_id", previous);
        return out;
    }

    private static String canonical(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return p.equals("/Workspace") ? "/" : p.startsWith("/Workspace/") ? p.substring("/Workspace".length()) : p;
    }

    private static boolean sameUrl(String a, String b) {
        return strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        String u = url.strip();
        if (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }
}
