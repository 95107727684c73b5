package io.jenkins.plugins.databricks.emulator.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.databricks.emulator.server.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny OpenID Connect identity provider for tests of token federation, standing in for a CI system's OIDC
 * issuer (GitHub Actions, GitLab, Jenkins): it serves {@code /.well-known/openid-configuration} and its JWKS on a
 * loopback http address and signs JWTs with an RSA (RS256) or EC P-256 (ES256) key of its own. Pair it with
 * {@code DatabricksEmulator.builder().allowHttpIssuers().federationPolicy(issuer.issuer(), ...)}.
 */
public final class OidcIssuer implements AutoCloseable {
    private final HttpServer server;
    private final String issuer;
    private final AtomicLong jwksRequests = new AtomicLong();
    private final AtomicInteger generation = new AtomicInteger();
    private volatile KeyPair rsa;
    private volatile KeyPair ec;

    private OidcIssuer() throws IOException {
        rotateKeys();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", ex -> send(ex, Map.of("issuer", issuer,
                "jwks_uri", issuer + "/jwks", "id_token_signing_alg_values_supported", List.of("RS256", "ES256"))));
        server.createContext("/jwks", ex -> {
            jwksRequests.incrementAndGet();
            send(ex, Map.of("keys", List.of(rsaJwk(), ecJwk())));
        });
        server.start();
    }

    /** @return a started issuer on a free loopback port */
    public static OidcIssuer start() {
        try {
            return new OidcIssuer();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the OIDC issuer", e);
        }
    }

    /** @return the issuer URL ({@code iss} of its tokens), such as {@code http://127.0.0.1:40123} */
    public String issuer() {
        return issuer;
    }

    /** @return how many times the JWKS was fetched */
    public long jwksRequests() {
        return jwksRequests.get();
    }

    /** Replaces both signing keys (new key ids); tokens signed before no longer verify. */
    public void rotateKeys() {
        try {
            KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
            r.initialize(2048);
            KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
            e.initialize(new ECGenParameterSpec("secp256r1"));
            rsa = r.generateKeyPair();
            ec = e.generateKeyPair();
            generation.incrementAndGet();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA and EC P-256 are required of every Java platform", e);
        }
    }

    /**
     * An RS256 token with {@code iss} this issuer, {@code sub}, {@code aud}, {@code iat} an hour before
     * {@code expires} and {@code exp}.
     */
    public String jwt(String subject, String audience, Instant expires) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("iat", expires.getEpochSecond() - 3600);
        claims.put("exp", expires.getEpochSecond());
        return jwt(claims, "RS256");
    }

    /**
     * A token with exactly these claims.
     *
     * @param claims the payload
     * @param alg RS256 or ES256
     * @return header.payload.signature, base64url
     */
    public String jwt(Map<String, Object> claims, String alg) {
        boolean rs = "RS256".equals(alg);
        if (!rs && !"ES256".equals(alg)) {
            throw new IllegalArgumentException("alg must be RS256 or ES256, got " + alg);
        }
        String header = b64(Json.bytes(Map.of("alg", alg, "typ", "JWT", "kid", kid(rs))));
        String signed = header + "." + b64(Json.bytes(claims));
        try {
            Signature s = Signature.getInstance(rs ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            s.initSign(rs ? rsa.getPrivate() : ec.getPrivate());
            s.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + b64(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a JWT", e);
        }
    }

    private String kid(boolean rsaKey) {
        return (rsaKey ? "rsa-" : "ec-") + generation.get();
    }

    private Map<String, Object> rsaJwk() {
        RSAPublicKey k = (RSAPublicKey) rsa.getPublic();
        return Map.of("kty", "RSA", "alg", "RS256", "use", "sig", "kid", kid(true),
                "n", b64(unsigned(k.getModulus(), 0)), "e", b64(unsigned(k.getPublicExponent(), 0)));
    }

    private Map<String, Object> ecJwk() {
        ECPublicKey k = (ECPublicKey) ec.getPublic();
        return Map.of("kty", "EC", "crv", "P-256", "alg", "ES256", "use", "sig", "kid", kid(false),
                "x", b64(unsigned(k.getW().getAffineX(), 32)), "y", b64(unsigned(k.getW().getAffineY(), 32)));
    }

    /** Big-endian bytes without a sign byte, left-padded to {@code length} when it is not 0. */
    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (length > b.length) {
            byte[] padded = new byte[length];
            System.arraycopy(b, 0, padded, length - b.length, b.length);
            b = padded;
        }
        return b;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void send(HttpExchange ex, Object body) throws IOException {
        byte[] bytes = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
