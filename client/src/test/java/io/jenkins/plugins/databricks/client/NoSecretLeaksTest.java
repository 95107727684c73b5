package io.jenkins.plugins.databricks.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.databricks.client.auth.AuthMethod;
import io.jenkins.plugins.databricks.client.jobs.RunNowRequest;
import io.jenkins.plugins.databricks.client.policy.RetryPolicy;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import io.jenkins.plugins.databricks.emulator.oauth.OidcIssuer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drives the client through every fault with a personal access token and with OAuth, while writing secrets,
 * and scans everything it produced (exception messages and stack traces, toString of its objects, returned
 * values, java.util.logging output at every level) for the token, the client secret, issued access tokens and
 * the secret values. Every client waits through a recording sleeper: the 429s drive the host's shared limiter
 * down, and a client sleeping for real would then wait out the schedule the fake sleepers ran ahead.
 */
class NoSecretLeaksTest {
    private static final String SECRET_VALUE = "value-7c41e2-never-show-me";
    private static final byte[] SECRET_BYTES = "bytes-93ab1f-never-show-me".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final List<String> produced = new ArrayList<>();

    @Test
    void noTokenOrSecretAppearsInAnythingTheClientProduces() throws Exception {
        try (DatabricksEmulator emu = TestSupport.emulator().start();
             TestSupport.LogCapture logs = new TestSupport.LogCapture()) {
            String clusterId = emu.clusters().create("leak", "RUNNING");
            long job = emu.jobs().create("leak-job");
            RetryPolicy fast = TestSupport.fastRetries().withSleeper(new TestSupport.RecordingSleeper());
            DatabricksClient pat = TestSupport.client(emu).retryPolicy(fast).requestTimeout(Duration.ofMillis(250))
                    .build();
            DatabricksClient oauth = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).retryPolicy(fast)
                    .requestTimeout(Duration.ofMillis(250)).build();
            DatabricksClient wrongSecret = DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET + "-wrong").retryPolicy(fast)
                    .build();
            record(pat, oauth, wrongSecret, pat.retryPolicy(), pat.rateLimiter());
            pat.secrets().createScope("leaks", null, true);

            List<Fault> faults = List.of(Fault.rateLimited(1), Fault.rateLimited(0), Fault.status(500), Fault.html(502),
                    Fault.status(503), Fault.status(504), Fault.delay(Duration.ofMillis(600)), Fault.closeMidAnswer(),
                    Fault.closeBeforeAnswer(), Fault.malformedJson(), Fault.status(401), Fault.status(403),
                    Fault.status(404));
            for (DatabricksClient client : List.of(pat, oauth)) {
                for (Fault fault : faults) {
                    emu.faults().clear();
                    emu.faults().next(1, null, fault);
                    attempt(() -> record(client.clusters().get(clusterId)));
                    emu.faults().next(1, null, fault);
                    attempt(() -> record(client.jobs().runNow(RunNowRequest.builder(job).build())));
                    emu.faults().next(1, null, fault);
                    attempt(() -> client.secrets().putSecret("leaks", "k1", SECRET_VALUE));
                    emu.faults().next(1, null, fault);
                    attempt(() -> client.secrets().putSecret("leaks", "k2", SECRET_BYTES));
                    emu.faults().next(1, null, fault);
                    attempt(() -> record(client.call("POST", "/api/2.0/secrets/put", null,
                            Map.of("scope", "leaks", "key", "k3", "string_value", SECRET_VALUE))));
                }
            }
            emu.faults().clear();
            // token endpoint failures, a refused secret, and a 401 that forces a refresh
            emu.faults().next(2, "/oidc/v1/token", Fault.status(500));
            attempt(() -> record(DatabricksClient.builder().host(emu.baseUrl())
                    .servicePrincipal(TestSupport.CLIENT_ID, TestSupport.CLIENT_SECRET).retryPolicy(fast).build()
                    .currentUser()));
            attempt(() -> record(wrongSecret.currentUser()));
            record(oauth.currentUser(), pat.currentUser(), pat.secrets().listSecrets("leaks"));
            emu.faults().next(1, "/api/2.0/preview/scim/v2/Me", Fault.status(401));
            attempt(() -> record(oauth.currentUser()));
            record(pat.jobs().waitForRun(pat.jobs().runNow(RunNowRequest.builder(job).build()),
                    Duration.ofSeconds(30), this::record));
            attempt(() -> DatabricksClient.builder().token(TestSupport.TOKEN + " x"));
            attempt(() -> DatabricksClient.builder().host("https://user:" + TestSupport.TOKEN + "@example.com"));

