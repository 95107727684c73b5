package io.jenkins.plugins.databricks.client.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import io.jenkins.plugins.databricks.emulator.oauth.OidcIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth token federation: a JWT of the CI's identity provider is exchanged for a Databricks token, cached until
 * shortly before it expires (then a fresh JWT is exchanged), exchanged again once when the workspace refuses the
 * token, and every refusal is a clear message that shows neither the JWT nor the access token.
 */
class TokenExchangeTest {
    private static final String TOKEN_PATH = "/oidc/v1/token";
    private static final String ME = "/api/2.0/preview/scim/v2/Me";
    private static final String SP = "7e1d2c3b-fed-sp";
    private static final String AUDIENCE = "https://jenkins.example.com/databricks";
    private static final String SUBJECT = "job:deploy/main";
    private static OidcIssuer idp;

    @BeforeAll
    static void startIssuer() {
        idp = OidcIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        idp.close();
    }

    private static DatabricksEmulator start() {
        return DatabricksEmulator.builder().manualClock().allowHttpIssuers()
                .federationPolicy(idp.issuer(), AUDIENCE, SUBJECT, SP).start();
    }

    /** JWTs valid ten minutes from the emulator's now, each one recorded. */
    private static final class Jwts implements Supplier<String> {
        final List<String> issued = new CopyOnWriteArrayList<>();
        final DatabricksEmulator emu;
        final String audience;

        Jwts(DatabricksEmulator emu, String audience) {
            this.emu = emu;
            this.audience = audience;
        }

        @Override
        public String get() {
            String jwt = idp.jwt(SUBJECT, audience, Instant.ofEpochMilli(emu.clock().now()).plus(Duration.ofMinutes(10)));
            issued.add(jwt);
            return jwt;
        }
    }

