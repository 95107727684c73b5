package io.jenkins.plugins.databricks.emulator.workspace;

import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /api/2.0/workspace/*}: mkdirs, import, get-status, list, export, delete. */
public final class WorkspaceApi {
    public static final String IMPORT_PATH = "/api/2.0/workspace/import";
    private static final String P = "/api/2.0/workspace";
    private static final List<String> LANGUAGES = List.of("PYTHON", "SQL", "SCALA", "R");

    private final Workspace workspace;

    public WorkspaceApi(Workspace workspace) {
        this.workspace = workspace;
    }

    public void register(Router r) {
        r.add("POST", P + "/mkdirs", req -> {
            workspace.mkdirs(req.nonEmpty("path"));
            return Map.of();
        });
        r.add("POST", IMPORT_PATH, this::importObject);
        r.add("GET", P + "/get-status", req -> workspace.status(req.nonEmpty("path")));
        r.add("GET", P + "/list", req -> {
            List<Map<String, Object>> objects = workspace.list(req.nonEmpty("path"));
            return objects.isEmpty() ? Map.of() : Map.of("objects", objects);
        });
        r.add("GET", P + "/export", req -> {
            String format = req.optString("format").orElse("SOURCE").toUpperCase(Locale.ROOT);
            byte[] content = workspace.export(req.nonEmpty("path"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("content", Base64.getEncoder().encodeToString(content));
            out.put("file_type", format.equals("JUPYTER") ? "ipynb" : "py");
            return out;
        });
        r.add("POST", P + "/delete", req -> {
            workspace.delete(req.nonEmpty("path"), req.optBoolean("recursive").orElse(false));
            return Map.of();
        });
    }

    private Object importObject(ApiRequest req) {
        String path = req.nonEmpty("path");
        String format = req.optString("format").orElse("SOURCE").toUpperCase(Locale.ROOT);
        String language = req.optString("language").map(l -> l.toUpperCase(Locale.ROOT)).orElse(null);
        if (language != null && !LANGUAGES.contains(language)) {
            throw ApiException.invalidParameter("Invalid language " + language + "; supported: "
                    + String.join(", ", LANGUAGES));
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(req.optString("content").orElse(""));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("The content must be base64-encoded");
        }
        workspace.importObject(path, format, language, content, req.optBoolean("overwrite").orElse(false));
        return Map.of();
    }
}
