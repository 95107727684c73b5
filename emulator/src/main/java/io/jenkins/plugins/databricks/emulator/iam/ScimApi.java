package io.jenkins.plugins.databricks.emulator.iam;

import io.jenkins.plugins.databricks.emulator.server.Identity;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import io.jenkins.plugins.databricks.emulator.server.ApiRequest;
import io.jenkins.plugins.databricks.emulator.server.Reply;
import io.jenkins.plugins.databricks.emulator.server.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workspace SCIM surface under {@code /api/2.0/preview/scim/v2/}: {@code Me}, and list/get/create/delete of
 * {@code Users}, {@code Groups} and {@code ServicePrincipals}, with SCIM's list envelope, {@code filter}
 * ({@code attr eq "value"} and {@code co}/{@code sw}), {@code startIndex}/{@code count} paging and error shape.
 */
public final class ScimApi {
    static final String PREFIX = "/api/2.0/preview/scim/v2/";
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String SP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";
    private static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Pattern FILTER = Pattern.compile("\\s*([A-Za-z.]+)\\s+(eq|co|sw)\\s+\"?([^\"]*)\"?\\s*",
            Pattern.CASE_INSENSITIVE);

    private final Users users;

    public ScimApi(Users users) {
        this.users = users;
    }

    public void register(Router r) {
        r.add("GET", PREFIX + "Me", req -> identity(users, req.identity()));
        for (String kind : List.of("Users", "Groups", "ServicePrincipals")) {
            r.add("GET", PREFIX + kind, req -> list(kind, req));
            r.add("POST", PREFIX + kind, req -> create(kind, req));
            r.addPrefix("GET", PREFIX + kind + "/", req -> get(kind, id(kind, req)));
            r.addPrefix("DELETE", PREFIX + kind + "/", req -> {
                String id = id(kind, req);
                get(kind, id);
                if (!users.delete(kind, id)) {
                    throw scimError(400, "Principal " + id + " is a builtin group or backs a configured credential;"
                            + " it cannot be deleted.");
                }
                return new Reply(204, "application/json", new byte[0]);
            });
        }
    }

    private static String id(String kind, ApiRequest req) {
        String id = req.path().substring((PREFIX + kind + "/").length());
        if (id.isEmpty() || id.contains("/")) {
            throw ApiException.endpointNotFound(req.method(), req.path().replaceFirst("^/api/2\\.0", ""));
        }
        return id;
    }

    private Object get(String kind, String id) {
        Optional<Map<String, Object>> found;
        switch (kind) {
            case "Users":
                found = users.userById(id).map(u -> identity(users, u));
                break;
            case "ServicePrincipals":
                found = users.servicePrincipalById(id).map(u -> identity(users, u));
                break;
            default:
                found = users.groupById(id).map(this::group);
        }
        return found.orElseThrow(() -> scimError(404, singular(kind) + " " + id + " not found."));
    }

    private Object list(String kind, ApiRequest req) {
        List<Map<String, Object>> all = new ArrayList<>();
        switch (kind) {
            case "Users":
                users.userList().forEach(u -> all.add(identity(users, u)));
                break;
            case "ServicePrincipals":
                users.servicePrincipalList().forEach(u -> all.add(identity(users, u)));
                break;
            default:
                users.groupList().forEach(g -> all.add(group(g)));
        }
        String filter = req.optString("filter").orElse("");
        List<Map<String, Object>> matching = filter.isBlank() ? all : all.stream().filter(matcher(filter)::apply).toList();
        long start = Math.max(1, req.optLong("startIndex").orElse(1L));
        long count = req.optLong("count").orElse((long) matching.size());
        int from = (int) Math.min(matching.size(), start - 1);
        int to = (int) Math.min(matching.size(), from + Math.max(0, count));
        List<Map<String, Object>> page = matching.subList(from, to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalResults", matching.size());
        out.put("itemsPerPage", page.size());
        out.put("startIndex", start);
        out.put("schemas", List.of(LIST_SCHEMA));
        if (!page.isEmpty()) {
            out.put("Resources", page);
        }
        return out;
    }

    private static Function<Map<String, Object>, Boolean> matcher(String filter) {
        Matcher m = FILTER.matcher(filter);
        if (!m.matches()) {
            throw scimError(400, "Invalid filter '" + filter + "'; the emulator supports 'attribute eq|co|sw \"value\"'.");
        }
        String attr = m.group(1);
        String op = m.group(2).toLowerCase(Locale.ROOT);
        String value = m.group(3).toLowerCase(Locale.ROOT);
        return r -> {
            Object v = r.get(attr);
            if (v == null) {
                // SCIM attribute names are case-insensitive
                v = r.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(attr)).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
            }
            String s = v == null ? null : String.valueOf(v).toLowerCase(Locale.ROOT);
            return s != null && (op.equals("eq") ? s.equals(value) : op.equals("co") ? s.contains(value)
                    : s.startsWith(value));
        };
    }

