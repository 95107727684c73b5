package io.jenkins.plugins.databricks.emulator.workspace;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/2.0/repos}: list (path_prefix, paged), create, and {@code /repos/{id}} get, update, delete. */
public final class ReposApi {
    private static final String P = "/api/2.0/repos";
    /** Small pages, so clients must follow next_page_token. */
    static final int PAGE_SIZE = 20;

    private final Repos repos;

    public ReposApi(Repos repos) {
        this.repos = repos;
    }

    public void register(Router r) {
        r.add("GET", P, this::list);
        r.add("POST", P, req -> {
            String url = req.nonEmpty("url");
            return repos.create(url, req.optString("provider").orElse(null), req.optString("path").orElse(null),
                    req.optString("branch").orElse(null));
        });
        r.addPrefix("GET", P + "/", req -> repos.get(id(req)));
        r.addPrefix("PATCH", P + "/", req -> repos.update(id(req), req.optString("branch").orElse(null),
                req.optString("tag").orElse(null)));
        r.addPrefix("DELETE", P + "/", req -> {
            repos.delete(id(req));
            return Map.of();
        });
    }

    private Object list(ApiRequest req) {
        String prefix = req.optString("path_prefix").map(p -> p.isEmpty() ? null : Workspace.normalize(p))
                .orElse(null);
        long after = 0;
        String token = req.optString("next_page_token").orElse("");
        if (!token.isEmpty()) {
            try {
                after = Long.parseLong(token);
            } catch (NumberFormatException e) {
                throw ApiException.invalidParameter("Invalid next_page_token");
            }
        }
        boolean[] more = new boolean[1];
        List<Map<String, Object>> page = repos.list(prefix, after, PAGE_SIZE, more);
        Map<String, Object> out = new LinkedHashMap<>();
        if (!page.isEmpty()) {
            out.put("repos", page);
        }
        if (more[0]) {
            out.put("next_page_token", String.valueOf(page.get(page.size() - 1).get("id")));
        }
        return out;
    }

    private static long id(ApiRequest req) {
        String rest = req.path().substring(P.length() + 1);
        try {
            return Long.parseLong(rest);
        } catch (NumberFormatException e) {
            throw ApiException.endpointNotFound(req.method(), req.path().replaceFirst("^/api/\\d+\\.\\d+", ""));
        }
    }
}