            produced.addAll(logs.lines);
            assertTrue(logs.lines.size() > 50, "the client logged the requests: " + logs.lines.size());
            assertTrue(produced.stream().anyMatch(s -> s.contains("HTTP 403")), "the scan saw the failures");
        }
        for (String s : produced) {
            for (String secret : List.of(TestSupport.TOKEN, TestSupport.CLIENT_SECRET, "eyJemulator.", SECRET_VALUE,
                    new String(SECRET_BYTES, java.nio.charset.StandardCharsets.UTF_8),
                    java.util.Base64.getEncoder().encodeToString(SECRET_BYTES))) {
                assertFalse(s.contains(secret), "leaked " + secret + " in: " + s);
            }
        }
    }

    @Test
    void noJwtOrFederatedTokenAppearsInAnythingTheClientProduces() throws Exception {
        List<String> jwts = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (OidcIssuer idp = OidcIssuer.start();
             DatabricksEmulator emu = DatabricksEmulator.builder().allowHttpIssuers()
                     .federationPolicy(idp.issuer(), "aud", "sub", "fed-sp").start();
             TestSupport.LogCapture logs = new TestSupport.LogCapture()) {
            java.util.function.Function<String, java.util.function.Supplier<String>> source = aud -> () -> {
                String jwt = idp.jwt("sub", aud, java.time.Instant.ofEpochMilli(emu.clock().now()).plusSeconds(600));
                jwts.add(jwt);
                return jwt;
            };
            RetryPolicy fast = TestSupport.fastRetries().withSleeper(new TestSupport.RecordingSleeper());
            DatabricksClient fed = DatabricksClient.builder().host(emu.baseUrl()).retryPolicy(fast)
                    .auth(AuthMethod.tokenExchange(source.apply("aud"), "fed-sp")).build();
            DatabricksClient wrongAudience = DatabricksClient.builder().host(emu.baseUrl()).retryPolicy(fast)
                    .auth(AuthMethod.tokenExchange(source.apply("other"), "fed-sp")).build();
            DatabricksClient throwing = DatabricksClient.builder().host(emu.baseUrl()).retryPolicy(fast)
                    .auth(AuthMethod.tokenExchange(() -> {
                        String jwt = source.apply("aud").get();
                        throw new IllegalStateException("bad token " + jwt);
                    }, "fed-sp")).build();
            emu.faults().next(2, "/oidc/v1/token", Fault.status(500));
            attempt(() -> record(fed.currentUser()));
            record(fed.currentUser(), fed, wrongAudience, throwing);
            attempt(() -> record(wrongAudience.currentUser()));
            attempt(() -> record(throwing.currentUser()));
            emu.faults().next(1, "/api/2.0/preview/scim/v2/Me", Fault.status(401));
            attempt(() -> record(fed.currentUser()));
            emu.faults().next(1, "/api/2.0/preview/scim/v2/Me", Fault.html(502));
            attempt(() -> record(fed.currentUser()));
            produced.addAll(logs.lines);
        }
        assertTrue(jwts.size() >= 4, "JWTs were exchanged: " + jwts.size());
        for (String s : produced) {
            assertFalse(s.contains("eyJemulator."), "leaked an access token in: " + s);
            for (String jwt : jwts) {
                assertFalse(s.contains(jwt) || s.contains(jwt.substring(jwt.lastIndexOf('.') + 1)),
                        "leaked a JWT in: " + s);
            }
        }
    }

    interface Action {
        void run() throws Exception;
    }

    private void attempt(Action a) {
        try {
            a.run();
        } catch (Exception e) {
            record(e);
        }
    }

    private void record(Object... values) {
        for (Object v : values) {
            if (v instanceof Throwable) {
                StringWriter w = new StringWriter();
                ((Throwable) v).printStackTrace(new PrintWriter(w));
                produced.add(w.toString());
            }
            produced.add(String.valueOf(v));
        }
    }
}