    private Object create(String kind, ApiRequest req) {
        switch (kind) {
            case "Users": {
                String userName = req.nonEmpty("userName");
                Identity u = users.createUser(userName, req.optString("displayName").orElse(null))
                        .orElseThrow(() -> scimError(409, "User with username " + userName + " already exists."));
                return Reply.json(201, identity(users, u));
            }
            case "ServicePrincipals": {
                String appId = req.optString("applicationId").filter(s -> !s.isBlank())
                        .orElse(java.util.UUID.randomUUID().toString());
                Identity sp = users.createServicePrincipal(appId, req.optString("displayName").orElse(null))
                        .orElseThrow(() -> scimError(409, "Service principal with application id " + appId
                                + " already exists."));
                return Reply.json(201, identity(users, sp));
            }
            default: {
                String name = req.nonEmpty("displayName");
                List<String> members = new ArrayList<>();
                for (JsonNode m : req.body().path("members")) {
                    members.add(m.path("value").asText());
                }
                Users.Group g = users.createGroup(name, members)
                        .orElseThrow(() -> scimError(409, "Group with name " + name + " already exists."));
                return Reply.json(201, group(g));
            }
        }
    }

    /** A user or service principal as SCIM shows it (also the answer of {@code Me}). */
    static Map<String, Object> identity(Users users, Identity who) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", who.id());
        if (who.servicePrincipal()) {
            m.put("schemas", List.of(SP_SCHEMA));
            m.put("applicationId", who.userName());
            m.put("displayName", who.displayName());
            // Me of a service principal also names it by userName, as workspaces answer
            m.put("userName", who.userName());
        } else {
            m.put("schemas", List.of(USER_SCHEMA));
            m.put("userName", who.userName());
            m.put("displayName", who.displayName());
            m.put("emails", List.of(Map.of("type", "work", "value", who.userName(), "primary", true)));
        }
        m.put("active", true);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Users.Group g : users.groupsOf(who)) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("display", g.displayName());
            ref.put("type", "direct");
            ref.put("value", g.id());
            ref.put("$ref", "Groups/" + g.id());
            groups.add(ref);
        }
        m.put("groups", groups);
        return m;
    }

    private Map<String, Object> group(Users.Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("schemas", List.of(GROUP_SCHEMA));
        m.put("displayName", g.displayName());
        List<Map<String, Object>> members = new ArrayList<>();
        for (String id : users.members(g)) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("display", users.nameOf(id));
            ref.put("value", id);
            ref.put("$ref", users.kindOf(id) + "/" + id);
            members.add(ref);
        }
        m.put("members", members);
        m.put("meta", Map.of("resourceType", g.displayName().equals(Users.ADMINS)
                || g.displayName().equals(Users.ALL_USERS) ? "Group" : "WorkspaceGroup"));
        return m;
    }

    private static String singular(String kind) {
        return kind.equals("Users") ? "User" : kind.equals("Groups") ? "Group" : "Service principal";
    }

    /** SCIM's own error shape: {@code {"schemas":[...Error], "detail", "status"}} (status as a string). */
    static ApiException scimError(int status, String detail) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("schemas", List.of(ERROR_SCHEMA));
        b.put("detail", detail);
        b.put("status", Integer.toString(status));
        return new ApiException(status, b);
    }
}
