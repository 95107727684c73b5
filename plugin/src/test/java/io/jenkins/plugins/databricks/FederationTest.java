package io.jenkins.plugins.databricks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.FormValidation;
import io.jenkins.plugins.databricks.credentials.DatabricksFederatedCredentials;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import io.jenkins.plugins.oidc_provider.IdTokenStringCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Workload identity federation in a real Jenkins: the {@code oidc-provider} plugin makes this Jenkins an OpenID
 * Connect issuer, the emulator's federation policy trusts it (issuer, audience, subject), and a federated workspace
 * holds no Databricks secret at all. The emulator fetches this Jenkins' OpenID configuration and JWKS over HTTP and
 * verifies each JWT's signature and claims as Databricks does.
 */
@WithJenkins
class FederationTest {
    private static final String SP = "7c1d2e3f-0000-4000-8000-00000000fed1";
    private static final String AUDIENCE = "databricks-emulator";
    private static final String ID_TOKEN = "jenkins-oidc";
    private static final String FEDERATED = "databricks-federated";

    private DatabricksEmulator emulator;

    @BeforeEach
    void startEmulator() {
        // The token exists only inside the emulator, for its own admin use: Jenkins never gets one.
        emulator = DatabricksEmulator.builder().token("dapi-emulator-only-0000000000000000").allowHttpIssuers()
                .clusterStartDuration(Duration.ZERO).runDuration(Duration.ofMillis(200)).start();
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** This Jenkins as issuer, an id token credential for the audience, and a workspace federated through it. */
    private void configure(JenkinsRule r, String subject) throws Exception {
        emulator.federation().addPolicy(issuer(r), AUDIENCE, subject, SP);
        IdTokenStringCredentials idToken = new IdTokenStringCredentials(CredentialsScope.GLOBAL, ID_TOKEN, "");
        idToken.setAudience(AUDIENCE);
        StepsFixture.addCredentials(idToken);
        StepsFixture.addCredentials(new DatabricksFederatedCredentials(CredentialsScope.GLOBAL, FEDERATED, "", ID_TOKEN,
                SP));
        DatabricksWorkspace w = new DatabricksWorkspace("fed", emulator.baseUrl(), FEDERATED);
        w.setDefaultWorkspace(true);
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
        DatabricksGlobalConfiguration.get().setWorkspaces(List.of(w));
    }

    private static String issuer(JenkinsRule r) throws Exception {
        return r.getURL() + "oidc";
    }

    @Test
    void aFederatedPipelineStartsAClusterRunsAJobAndUploadsFromAnAgentWithNoStoredSecret(JenkinsRule r)
            throws Exception {
        configure(r, r.getURL() + "job/p0/");
        String cluster = emulator.clusters().create("etl");
        long job = emulator.jobs().create("nightly");
        hudson.slaves.DumbSlave agent = r.createOnlineSlave(Label.get("remote"));

        WorkflowRun b = StepsFixture.runPipeline(r, "def c = databricksStartCluster clusterId: '" + cluster + "'\n"
                + "echo \"cluster ${c.state}\"\n"
                + "def run = databricksRunJob jobId: " + job + "\n"
                + "echo \"run ${run.result_state}\"\n"
                + "node('remote') {\n"
                + "  writeFile file: 'dist/app.txt', text: 'built'\n"
                + "  def sent = databricksUpload source: 'dist', target: '/Volumes/main/ci/fed'\n"
                + "  echo \"sent ${sent.size()}\"\n"
                + "  withDatabricks { echo \"auth=${env.DATABRICKS_AUTH_TYPE} token=${env.DATABRICKS_TOKEN.size() > 0}\" }\n"
                + "}", Result.SUCCESS);

        r.assertLogContains("cluster RUNNING", b);
        r.assertLogContains("run SUCCESS", b);
        r.assertLogContains("sent 1", b);
        r.assertLogContains("auth=pat token=true", b);
        assertThat(new String(emulator.volumes().read("/Volumes/main/ci/fed/app.txt").orElseThrow(),
                StandardCharsets.UTF_8), is("built"));
        assertThat("each exchange is the controller's", emulator.requestCount("/oidc/v1/token"),
                greaterThanOrEqualTo(1L));
        // No Databricks secret in Jenkins' credentials, and no access token in anything kept of the build.
        SystemCredentialsProvider.getInstance().getCredentials().forEach(c -> assertThat(c.getClass().getName(),
                c instanceof IdTokenStringCredentials || c instanceof DatabricksFederatedCredentials, is(true)));
        assertNothingKeptHolds(r.jenkins.getRootDir().toPath(), "eyJemulator.");
        assertNothingKeptHolds(Path.of(agent.getRemoteFS()), "eyJemulator.");
    }

    @Test
    void aJobWhoseSubjectThePolicyDoesNotTrustFailsNamingTheSubject(JenkinsRule r) throws Exception {
        configure(r, r.getURL() + "job/release/");

        WorkflowRun b = StepsFixture.runPipeline(r, "databricksApi path: '/api/2.0/preview/scim/v2/Me'",
                Result.FAILURE);

        r.assertLogContains("invalid_grant", b);
        r.assertLogContains("The subject token's subject " + r.getURL() + "job/p0/ does not match", b);
        assertThat("nothing is called without a token", emulator.requestCount("/api/2.0/preview/scim/v2/Me"), is(0L));
    }

    @Test
    void anIdTokenCredentialOfAnotherKindIsRefusedBeforeAnyRequest(JenkinsRule r) throws Exception {
        configure(r, r.getURL() + "job/p0/");
        StepsFixture.addCredentials(new org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl(
                CredentialsScope.GLOBAL, "static-jwt", "", hudson.util.Secret.fromString("eyJ.static.jwt")));
        StepsFixture.addCredentials(new DatabricksFederatedCredentials(CredentialsScope.GLOBAL, "fed-static", "",
                "static-jwt", SP));

        WorkflowRun b = StepsFixture.runPipeline(r, "databricksApi path: '/api/2.0/preview/scim/v2/Me',"
                + " host: '" + emulator.baseUrl() + "', credentialsId: 'fed-static'", Result.FAILURE);

        r.assertLogContains("federation needs an OpenID Connect id token credential", b);
        assertThat(emulator.totalRequests(), is(0L));
    }

    @Test
    void testConnectionExchangesATokenMintedOutsideAnyBuild(JenkinsRule r) throws Exception {
        // outside a build, oidc-provider's global claim templates apply: the subject is this Jenkins' URL
        configure(r, r.getURL().toString());

        FormValidation v = DatabricksConnector.testConnection(emulator.baseUrl(), FEDERATED, true);

        assertThat(v.renderHtml(), v.kind, is(FormValidation.Kind.OK));
        assertThat(v.renderHtml(), containsString("as " + SP));
    }

    @Test
    void theFederatedKindIsOfferedWhereOidcProviderIsInstalled(JenkinsRule r) {
        var store = com.cloudbees.plugins.credentials.CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        assertThat(store.getCredentialsDescriptors().stream().anyMatch(
                d -> d instanceof DatabricksFederatedCredentials.DescriptorImpl), is(true));
    }

    private static void assertNothingKeptHolds(Path root, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar"))
                    .toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat("no access token is kept in " + file, content, not(containsString(secret)));
            }
        }
    }
}
