package io.jenkins.plugins.databricks.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.auth.OAuthM2M;
import io.jenkins.plugins.databricks.client.policy.RateLimiter;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the client keeps JVM-wide (a rate limiter per host, a shared OAuth token per principal) stays bounded: unused
 * entries go, a rotated secret's token goes at once, and a scoped limiter is kept apart from the host's own.
 */
class SharedStateTest {
    private static final String TOKEN_PATH = "/oidc/v1/token";

    @Test
    void aScopedClientNeitherPausesNorSharesTheLimiterOfTheHost() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            TestSupport.RecordingSleeper hostSleeper = new TestSupport.RecordingSleeper();
            DatabricksClient configured = TestSupport.client(emu)
                    .retryPolicy(TestSupport.fastRetries().withSleeper(hostSleeper)).build();
            DatabricksClient adHoc = TestSupport.client(emu).rateLimitScope("ad-hoc")
                    .retryPolicy(TestSupport.fastRetries().withMaxAttempts(1)).build();
            TestSupport.RecordingSleeper adHocSleeper = new TestSupport.RecordingSleeper();
            DatabricksClient adHocAgain = TestSupport.client(emu).rateLimitScope("ad-hoc")
                    .retryPolicy(TestSupport.fastRetries().withSleeper(adHocSleeper)).build();
            assertNotSame(configured.rateLimiter(), adHoc.rateLimiter());
            assertSame(adHoc.rateLimiter(), adHocAgain.rateLimiter());

            emu.faults().next(1, "/api/2.0/preview/scim/v2/Me", Fault.rateLimited(600));
            DatabricksException e = assertThrows(DatabricksException.class, adHoc::currentUser);
            assertEquals(429, e.statusCode());

            configured.currentUser();
            assertEquals(0, hostSleeper.sleeps.size(), "the host's limiter is not paused by another scope's 429");
            adHocAgain.currentUser();
            assertEquals(1, adHocSleeper.sleeps.size(), "the scope's own clients wait out the Retry-After");
            assertTrue(adHocSleeper.sleeps.get(0).compareTo(Duration.ofSeconds(500)) > 0, adHocSleeper.sleeps.toString());
        }
    }

    @Test
    void anUnusedLimiterIsForgottenAndALaterClientStartsAFreshOne() {
        try (DatabricksEmulator emu = TestSupport.emulator().start()) {
            RateLimiter first = TestSupport.client(emu).rateLimit(7).build().rateLimiter();
            RateLimiter.evictIdleAfter(Duration.ofMinutes(1));
            assertSame(first, TestSupport.client(emu).build().rateLimiter(), "recently used: kept");

            int before = RateLimiter.sharedCount();
            RateLimiter.evictIdleAfter(RateLimiter.IDLE_EVICTION.plusMinutes(1));
            assertTrue(RateLimiter.sharedCount() < before, "idle limiters are dropped");
            RateLimiter later = TestSupport.client(emu).build().rateLimiter();
            assertNotSame(first, later);
            assertEquals(RateLimiter.DEFAULT_RATE, later.configuredRate());
        }
    }

    @Test
    void aRotatedSecretDropsTheOldSecretsSharedTokenAtOnce() throws Exception {
        String clientId = "evicted-sp-" + UUID.randomUUID();
        String oldSecret = "dose-old-secret-" + UUID.randomUUID();
        String newSecret = "dose-new-secret-" + UUID.randomUUID();
        try (DatabricksEmulator emu = DatabricksEmulator.builder().servicePrincipal(clientId, oldSecret).start()) {
            DatabricksClient.builder().host(emu.baseUrl()).sharedServicePrincipal(clientId, oldSecret).build()
                    .currentUser();
            DatabricksClient.builder().host(emu.baseUrl()).sharedServicePrincipal(clientId, oldSecret).build()
                    .currentUser();
            assertEquals(1, emu.requestCount("POST", TOKEN_PATH), "shared while the secret is the same");

            DatabricksClient.builder().host(emu.baseUrl()).sharedServicePrincipal(clientId, newSecret).build();
            DatabricksClient.builder().host(emu.baseUrl()).sharedServicePrincipal(clientId, oldSecret).build()
                    .currentUser();
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH), "the old secret's token went with the rotation");
        }
    }

    @Test
    void aSharedTokenUnusedForLongerThanItLivesIsDropped() throws Exception {
        String clientId = "idle-sp-" + UUID.randomUUID();
        String secret = "dose-idle-secret-" + UUID.randomUUID();
        try (DatabricksEmulator emu = DatabricksEmulator.builder().servicePrincipal(clientId, secret).start()) {
            DatabricksClient.builder().host(emu.baseUrl()).sharedServicePrincipal(clientId, secret).build()
                    .currentUser();
            int before = OAuthM2M.sharedCount();
            OAuthM2M.evictIdleAfter(OAuthM2M.IDLE_EVICTION_NANOS + 1);
            assertTrue(OAuthM2M.sharedCount() < before);

            DatabricksClient.builder().host(emu.baseUrl()).sharedServicePrincipal(clientId, secret).build()
                    .currentUser();
            assertEquals(2, emu.requestCount("POST", TOKEN_PATH), "a fresh instance fetches a fresh token");
        }
    }
}
