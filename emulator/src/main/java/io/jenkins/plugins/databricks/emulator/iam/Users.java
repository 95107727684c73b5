package io.jenkins.plugins.databricks.emulator.iam;

import io.jenkins.plugins.databricks.emulator.server.Identity;
import io.jenkins.plugins.databricks.emulator.server.ApiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workspace's principals and their credentials: users (each personal access token belongs to one),
 * groups, service principals (client id + secret for OAuth, or none for one that only receives grants) and
 * the OAuth access tokens issued to them. Principals named in permission grants must exist here, as on
 * Databricks. Thread-safe: the directory is guarded by this, tokens live in concurrent maps.
 */
public final class Users {
    public static final String DEFAULT_USER = "user@example.com";
    static final String ADMINS = "admins";
    static final String ALL_USERS = "users";

    private final String defaultUserName;
    private final Map<String, Identity> personalTokens = new ConcurrentHashMap<>();
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, IssuedToken> accessTokens = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1234567890123456L);

    /** userName → user, applicationId → service principal, displayName → group; creation order. */
    private final Map<String, Identity> users = new LinkedHashMap<>();
    private final Map<String, Identity> servicePrincipals = new LinkedHashMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** Principals that back a credential or a builtin group: they survive {@link #reset()}. */
    private final Set<String> configured = new LinkedHashSet<>();

    private record IssuedToken(Identity identity, long expiresAtMillis) {}

    /** A group: its SCIM id, name and the ids of its direct members (users, service principals, groups). */
    record Group(String id, String displayName, Set<String> members) {}

    public Users(String defaultUserName) {
        this.defaultUserName = defaultUserName;
        builtins();
    }

    private synchronized void builtins() {
        Identity me = user(defaultUserName);
        configured.add("user:" + defaultUserName);
        groups.computeIfAbsent(ADMINS, n -> new Group("1000000000000001", n, new LinkedHashSet<>(Set.of(me.id()))));
        // "users" always holds every user; its member list is computed when it is read
        groups.computeIfAbsent(ALL_USERS, n -> new Group("1000000000000002", n, new LinkedHashSet<>()));
        configured.add("group:" + ADMINS);
        configured.add("group:" + ALL_USERS);
    }

    /** The userName of the identity behind personal access tokens ("user@example.com" unless configured). */
    public String currentUserName() {
        return defaultUserName;
    }

    // ---- the directory, for tests and seeding ----

    /** Adds a workspace user (no credential) if absent; returns its SCIM id. */
    public synchronized String addUser(String userName) {
        return user(requireName(userName, "userName")).id();
    }

    /** Adds a group if absent, with these users, service principals (by application id) or groups as members. */
    public synchronized String addGroup(String displayName, String... memberNames) {
        Group g = groups.computeIfAbsent(requireName(displayName, "displayName"),
                n -> new Group(newId(), n, new LinkedHashSet<>()));
        for (String member : memberNames) {
            g.members().add(principalId(member).orElseThrow(
                    () -> new IllegalArgumentException("no user, service principal or group named " + member)));
        }
        return g.id();
    }

    /** Adds a service principal that has no OAuth secret (it can receive grants, not call the API). */
    public synchronized String addServicePrincipal(String applicationId) {
        return newServicePrincipal(requireName(applicationId, "applicationId"), null).id();
    }

    public synchronized boolean userExists(String userName) {
        return users.containsKey(userName);
    }

    public synchronized boolean groupExists(String displayName) {
        return groups.containsKey(displayName);
    }

    public synchronized boolean servicePrincipalExists(String applicationId) {
        return servicePrincipals.containsKey(applicationId);
    }

    private Identity user(String userName) {
        return users.computeIfAbsent(userName,
                n -> new Identity(newId(), n, displayName(n), false));
    }

    private Identity newServicePrincipal(String applicationId, String displayName) {
        return servicePrincipals.computeIfAbsent(applicationId, id -> new Identity(newId(), id,
                displayName == null || displayName.isBlank() ? "Service principal " + id : displayName, true));
    }

    private Optional<String> principalId(String name) {
        if (users.containsKey(name)) {
            return Optional.of(users.get(name).id());
        }
        if (servicePrincipals.containsKey(name)) {
            return Optional.of(servicePrincipals.get(name).id());
        }
        return Optional.ofNullable(groups.get(name)).map(Group::id);
    }

    private String newId() {
        return Long.toString(nextId.getAndIncrement());
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return name;
    }

    // ---- credentials ----

    /**
     * Accepts one more personal access token, as a user creating a new token does (rotation tests).
     *
     * @param token the token
     * @param userName whose token it is; null for the default user
     */
    public synchronized void addToken(String token, String userName) {
        String name = userName == null ? defaultUserName : userName;
        configured.add("user:" + name);
        personalTokens.put(token, user(name));
    }

    public synchronized void addServicePrincipal(String clientId, String secret) {
        clientSecrets.put(clientId, secret);
        configured.add("sp:" + clientId);
        newServicePrincipal(clientId, null);
    }

    /** The identity of a valid PAT or unexpired OAuth access token at {@code now}. */
    public Optional<Identity> byBearer(String token, long now) {
        Identity pat = personalTokens.get(token);
        if (pat != null) {
            return Optional.of(pat);
        }
        IssuedToken issued = accessTokens.get(token);
        if (issued != null && now < issued.expiresAtMillis) {
            return Optional.of(issued.identity);
        }
        if (issued != null) {
            accessTokens.remove(token, issued);
        }
        return Optional.empty();
    }

    /** The service principal whose credentials match; compared in constant time. */
    public synchronized Optional<Identity> servicePrincipal(String clientId, String secret) {
        String expected = clientSecrets.get(clientId);
        if (expected == null || secret == null || !constantTimeEquals(expected, secret)) {
            return Optional.empty();
        }
        return Optional.of(servicePrincipals.get(clientId));
    }

    /** The service principal a federation policy belongs to, created if absent (it has no OAuth secret). */
    public synchronized Identity federatedServicePrincipal(String applicationId) {
        return newServicePrincipal(applicationId, null);
    }

    /** The user an account-wide federation policy maps a JWT's subject to, created if absent. */
    public synchronized Identity federatedUser(String userName) {
        return user(userName);
    }

    public void issue(String accessToken, Identity identity, long expiresAtMillis) {
        accessTokens.put(accessToken, new IssuedToken(identity, expiresAtMillis));
    }

    /**
     * Forgets issued OAuth tokens and the principals created since start; the principals behind configured
     * credentials and the builtin groups stay (with their original members).
     */
    public synchronized void reset() {
        accessTokens.clear();
        users.keySet().removeIf(n -> !configured.contains("user:" + n));
        servicePrincipals.keySet().removeIf(n -> !configured.contains("sp:" + n));
        groups.keySet().removeIf(n -> !configured.contains("group:" + n));
        groups.get(ADMINS).members().retainAll(Set.of(users.get(defaultUserName).id()));
    }

    boolean hasCredentials() {
        return !personalTokens.isEmpty() || !clientSecrets.isEmpty();
    }

    // ---- SCIM views ----

    /** Whether a permission grant may name this principal ({@code field} is user_name, group_name, ...). */
    synchronized boolean principalExists(String field, String name) {
        switch (field) {
            case "user_name":
                return users.containsKey(name);
            case "group_name":
                return groups.containsKey(name);
            case "service_principal_name":
                return servicePrincipals.containsKey(name);
            default:
                return false;
        }
    }

    synchronized List<Identity> userList() {
        return new ArrayList<>(users.values());
    }

    synchronized List<Identity> servicePrincipalList() {
        return new ArrayList<>(servicePrincipals.values());
    }

    synchronized List<Group> groupList() {
        return new ArrayList<>(groups.values());
    }

    synchronized Optional<Identity> userById(String id) {
        return users.values().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    synchronized Optional<Identity> servicePrincipalById(String id) {
        return servicePrincipals.values().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    synchronized Optional<Group> groupById(String id) {
        return groups.values().stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** Creates a user through SCIM; false when the userName is taken. */
    synchronized Optional<Identity> createUser(String userName, String displayName) {
        if (users.containsKey(userName)) {
            return Optional.empty();
        }
        Identity u = new Identity(newId(), userName, displayName == null || displayName.isBlank()
                ? displayName(userName) : displayName, false);
        users.put(userName, u);
        return Optional.of(u);
    }

    synchronized Optional<Identity> createServicePrincipal(String applicationId, String displayName) {
        if (servicePrincipals.containsKey(applicationId)) {
            return Optional.empty();
        }
        return Optional.of(newServicePrincipal(applicationId, displayName));
    }

    synchronized Optional<Group> createGroup(String displayName, List<String> memberIds) {
        if (groups.containsKey(displayName)) {
            return Optional.empty();
        }
        for (String id : memberIds) {
            if (!knownId(id)) {
                throw ApiException.invalidParameter("Member " + id + " does not exist.");
            }
        }
        Group g = new Group(newId(), displayName, new LinkedHashSet<>(memberIds));
        groups.put(displayName, g);
        return Optional.of(g);
    }

    synchronized boolean delete(String kind, String id) {
        switch (kind) {
            case "Users":
                return users.values().removeIf(u -> u.id().equals(id) && !u.userName().equals(defaultUserName));
            case "ServicePrincipals":
                return servicePrincipals.values().removeIf(u -> u.id().equals(id) && !clientSecrets.containsKey(u.userName()));
            default:
                return groups.values().removeIf(g -> g.id().equals(id) && !configured.contains("group:" + g.displayName()));
        }
    }

    private boolean knownId(String id) {
        return userById(id).isPresent() || servicePrincipalById(id).isPresent() || groupById(id).isPresent();
    }

    /** Member ids of a group; "users" holds every user. */
    synchronized List<String> members(Group g) {
        if (g.displayName().equals(ALL_USERS)) {
            return users.values().stream().map(Identity::id).toList();
        }
        return new ArrayList<>(g.members());
    }

    /** The groups an identity is a direct member of. */
    synchronized List<Group> groupsOf(Identity who) {
        List<Group> out = new ArrayList<>();
        for (Group g : groups.values()) {
            if (members(g).contains(who.id())) {
                out.add(g);
            }
        }
        return out;
    }

    synchronized String nameOf(String id) {
        return userById(id).map(Identity::userName)
                .or(() -> servicePrincipalById(id).map(Identity::displayName))
                .or(() -> groupById(id).map(Group::displayName)).orElse(id);
    }

    synchronized String kindOf(String id) {
        return userById(id).isPresent() ? "Users" : servicePrincipalById(id).isPresent() ? "ServicePrincipals" : "Groups";
    }

    private static String displayName(String userName) {
        int at = userName.indexOf('@');
        String local = at > 0 ? userName.substring(0, at) : userName;
        return local.isEmpty() ? userName : Character.toUpperCase(local.charAt(0)) + local.substring(1);
    }

    private static boolean constantTimeEquals(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] x = sha.digest(a.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] y = sha.digest(b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return MessageDigest.isEqual(x, y);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
