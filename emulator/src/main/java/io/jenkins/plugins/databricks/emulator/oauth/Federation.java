package io.jenkins.plugins.databricks.emulator.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.databricks.emulator.EmulatorClock;
import io.jenkins.plugins.databricks.emulator.server.Identity;
import io.jenkins.plugins.databricks.emulator.iam.Users;
import io.jenkins.plugins.databricks.emulator.server.Json;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * OAuth token federation (RFC 8693 token exchange): the federation policies of the workspace's account and
 * service principals, and the check of a subject JWT against them (claims on the emulator's clock, RS256 or
 * ES256 signature against the issuer's published keys). Thread-safe.
 */
public final class Federation {
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    private static final long JWKS_CACHE_NANOS = Duration.ofMinutes(1).toNanos();
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One policy: a JWT from {@code issuer} whose {@code aud} holds {@code audience} and whose {@code sub} is
     * {@code subject} (or starts with what precedes a final {@code *}) is exchanged for a token of the service
     * principal {@code servicePrincipalClientId}, or, for an account-wide policy (null), of the user named by
     * {@code sub}.
     */
    public record Policy(String issuer, String audience, String subject, String servicePrincipalClientId) {
        boolean subjectMatches(String sub) {
            return subject.endsWith("*") ? sub.startsWith(subject.substring(0, subject.length() - 1))
                    : subject.equals(sub);
        }
    }

    /** A refused exchange: the HTTP status and the OAuth {@code error} and {@code error_description}. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String error;

        Refusal(int status, String error, String description) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private record Keys(List<Jwk> keys, long fetchedAtNanos) {}

    private record Jwk(String kid, PublicKey key) {}

    private final Users users;
    private final EmulatorClock clock;
    private final boolean allowHttpIssuers;
    private final List<Policy> policies = new CopyOnWriteArrayList<>();
    private final Map<String, Keys> jwks = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public Federation(Users users, EmulatorClock clock, boolean allowHttpIssuers) {
        this.users = users;
        this.clock = clock;
        this.allowHttpIssuers = allowHttpIssuers;
    }

    /**
     * Adds a federation policy, as an account admin creating one does (tests add them while the emulator runs).
     *
     * @param issuer the {@code iss} trusted: https, or http on a loopback host when the builder allowed it
     * @param audience a value the JWT's {@code aud} must hold
     * @param subject the {@code sub} required; a final {@code *} matches any rest
     * @param servicePrincipalClientId the service principal the policy belongs to; null for an account-wide policy
     */
    public void addPolicy(String issuer, String audience, String subject, String servicePrincipalClientId) {
        check(issuer, audience, subject, allowHttpIssuers);
        String sp = servicePrincipalClientId == null || servicePrincipalClientId.isBlank() ? null
                : servicePrincipalClientId.strip();
        if (sp != null) {
            users.federatedServicePrincipal(sp);
        }
        policies.add(new Policy(stripSlash(issuer.strip()), audience.strip(), subject.strip(), sp));
    }

    /** Throws IllegalArgumentException naming what is wrong with a policy's fields. */
    public static void check(String issuer, String audience, String subject, boolean allowHttpIssuers) {
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        requireText(subject, "subject");
        String why = issuerProblem(issuer.strip(), allowHttpIssuers);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
    }

    /** @return the policies, in the order they were added */
    public List<Policy> policies() {
        return List.copyOf(policies);
    }

    /** Forgets the cached keys of every issuer (tests that rotate an issuer's keys). */
    public void forgetKeys() {
        jwks.clear();
    }

    /** Checks the exchange request and returns whom the new access token is for, or throws a {@link Refusal}. */
    Identity verify(Map<String, String> form) {
        String jwt = form.get("subject_token");
        if (jwt == null || jwt.isBlank()) {
            throw invalidRequest("Missing subject_token");
        }
        String type = form.get("subject_token_type");
        if (!JWT_TYPE.equals(type)) {
            throw invalidRequest(type == null || type.isBlank() ? "Missing subject_token_type"
                    : "Unsupported subject_token_type " + type + "; expected " + JWT_TYPE);
        }
        String[] parts = jwt.strip().split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw invalidRequest("subject_token is not a valid JWT: expected three base64url parts");
        }
        JsonNode header = part(parts[0], "header");
        JsonNode claims = part(parts[1], "payload");
        String iss = text(claims, "iss");
        String sub = text(claims, "sub");
        if (iss == null || sub == null || !claims.path("exp").isNumber()) {
            throw invalidRequest("subject_token is missing a required claim (iss, sub and exp are required)");
        }
        String clientId = form.get("client_id") == null || form.get("client_id").isBlank() ? null
                : form.get("client_id").strip();
        List<Policy> own = policies.stream().filter(p -> Objects.equals(p.servicePrincipalClientId(), clientId))
                .toList();
        if (clientId != null && own.isEmpty()) {
            throw new Refusal(401, "invalid_client", "Client authentication failed: service principal " + clientId
                    + " has no federation policy");
        }
        String issuer = stripSlash(iss);
        List<Policy> trusting = own.stream().filter(p -> p.issuer().equals(issuer)).toList();
        if (trusting.isEmpty()) {
            throw invalidGrant("No federation policy " + (clientId == null ? "of the account" : "of service"
                    + " principal " + clientId) + " trusts issuer " + iss);
        }
        verifySignature(issuer, header, parts);
        long nowSeconds = Math.floorDiv(clock.now(), 1000);
        if (claims.get("exp").asLong() <= nowSeconds) {
            throw invalidGrant("The subject token has expired");
        }
        if (claims.path("nbf").isNumber() && claims.get("nbf").asLong() > nowSeconds) {
            throw invalidGrant("The subject token is not valid yet (nbf is in the future)");
        }
        List<String> audiences = audiences(claims.get("aud"));
        List<Policy> forAudience = trusting.stream().filter(p -> audiences.contains(p.audience())).toList();
        if (forAudience.isEmpty()) {
            throw invalidGrant("The subject token's audience " + audiences + " is not accepted by a federation"
                    + " policy for issuer " + iss);
        }
        if (forAudience.stream().noneMatch(p -> p.subjectMatches(sub))) {
            throw invalidGrant("The subject token's subject " + sub + " does not match a federation policy for"
                    + " issuer " + iss);
        }
        return clientId != null ? users.federatedServicePrincipal(clientId) : users.federatedUser(sub);
    }

    private void verifySignature(String issuer, JsonNode header, String[] parts) {
        String alg = text(header, "alg");
        String algorithm = "RS256".equals(alg) ? "SHA256withRSA"
                : "ES256".equals(alg) ? "SHA256withECDSAinP1363Format" : null;
        if (algorithm == null) {
            throw invalidGrant("The subject token is signed with " + alg + "; only RS256 and ES256 are accepted");
        }
        String kid = text(header, "kid");
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw invalidRequest("subject_token is not a valid JWT: the signature is not base64url");
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        Keys keys = keys(issuer, false);
        if (kid != null && keys.keys().stream().noneMatch(k -> kid.equals(k.kid()))) {
            keys = keys(issuer, true); // a key the issuer rotated in since the keys were cached
        }
        for (Jwk k : keys.keys()) {
            if ((kid == null || kid.equals(k.kid())) && matchesAlg(k.key(), alg) && verifies(algorithm, k.key(),
                    signed, signature)) {
                return;
            }
        }
        throw invalidGrant("The subject token's signature could not be verified with the keys of issuer " + issuer);
    }

    private static boolean matchesAlg(PublicKey key, String alg) {
        return alg.startsWith("RS") == "RSA".equals(key.getAlgorithm());
    }

    private static boolean verifies(String algorithm, PublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(signed);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Keys keys(String issuer, boolean refresh) {
        Keys cached = jwks.get(issuer);
        long now = System.nanoTime();
        if (cached != null && !refresh && now - cached.fetchedAtNanos() < JWKS_CACHE_NANOS) {
            return cached;
        }
        String why = issuerProblem(issuer, allowHttpIssuers);
        if (why != null) {
            throw invalidGrant(why);
        }
        JsonNode config = fetch(issuer + "/.well-known/openid-configuration");
        String jwksUri = text(config, "jwks_uri");
        if (jwksUri == null || issuerProblem(jwksUri, allowHttpIssuers) != null) {
            throw invalidGrant("The OpenID configuration of issuer " + issuer + " has no usable jwks_uri");
        }
        List<Jwk> keys = new ArrayList<>();
        for (JsonNode k : fetch(jwksUri).path("keys")) {
            PublicKey key = publicKey(k);
            if (key != null) {
                keys.add(new Jwk(text(k, "kid"), key));
            }
        }
        Keys fetched = new Keys(List.copyOf(keys), System.nanoTime());
        jwks.put(issuer, fetched);
        return fetched;
    }

    private JsonNode fetch(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(FETCH_TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw invalidGrant("Could not fetch " + url + ": HTTP " + r.statusCode());
            }
            return Json.MAPPER.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw invalidGrant("Interrupted while fetching " + url);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw invalidGrant("Could not fetch " + url + ": " + e.getClass().getSimpleName());
        }
    }

    private static PublicKey publicKey(JsonNode k) {
        try {
            if ("RSA".equals(text(k, "kty"))) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        unsigned(text(k, "n")), unsigned(text(k, "e"))));
            }
            if ("EC".equals(text(k, "kty")) && "P-256".equals(text(k, "crv"))) {
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec("secp256r1"));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                        unsigned(text(k, "x")), unsigned(text(k, "y"))), p.getParameterSpec(ECParameterSpec.class)));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key the emulator cannot use is skipped, as other verifiers do
        }
        return null;
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(Objects.requireNonNull(base64url)));
    }

    /** Why an issuer (or its jwks_uri) is not acceptable, or null. */
    private static String issuerProblem(String url, boolean allowHttpIssuers) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "The issuer " + url + " is not a URL";
        }
        if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
            return null;
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
            if (!allowHttpIssuers) {
                return "The issuer " + url + " must use https (the emulator accepts http on loopback hosts only"
                        + " with allowHttpIssuers())";
            }
            try {
                if (InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                    return null;
                }
            } catch (java.net.UnknownHostException e) {
                // not loopback
            }
            return "The issuer " + url + " must use https (http is accepted for loopback hosts only)";
        }
        return "The issuer " + url + " must be an https URL";
    }

    private static JsonNode part(String base64url, String name) {
        try {
            JsonNode node = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(base64url));
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            // reported below
        }
        throw invalidRequest("subject_token is not a valid JWT: its " + name + " is not base64url-encoded JSON");
    }

    private static List<String> audiences(JsonNode aud) {
        List<String> out = new ArrayList<>();
        if (aud != null && aud.isTextual()) {
            out.add(aud.asText());
        } else if (aud != null && aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("federation policy " + name + " must not be empty");
        }
    }

    private static Refusal invalidRequest(String description) {
        return new Refusal(400, "invalid_request", description);
    }

    private static Refusal invalidGrant(String description) {
        return new Refusal(400, "invalid_grant", description);
    }
}
