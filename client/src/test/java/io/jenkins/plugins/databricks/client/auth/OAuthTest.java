package io.jenkins.plugins.databricks.client.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.TestSupport;
import io.jenkins.plugins.databricks.client.jobs.RunNowRequest;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OAuth machine-to-machine: one token fetched, shared, refreshed before expiry, and once when the workspace refuses
 * it (a 401, or the 403 "Invalid access token." real workspaces send for an expired token).
 */
class OAuthTest {
    private static final String TOKEN_PATH = "/oidc/v1/token";
    private static final String ME = "/api/2.0/preview/scim/v2/Me";


    @Test
    void tokenIsFetchedOnceAndReused() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            for (int i = 0; i < 5; i++) {
                assertEquals(TestSupport.CLIENT_ID, client.currentUser().get("userName"));
            }
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(5, emu.requestCount("GET", ME));
            assertEquals("OAuth service principal " + TestSupport.CLIENT_ID, client.authDescription());
        }
    }

    @Test
    void manyThreadsShareOneTokenFetch() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            runConcurrently(16, 10, client);
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(160, emu.requestCount("GET", ME));
        }
    }

    @Test
    void tokenIsRefreshedBeforeItExpires() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().accessTokenLifetime(Duration.ofSeconds(2)).start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            client.currentUser();
            client.currentUser();
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));
            Thread.sleep(1700); // past the refresh point (a quarter of the lifetime early), before expiry
            client.currentUser();
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(0, emu.statusCount(401), "no request ever carried an expired token");
        }
    }

    @Test
    void expiredTokenAnswered403TriggersOneRefreshAndRetryEvenForUnsafePosts() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().manualClock().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            client.currentUser();
            emu.clock().advance(Duration.ofHours(2)); // the server now considers the cached token expired
            long job = emu.jobs().create("after-403");
            long run = client.jobs().runNow(RunNowRequest.builder(job).build());
            assertTrue(run > 0);
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(2, emu.requestCount("POST", "/api/2.2/jobs/run-now"));
            assertEquals(1, emu.statusCount(403), "the expired token got 403 {error_code:403, Invalid access token.}");
            assertEquals(0, emu.statusCount(401));
            assertEquals(1, emu.jobs().runIds(job).size(), "the refused request started nothing");
        }
    }

    @Test
    void theStringCodeFormOfTheInvalidTokenAnswerTriggersOneRefreshToo() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            client.currentUser();
            emu.faults().next(1, ME, Fault.invalidTokenWithStringCode()); // {"error_code":"403", ...}
            assertEquals(TestSupport.CLIENT_ID, client.currentUser().get("userName"));
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(1, emu.statusCount(403));
        }
    }

    @Test
    void aPersonalAccessTokenRefusedWithTheStringCodeIsAnInvalidOrExpiredToken() {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = TestSupport.client(emu).build();
            emu.faults().next(1, ME, Fault.invalidTokenWithStringCode());
            DatabricksException e = assertThrows(DatabricksException.class, client::currentUser);
            assertEquals(403, e.statusCode());
            assertTrue(e.isInvalidToken());
            assertTrue(e.getMessage().contains("invalid or expired token"), e.getMessage());
            assertFalse(e.getMessage().contains(TestSupport.TOKEN));
            assertEquals(1, emu.requestCount("GET", ME), "a personal access token cannot be refreshed");
        }
    }

    @Test
    void unauthorizedAnswerAlsoTriggersOneRefresh() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            client.currentUser();
            emu.faults().next(1, ME, Fault.status(401));
            assertEquals(TestSupport.CLIENT_ID, client.currentUser().get("userName"));
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(3, emu.requestCount("GET", ME));
        }
    }

    @Test
    void permissionDeniedIsNotATokenProblem() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            client.currentUser();
            emu.faults().next(1, ME, Fault.status(403)); // {"error_code":"PERMISSION_DENIED", ...}
            DatabricksException e = assertThrows(DatabricksException.class, client::currentUser);
            assertEquals(403, e.statusCode());
            assertEquals("PERMISSION_DENIED", e.errorCode());
            assertFalse(e.isInvalidToken());
            assertFalse(e.getMessage().contains("invalid or expired token"), e.getMessage());
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH), "no refresh for a missing permission");
            assertEquals(2, emu.requestCount("GET", ME), "and no second attempt");
        }
    }

    @Test
    void aTokenRefusedAgainAfterTheRefreshFailsAsAnInvalidToken() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            client.currentUser();
            // the refreshed token is refused too: that answer is reported, not looped on
            emu.faults().next(2, ME, Fault.status(401));
            DatabricksException e = assertThrows(DatabricksException.class, client::currentUser);
            assertTrue(e.isInvalidToken());
            assertTrue(e.getMessage().contains("invalid or expired token"), e.getMessage());
            assertTrue(e.getMessage().contains("OAuth service principal " + TestSupport.CLIENT_ID), e.getMessage());
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
            assertEquals(3, emu.requestCount("GET", ME));
        }
    }

    @Test
    void concurrentUnauthorizedAnswersShareOneRefresh() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().manualClock().start()) {
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            client.currentUser();
            emu.clock().advance(Duration.ofHours(2));
            runConcurrently(8, 3, client);
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
        }
    }

    @Test
    void wrongSecretFailsWithTheOAuthErrorAndNeverShowsTheSecret() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start();
             TestSupport.LogCapture logs = new TestSupport.LogCapture()) {
            String wrongSecret = "dose-not-the-right-secret-123";
            DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, wrongSecret).build();
            DatabricksException e = assertThrows(DatabricksException.class, client::currentUser);
            assertEquals(401, e.statusCode());
            assertEquals("invalid_client", e.errorCode());
            assertTrue(e.getMessage().startsWith("POST /oidc/v1/token failed: HTTP 401 invalid_client:"), e.getMessage());
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH), "refused credentials are not retried");
            assertEquals(0, emu.requestCount(ME), "no API request without a token");
            assertFalse(e.getMessage().contains(wrongSecret));
            assertFalse(client.toString().contains(wrongSecret));
            logs.lines.forEach(line -> assertFalse(line.contains(wrongSecret), line));
        }
    }

    @Test
    void clientsBuiltWithASharedServicePrincipalShareOneTokenAcrossTheJvm() throws Exception {
        // a client id of this test only, so no other test's shared entry can be reused
        String clientId = "shared-sp-" + UUID.randomUUID();
        String secret = "dose-shared-secret-" + UUID.randomUUID();
        try (DatabricksEmulator emu = DatabricksEmulator.builder().servicePrincipal(clientId, secret)
                .servicePrincipal(clientId + "-other", secret).start()) {
            for (int step = 0; step < 5; step++) { // a Jenkins controller builds a client per step
                DatabricksClient client = DatabricksClient.builder().host(emu.baseUrl())
                        .sharedServicePrincipal(clientId, secret).build();
                assertEquals(clientId, client.currentUser().get("userName"));
            }
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH), "one token for every client of the principal");

            DatabricksClient other = DatabricksClient.builder().host(emu.baseUrl())
                    .sharedServicePrincipal(clientId + "-other", secret).build();
            assertEquals(clientId + "-other", other.currentUser().get("userName"));
            DatabricksClient unshared = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(clientId, secret).build();
            unshared.currentUser();
            assertEquals(3, emu.requestCount("POST", TOKEN_PATH),
                    "another principal, and a client that does not share, fetch their own");
            assertFalse(unshared.toString().contains(secret));
        }
    }

    @Test
    void aRotatedSecretIsNotServedTheOldSecretsToken() throws Exception {
        String clientId = "rotated-sp-" + UUID.randomUUID();
        String oldSecret = "dose-old-secret-" + UUID.randomUUID();
        String newSecret = "dose-new-secret-" + UUID.randomUUID();
        try (DatabricksEmulator emu = DatabricksEmulator.builder().servicePrincipal(clientId, oldSecret).start()) {
            DatabricksClient.builder().host(emu.baseUrl()).sharedServicePrincipal(clientId, oldSecret).build()
                    .currentUser();
            DatabricksClient rotated = DatabricksClient.builder().host(emu.baseUrl())
                    .sharedServicePrincipal(clientId, newSecret).build();
            DatabricksException e = assertThrows(DatabricksException.class, rotated::currentUser,
                    "a new secret is checked by the token endpoint, not answered from the old secret's cache");
            assertEquals("invalid_client", e.errorCode());
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH));
        }
    }

    private static void runConcurrently(int threads, int callsEach, DatabricksClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < callsEach; i++) {
                        client.currentUser();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHandedOffTokenIsTheShortLivedAccessTokenNeverTheSecret() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            DatabricksClient controller = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).build();
            String handedOff = controller.handOffToken();
            assertFalse(handedOff.contains(TestSupport.CLIENT_SECRET));
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));
            // what an agent builds from it: a plain bearer token that acts as the service principal
            DatabricksClient agent = DatabricksClient.builder().host(emu.baseUrl()).token(handedOff).build();
            assertEquals(TestSupport.CLIENT_ID, agent.currentUser().get("userName"));
            assertEquals(handedOff, controller.handOffToken(), "the cached token, not a new one");
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH));

            DatabricksClient pat = TestSupport.client(emu).build();
            assertEquals(TestSupport.TOKEN, pat.handOffToken());
        }
    }
}
