package io.jenkins.plugins.databricks.client.permissions;

import io.jenkins.plugins.databricks.client.core.Checks;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One grant in a permissions request: a principal (user, group or service principal) and a permission level.
 * Immutable and Serializable.
 */
public final class AccessControlEntry implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of principal, as accepted by {@link #of(String, String, String)}. */
    public static final List<String> PRINCIPAL_KINDS = List.of("user", "group", "servicePrincipal");

    /** user, group or servicePrincipal. */
    private final String kind;
    /** The principal's name or application id. */
    private final String name;
    /** The permission level, upper case. */
    private final String level;

    private AccessControlEntry(String kind, String name, String level) {
        this.kind = kind;
        this.name = Checks.notBlank(name, kindLabel(kind) + " name", kind.equals("servicePrincipal")
                ? "the service principal's application id" : kind.equals("user") ? "a user name such as"
                + " someone@example.com" : "a group name such as data-engineers");
        if (this.name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(kindLabel(kind) + " name must not contain control characters");
        }
        String l = Checks.notBlank(level, "permission level", "a level such as CAN_MANAGE");
        this.level = l.toUpperCase(Locale.ROOT);
        if (!this.level.matches("[A-Z_]+")) {
            throw new IllegalArgumentException("permission level '" + l + "' is not a level name; expected a level"
                    + " such as CAN_ATTACH_TO, CAN_RESTART, CAN_MANAGE");
        }
    }

    /**
     * @param userName the user's name (usually an e-mail address)
     * @param level the permission level, such as {@code CAN_RESTART}
     * @return the entry
     */
    public static AccessControlEntry user(String userName, String level) {
        return new AccessControlEntry("user", userName, level);
    }

    /**
     * @param groupName the group's name
     * @param level the permission level
     * @return the entry
     */
    public static AccessControlEntry group(String groupName, String level) {
        return new AccessControlEntry("group", groupName, level);
    }

    /**
     * @param applicationId the service principal's application id
     * @param level the permission level
     * @return the entry
     */
    public static AccessControlEntry servicePrincipal(String applicationId, String level) {
        return new AccessControlEntry("servicePrincipal", applicationId, level);
    }

    /**
     * An entry from text, as a pipeline step receives it.
     *
     * @param principalKind {@code user}, {@code group} or {@code servicePrincipal} (also accepted:
     *                      {@code service_principal}, {@code user_name}, {@code group_name},
     *                      {@code service_principal_name}; any case)
     * @param name the principal's name or application id
     * @param level the permission level
     * @return the entry
     */
    public static AccessControlEntry of(String principalKind, String name, String level) {
        String k = principalKind == null ? "" : principalKind.strip().toLowerCase(Locale.ROOT).replace("_", "");
        switch (k) {
            case "user":
            case "username":
                return user(name, level);
            case "group":
            case "groupname":
                return group(name, level);
            case "serviceprincipal":
            case "serviceprincipalname":
                return servicePrincipal(name, level);
            default:
                throw new IllegalArgumentException("principal kind '" + principalKind + "' is not accepted; expected"
                        + " one of user, group, servicePrincipal");
        }
    }

    /** @return {@code user}, {@code group} or {@code servicePrincipal} */
    public String principalKind() {
        return kind;
    }

    /** @return the principal's name (application id for a service principal) */
    public String principal() {
        return name;
    }

    /** @return the permission level, upper case */
    public String level() {
        return level;
    }

    /** @return the JSON field naming the principal: {@code user_name}, {@code group_name} or {@code service_principal_name} */
    public String principalField() {
        switch (kind) {
            case "user":
                return "user_name";
            case "group":
                return "group_name";
            default:
                return "service_principal_name";
        }
    }

    /** @return the entry as the permissions API takes it */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(principalField(), name);
        m.put("permission_level", level);
        return m;
    }

    private static String kindLabel(String kind) {
        return kind.equals("servicePrincipal") ? "service principal" : kind;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AccessControlEntry)) {
            return false;
        }
        AccessControlEntry e = (AccessControlEntry) o;
        return kind.equals(e.kind) && name.equals(e.name) && level.equals(e.level);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, level);
    }

    @Override
    public String toString() {
        return kind + ":" + name + "=" + level;
    }
}
