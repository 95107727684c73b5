package io.jenkins.plugins.databricks;

import static io.jenkins.plugins.databricks.TestSupport.addGlobal;
import static io.jenkins.plugins.databricks.TestSupport.addTo;
import static io.jenkins.plugins.databricks.TestSupport.allowAdHoc;
import static io.jenkins.plugins.databricks.TestSupport.configure;
import static io.jenkins.plugins.databricks.TestSupport.servicePrincipal;
import static io.jenkins.plugins.databricks.TestSupport.token;
import static io.jenkins.plugins.databricks.TestSupport.workspace;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.AbortException;
import hudson.Launcher;
import hudson.ProxyConfiguration;
import hudson.model.AbstractBuild;
import hudson.model.BuildListener;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Fingerprint;
import hudson.model.Result;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestBuilder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class DatabricksConnectorTest {

    private static final String TOKEN = "dapi-connector-test-0123456789abcdef";
    private static final String SP_CLIENT_ID = "6f1c2b3a-0000-4000-8000-00000000beef";
    private static final String SP_SECRET = "sp-connector-test-secret-0123456789";

    private DatabricksEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = DatabricksEmulator.builder().token(TOKEN).servicePrincipal(SP_CLIENT_ID, SP_SECRET).start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    /** A build step that signs in through the connector and prints who it is, as the plugin's steps do. */
    private static TestBuilder whoAmI(String workspace, String host, String credentialsId) {
        return new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws InterruptedException, IOException {
                DatabricksClient client = DatabricksConnector.client(
                        DatabricksConnector.resolve(workspace, host, credentialsId), build);
                listener.getLogger().println("signed in as " + client.currentUser().get("userName"));
                return true;
            }
        };
    }

    @Test
    void aNamedWorkspaceIsUsedWithItsLimits(JenkinsRule r) throws Exception {
        DatabricksWorkspace prod = workspace("prod", "https://a.cloud.databricks.com", "a", false);
        prod.setRateLimit(2.0);
        prod.setMaxAttempts(3);
        prod.setRetryBudgetSeconds(60);
        configure(prod, workspace("staging", "https://b.cloud.databricks.com", "b", true));

        DatabricksTarget t = DatabricksConnector.resolve("prod", null, null);

        assertThat(t.host(), is("https://a.cloud.databricks.com"));
        assertThat(t.credentialsId(), is("a"));
        assertThat(t.rateLimit(), is(2.0));
        assertThat(t.maxAttempts(), is(3));
        assertThat(t.retryBudgetSeconds(), is(60));
        assertThat(t.displayName(), is("workspace 'prod'"));
    }

    @Test
    void anUnknownWorkspaceIsNamedAlongWithTheConfiguredOnes(JenkinsRule r) {
        configure(workspace("prod", "https://a.cloud.databricks.com", "a", false),
                workspace("staging", "https://b.cloud.databricks.com", "b", false));

        AbortException e = assertThrows(AbortException.class, () -> DatabricksConnector.resolve("qa", null, null));

        assertThat(e.getMessage(), containsString("No Databricks workspace named 'qa'; configured: prod, staging"));
    }

    @Test
    void hostAndCredentialsIdMakeAnAdHocTargetAndMustComeTogether(JenkinsRule r) throws Exception {
        allowAdHoc("adb-1.7.azuredatabricks.net");
        DatabricksTarget t = DatabricksConnector.resolve(" ", "adb-1.7.azuredatabricks.net", "adhoc");
        assertThat(t.host(), is("adb-1.7.azuredatabricks.net"));
        assertThat(t.credentialsId(), is("adhoc"));
        assertThat(t.rateLimit(), is(nullValue()));
        assertThat("an ad-hoc host gets a rate limiter of its own", t.isAdHoc(), is(true));

        assertThat(assertThrows(AbortException.class, () -> DatabricksConnector.resolve(null, "adb-1.net", null))
                .getMessage(), containsString("host: and credentialsId: go together"));
        assertThat(assertThrows(AbortException.class, () -> DatabricksConnector.resolve(null, null, "adhoc"))
                .getMessage(), containsString("host: and credentialsId: go together"));
        assertThat(assertThrows(AbortException.class, () -> DatabricksConnector.resolve("prod", "adb-1.net", "x"))
                .getMessage(), containsString("not both"));
    }

    @Test
    void withoutAnyChoiceTheDefaultWorkspaceIsUsedOrTheOptionsAreExplained(JenkinsRule r) throws Exception {
        AbortException e = assertThrows(AbortException.class, () -> DatabricksConnector.resolve(null, null, null));
        assertThat(e.getMessage(), containsString("No workspace given and no default workspace configured"));
        assertThat(e.getMessage(), containsString("host: and credentialsId:"));

        configure(workspace("prod", "https://a.cloud.databricks.com", "a", false),
                workspace("staging", "https://b.cloud.databricks.com", "b", true));
        assertThat(DatabricksConnector.resolve(null, "", "").displayName(), is("workspace 'staging'"));
    }

    @Test
    void aBuildInAFolderUsesTheFolderCredentialsAndRecordsTheirUse(JenkinsRule r) throws Exception {
        Folder team = r.jenkins.createProject(Folder.class, "team");
        StringCredentialsImpl folderToken = addTo(team, token("databricks", TOKEN));
        configure(workspace("prod", emulator.baseUrl(), "databricks", true));
        FreeStyleProject job = team.createProject(FreeStyleProject.class, "deploy");
        job.getBuildersList().add(whoAmI("prod", null, null));

        FreeStyleBuild build = r.buildAndAssertSuccess(job);

        r.assertLogContains("signed in as " + emulator.users().currentUserName(), build);
        r.assertLogNotContains(TOKEN, build);
        Fingerprint usage = CredentialsProvider.getFingerprintOf(folderToken);
        assertThat("the credential's use is recorded", usage, is(notNullValue()));
        assertThat(usage.getJobs(), hasItem("team/deploy"));
    }

    @Test
    void aJobOutsideTheFolderCannotUseTheFolderCredentials(JenkinsRule r) throws Exception {
        Folder team = r.jenkins.createProject(Folder.class, "team");
        addTo(team, token("databricks", TOKEN));
        configure(workspace("prod", emulator.baseUrl(), "databricks", true));
        FreeStyleProject outsider = r.createFreeStyleProject("outsider");
        outsider.getBuildersList().add(whoAmI(null, null, null));

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, outsider);

        r.assertLogContains("Could not find credentials 'databricks' for Databricks workspace 'prod'", build);
        assertThat("nothing was sent to Databricks", emulator.totalRequests(), is(0L));
    }

    @Test
    void aServicePrincipalSignsInWithOAuth(JenkinsRule r) throws Exception {
        addGlobal(servicePrincipal("databricks-sp", SP_CLIENT_ID, SP_SECRET));
        allowAdHoc(emulator.baseUrl());
        FreeStyleProject job = r.createFreeStyleProject();
        job.getBuildersList().add(whoAmI(null, emulator.baseUrl(), "databricks-sp"));

        FreeStyleBuild build = r.buildAndAssertSuccess(job);

        r.assertLogContains("signed in as " + SP_CLIENT_ID, build);
        r.assertLogNotContains(SP_SECRET, build);
        assertThat("an OAuth token was requested", emulator.requestCount("/oidc/v1/token") > 0, is(true));
    }

    @Test
    void anAgentGetsAShortLivedAccessTokenNeverTheServicePrincipalsSecret(JenkinsRule r) throws Exception {
        addGlobal(servicePrincipal("databricks-sp", SP_CLIENT_ID, SP_SECRET));
        allowAdHoc(emulator.baseUrl());
        FreeStyleProject job = r.createFreeStyleProject();
        byte[][] sent = new byte[1][];
        job.getBuildersList().add(new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws InterruptedException, IOException {
                AgentClient agent = DatabricksConnector.agentClient(
                        DatabricksConnector.resolve(null, emulator.baseUrl(), "databricks-sp"), build);
                // what goes over the agent channel
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                    out.writeObject(agent);
                }
                sent[0] = bytes.toByteArray();
                listener.getLogger().println("agent acts as " + agent.build().currentUser().get("userName"));
                return true;
            }
        });
        FreeStyleBuild build = r.buildAndAssertSuccess(job);
        r.assertLogContains("agent acts as " + SP_CLIENT_ID, build);
        String onTheWire = new String(sent[0], java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat("the client secret never leaves the controller", onTheWire.contains(SP_SECRET), is(false));
        assertThat("one token, fetched by the controller", emulator.requestCount("/oidc/v1/token"), is(1L));
    }

    @Test
    void credentialsOfAnotherKindAreRefusedBeforeAnyRequest(JenkinsRule r) throws Exception {
        addGlobal(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "userpass", "", "bob",
                "a-password-long-enough-for-fips"));
        allowAdHoc(emulator.baseUrl());
        FreeStyleProject job = r.createFreeStyleProject();
        job.getBuildersList().add(whoAmI(null, emulator.baseUrl(), "userpass"));

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Credentials 'userpass' for Databricks workspace at " + emulator.baseUrl(), build);
        r.assertLogContains("Databricks needs Secret text (a personal access token), Databricks service principal"
                + " or Databricks service principal (federated)", build);
        assertThat(emulator.totalRequests(), is(0L));
    }

    @Test
    void anInvalidHostIsReportedWithoutSendingTheToken(JenkinsRule r) throws Exception {
        addGlobal(token("databricks", TOKEN));
        configure(workspace("bad", "http://databricks.example.com", "databricks", true));
        FreeStyleProject job = r.createFreeStyleProject();
        job.getBuildersList().add(whoAmI("bad", null, null));

        FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Databricks workspace 'bad': host must use https://", build);
        r.assertLogNotContains(TOKEN, build);
    }

    @Test
    void aHostNoAdministratorAllowedIsRefusedBeforeAnyRequestNamingTheSetting(JenkinsRule r) throws Exception {
        addGlobal(token("databricks", TOKEN));
        configure(workspace("prod", "https://a.cloud.databricks.com", "databricks", true));
        for (String host : new String[] {emulator.baseUrl(), "https://evil.example.com", "https://a.cloud.databricks.com.evil.example"}) {
            FreeStyleProject job = r.createFreeStyleProject();
            job.getBuildersList().add(whoAmI(null, host, "databricks"));

            FreeStyleBuild build = r.buildAndAssertStatus(Result.FAILURE, job);

            r.assertLogContains("host: '" + host + "' is not allowed", build);
            r.assertLogContains("Manage Jenkins → System → Databricks → Allowed hosts", build);
        }
        assertThat("nothing was sent", emulator.totalRequests(), is(0L));

        allowAdHoc(emulator.baseUrl());
        FreeStyleProject allowed = r.createFreeStyleProject();
        allowed.getBuildersList().add(whoAmI(null, emulator.baseUrl(), "databricks"));
        r.buildAndAssertSuccess(allowed);
    }

    @Test
    void plainHttpIsOffUntilAnAdministratorTurnsItOn(JenkinsRule r) throws Exception {
        addGlobal(token("databricks", TOKEN));
        configure(workspace("local", emulator.baseUrl(), "databricks", true));
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(false);
        FreeStyleProject job = r.createFreeStyleProject();
        job.getBuildersList().add(whoAmI("local", null, null));

        FreeStyleBuild refused = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Databricks workspace 'local': plain http:// is off", refused);
        r.assertLogContains("Allow plain HTTP to loopback addresses", refused);
        assertThat("nothing was sent", emulator.totalRequests(), is(0L));

        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
        r.buildAndAssertSuccess(job);
    }

    @Test
    void environmentCarriesWhatTheDatabricksCliReads(JenkinsRule r) throws Exception {
        addGlobal(token("pat", TOKEN));
        addGlobal(servicePrincipal("sp", SP_CLIENT_ID, SP_SECRET));
        allowAdHoc(emulator.baseUrl());
        AtomicReference<Map<String, String>> patEnv = new AtomicReference<>();
        AtomicReference<Map<String, String>> spEnv = new AtomicReference<>();
        FreeStyleProject job = r.createFreeStyleProject();
        job.getBuildersList().add(new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws IOException, InterruptedException {
                patEnv.set(DatabricksConnector.environment(DatabricksConnector.resolve(null, emulator.baseUrl() + "/?o=1", "pat"), build));
                spEnv.set(DatabricksConnector.environment(DatabricksConnector.resolve(null, emulator.baseUrl(), "sp"), build));
                return true;
            }
        });

        r.buildAndAssertSuccess(job);

        assertThat(patEnv.get(), is(Map.of("DATABRICKS_HOST", emulator.baseUrl(), "DATABRICKS_AUTH_TYPE", "pat",
                "DATABRICKS_TOKEN", TOKEN)));
        assertThat(spEnv.get(), is(Map.of("DATABRICKS_HOST", emulator.baseUrl(), "DATABRICKS_AUTH_TYPE", "oauth-m2m",
                "DATABRICKS_CLIENT_ID", SP_CLIENT_ID, "DATABRICKS_CLIENT_SECRET", SP_SECRET)));
        assertThat(DatabricksConnector.secretValues(patEnv.get()), is(java.util.Set.of(TOKEN)));
        assertThat(DatabricksConnector.secretValues(spEnv.get()), is(java.util.Set.of(SP_SECRET)));
    }

    @Test
    void anAgentsClientGoesOutThroughJenkinsProxy(JenkinsRule r) throws Exception {
        addGlobal(token("databricks", TOKEN));
        // nothing listens on localhost:1; the emulator, as the proxy, answers the absolute-form requests it is sent
        allowAdHoc("http://localhost:1");
        java.net.URI at = java.net.URI.create(emulator.baseUrl());
        r.jenkins.proxy = new ProxyConfiguration(at.getHost(), at.getPort(), null, null, "*.internal.example.com");
        FreeStyleProject job = r.createFreeStyleProject();
        job.getBuildersList().add(new TestBuilder() {
            @Override
            public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
                    throws InterruptedException, IOException {
                AgentClient agent = DatabricksConnector.agentClient(
                        DatabricksConnector.resolve(null, "http://localhost:1", "databricks"), build);
                listener.getLogger().println("agent acts as " + agent.build().currentUser().get("userName"));
                return true;
            }
        });
        FreeStyleBuild build = r.buildAndAssertSuccess(job);
        r.assertLogContains("agent acts as " + emulator.users().currentUserName(), build);
    }

    @Test
    void httpClientFollowsJenkinsProxySettings(JenkinsRule r) throws Exception {
        r.jenkins.proxy = null;
        HttpClient direct = JenkinsHttp.client();
        assertThat(direct.proxy().isPresent(), is(false));
        assertThat("the client is shared while the proxy settings stay the same", JenkinsHttp.client() == direct, is(true));

        r.jenkins.proxy = new ProxyConfiguration("proxy.example.com", 3128);
        HttpClient proxied = JenkinsHttp.client();

        assertThat(proxied == direct, is(false));
        assertThat(proxied.proxy().isPresent(), is(true));
        assertThat("redirects are never followed with a token", proxied.followRedirects(), is(HttpClient.Redirect.NEVER));
    }

    @Test
    void userAgentNamesJenkinsAndThePlugin(JenkinsRule r) {
        String suffix = JenkinsHttp.userAgentSuffix();
        assertThat(suffix, startsWith("jenkins/" + Jenkins.getVersion() + " databricks-plugin/"));
        assertThat(suffix, not(containsString("(")));
        assertThat(JenkinsHttp.token("0.1.0-SNAPSHOT (private-abc-user)"), is("0.1.0-SNAPSHOT"));
        assertThat(JenkinsHttp.token(null), is("unknown"));
    }
}