    private static DatabricksClient client(DatabricksEmulator emu, AuthMethod auth) {
        return DatabricksClient.builder().host(emu.baseUrl()).auth(auth).retryPolicy(TestSupport.fastRetries())
                .requestTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void theJwtIsExchangedOnceAndTheTokenIsUsedAsABearer() throws Exception {
        try (DatabricksEmulator emu = start()) {
            Jwts jwts = new Jwts(emu, AUDIENCE);
            AuthMethod auth = AuthMethod.tokenExchange(jwts, SP);
            assertFalse(auth.ready());
            DatabricksClient client = client(emu, auth);
            for (int i = 0; i < 3; i++) {
                assertEquals(SP, client.currentUser().get("userName"));
            }
            assertTrue(auth.ready());
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(1, jwts.issued.size());
            assertEquals("OAuth token federation for service principal " + SP, client.authDescription());
        }
    }

    @Test
    void anAccountWidePolicyNeedsNoClientId() throws Exception {
        try (DatabricksEmulator emu = start()) {
            emu.federation().addPolicy(idp.issuer(), "account", "*", null);
            AuthMethod auth = AuthMethod.tokenExchange(new Jwts(emu, "account"), " ");
            assertEquals(SUBJECT, client(emu, auth).currentUser().get("userName"));
            assertEquals("OAuth token federation", auth.description());
        }
    }

    @Test
    void theTokenIsCachedUntilShortlyBeforeExpiryThenAFreshJwtIsExchanged() throws Exception {
        try (DatabricksEmulator emu = start()) {
            AtomicLong nanos = new AtomicLong();
            Jwts jwts = new Jwts(emu, AUDIENCE);
            TokenExchange auth = new TokenExchange(jwts, SP, nanos::get);
            DatabricksClient client = client(emu, auth);
            client.currentUser();
            // an hour's token is refreshed a minute early
            nanos.addAndGet(Duration.ofSeconds(3539).toNanos());
            emu.clock().advance(Duration.ofSeconds(3539)); // the first JWT (ten minutes) has long expired
            assertTrue(auth.ready());
            client.currentUser();
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            emu.clock().advance(Duration.ofSeconds(2));
            assertFalse(auth.ready());
            assertEquals(SP, client.currentUser().get("userName"));
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(2, jwts.issued.size(), "a new JWT for the second exchange");
            assertFalse(jwts.issued.get(0).equals(jwts.issued.get(1)));
            assertEquals(0, emu.statusCount(400) + emu.statusCount(401) + emu.statusCount(403));
        }
    }

    @Test
    void concurrentCallersShareOneExchange() throws Exception {
        try (DatabricksEmulator emu = start()) {
            Jwts jwts = new Jwts(emu, AUDIENCE);
            DatabricksClient client = client(emu, AuthMethod.tokenExchange(jwts, SP));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Object>> calls = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    calls.add(pool.submit(() -> client.currentUser().get("userName")));
                }
                for (Future<Object> f : calls) {
                    assertEquals(SP, f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(1, jwts.issued.size());
        }
    }

    @Test
    void aTokenTheWorkspaceRefusesIsExchangedAgainOnce() throws Exception {
        try (DatabricksEmulator emu = start()) {
            Jwts jwts = new Jwts(emu, AUDIENCE);
            DatabricksClient client = client(emu, AuthMethod.tokenExchange(jwts, SP));
            client.currentUser();
            emu.clock().advance(Duration.ofHours(2)); // the server considers the cached token expired: 403
            assertEquals(SP, client.currentUser().get("userName"));
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
            emu.faults().next(1, ME, Fault.status(401));
            assertEquals(SP, client.currentUser().get("userName"));
            assertEquals(3, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(3, jwts.issued.size());
            assertEquals(5, emu.requestCount("GET", ME));
        }
    }

    @Test
    void aRefusedExchangeNamesTheErrorAndDescriptionButNoToken() throws Exception {
        try (DatabricksEmulator emu = start(); TestSupport.LogCapture logs = new TestSupport.LogCapture()) {
            Jwts wrongAudience = new Jwts(emu, "someone-else");
            DatabricksClient client = client(emu, AuthMethod.tokenExchange(wrongAudience, SP));
            DatabricksException e = assertThrows(DatabricksException.class, client::currentUser);
            assertEquals(400, e.statusCode());
            assertEquals("invalid_grant", e.errorCode());
            assertTrue(e.getMessage().startsWith("POST /oidc/v1/token failed: HTTP 400 invalid_grant: The subject"
                    + " token's audience [someone-else] is not accepted"), e.getMessage());
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH), "a refused grant is not retried");
            assertEquals(0, emu.requestCount(ME));

            Jwts jwts = new Jwts(emu, AUDIENCE);
            DatabricksException noPolicy = assertThrows(DatabricksException.class,
                    () -> client(emu, AuthMethod.tokenExchange(jwts, "unknown-sp")).currentUser());
            assertEquals(401, noPolicy.statusCode());
            assertEquals("invalid_client", noPolicy.errorCode());
            assertTrue(noPolicy.getMessage().contains("invalid_client: Client authentication failed"),
                    noPolicy.getMessage());

            List<String> secrets = new ArrayList<>(wrongAudience.issued);
            secrets.addAll(jwts.issued);
            DatabricksClient good = client(emu, AuthMethod.tokenExchange(jwts, SP));
            secrets.add(good.handOffToken());
            for (String s : secrets) {
                for (Object o : List.of(e.getMessage(), noPolicy.getMessage(), good.toString(), client.toString())) {
                    assertFalse(String.valueOf(o).contains(s), String.valueOf(o));
                }
                logs.lines.forEach(line -> assertFalse(line.contains(s), line));
            }
        }
    }

    @Test
    void aFailingOrEmptyIdentityProviderIsAClearError() throws Exception {
        try (DatabricksEmulator emu = start()) {
            DatabricksException thrown = assertThrows(DatabricksException.class, () -> client(emu,
                    AuthMethod.tokenExchange(() -> {
                        throw new IllegalStateException("the OIDC endpoint answered 500");
                    }, SP)).currentUser());
            assertEquals("OIDC_TOKEN_UNAVAILABLE", thrown.errorCode());
            assertTrue(thrown.getMessage().contains("the OIDC endpoint answered 500"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains(SP), thrown.getMessage());
            DatabricksException empty = assertThrows(DatabricksException.class,
                    () -> client(emu, AuthMethod.tokenExchange(() -> " ", SP)).currentUser());
            assertEquals("OIDC_TOKEN_UNAVAILABLE", empty.errorCode());
            assertEquals(0, emu.requestCount("POST", TOKEN_PATH));
        }
    }

    @Test
    void redactScrubsTheJwtsSentAndTheTokensReceived() throws Exception {
        try (DatabricksEmulator emu = start()) {
            Jwts jwts = new Jwts(emu, AUDIENCE);
            AuthMethod auth = AuthMethod.tokenExchange(jwts, SP);
            String token = client(emu, auth).handOffToken();
            String text = "jwt " + jwts.issued.get(0) + " token " + token;
            assertEquals("jwt **** token ****", auth.redact(text));
            assertFalse(auth.toString().contains(token));
            assertTrue(auth.toString().contains(SP));
            assertThrows(IllegalArgumentException.class, () -> AuthMethod.tokenExchange(null, SP));
        }
    }
}
