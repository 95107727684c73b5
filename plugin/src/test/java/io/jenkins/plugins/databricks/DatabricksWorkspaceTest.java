package io.jenkins.plugins.databricks;

import static io.jenkins.plugins.databricks.TestSupport.addGlobal;
import static io.jenkins.plugins.databricks.TestSupport.addTo;
import static io.jenkins.plugins.databricks.TestSupport.servicePrincipal;
import static io.jenkins.plugins.databricks.TestSupport.token;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The workspace form: Test Connection, the credentials drop-down and the checks, with their permission rules. */
@WithJenkins
class DatabricksWorkspaceTest {

    private static final String TEST_CONNECTION = "descriptorByName/" + DatabricksWorkspace.class.getName() + "/testConnection";
    private static final String TOKEN = "dapi-workspace-test-0123456789abcdef";
    private static final String WRONG_TOKEN = "dapi-revoked-9876543210fedcba";

    private DatabricksEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = DatabricksEmulator.builder().token(TOKEN).start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    private static void secure(JenkinsRule r) {
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true); // the emulator listens on a loopback address
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader"));
        // Posting form parameters the way the browser does, without a crumb round trip.
        r.jenkins.setCrumbIssuer(null);
    }

    private WebResponse postTestConnection(JenkinsRule r, String user, String credentialsId) throws Exception {
        return postTestConnection(r, user, credentialsId, true);
    }

    /** As the page's button posts it: the card's host and credentials, and the page's plain-HTTP box as ticked. */
    private WebResponse postTestConnection(JenkinsRule r, String user, String credentialsId, boolean plainHttpBox)
            throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login(user);
        WebRequest request = new WebRequest(new URL(r.getURL(), TEST_CONNECTION), HttpMethod.POST);
        request.setRequestParameters(List.of(new NameValuePair("host", emulator.baseUrl()),
                new NameValuePair("credentialsId", credentialsId),
                new NameValuePair("allowPlainHttp", Boolean.toString(plainHttpBox))));
        return wc.loadWebResponse(request);
    }

    @Test
    void testConnectionTakesThePlainHttpBoxAsTheFormShowsItNotAsSaved(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(token("databricks", TOKEN));
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(false); // saved: off

        String ticked = postTestConnection(r, "admin", "databricks", true).getContentAsString();
        assertThat(ticked, containsString("Connected to " + emulator.baseUrl()));

        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true); // saved: on, but the box is cleared on the page
        String cleared = postTestConnection(r, "admin", "databricks", false).getContentAsString();
        assertThat(cleared, containsString("plain http:// is off"));
        assertThat("nothing was sent while the box is cleared", emulator.requestCount("GET",
                "/api/2.0/preview/scim/v2/Me"), is(1L));
    }

    @Test
    void testConnectionShowsWhoTheCredentialsAuthenticateAs(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(token("databricks", TOKEN));

        WebResponse response = postTestConnection(r, "admin", "databricks");

        assertThat(response.getStatusCode(), is(200));
        assertThat(response.getContentAsString(), containsString("Connected to " + emulator.baseUrl() + " as "
                + emulator.users().currentUserName()));
        assertThat(response.getContentAsString(), not(containsString(TOKEN)));
    }

    @Test
    void testConnectionWithARevokedTokenSaysSoWithoutTheToken(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(token("databricks", WRONG_TOKEN));

        WebResponse response = postTestConnection(r, "admin", "databricks");

        String body = response.getContentAsString();
        assertThat(body, containsString("Could not connect"));
        // a workspace answers a refused token with 403 {"error_code":403,"message":"Invalid access token."}
        assertThat(body, containsString("invalid or expired token"));
        assertThat(body, not(containsString(WRONG_TOKEN)));
    }

    @Test
    void testConnectionNeedsOverallAdminister(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(token("databricks", TOKEN));

        WebResponse response = postTestConnection(r, "reader", "databricks");

        assertThat(response.getStatusCode(), is(403));
        assertThat("no request reached Databricks", emulator.totalRequests(), is(0L));
    }

    @Test
    void testConnectionRefusesGet(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(token("databricks", TOKEN));
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("admin");
        URL url = new URL(r.getURL(), TEST_CONNECTION + "?host=" + emulator.baseUrl() + "&credentialsId=databricks");

        WebResponse response = wc.loadWebResponse(new WebRequest(url, HttpMethod.GET));

        // Stapler hides a @POST method from GET requests altogether.
        assertThat(response.getStatusCode(), anyOf(is(404), is(405)));
        assertThat("no request reached Databricks", emulator.totalRequests(), is(0L));
    }

    @Test
    void testConnectionUsesGlobalCredentialsOnly(JenkinsRule r) throws Exception {
        Folder team = r.jenkins.createProject(Folder.class, "team");
        addTo(team, token("team-only", TOKEN));
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);

        FormValidation v = descriptor().doTestConnection(emulator.baseUrl(), "team-only", true);

        assertThat(v.kind, is(FormValidation.Kind.ERROR));
        // FormValidation messages are HTML-escaped, so assert on parts without quotes
        assertThat(v.getMessage(), containsString("No global credentials with ID"));
        assertThat(v.getMessage(), containsString("team-only"));
        assertThat(emulator.totalRequests(), is(0L));
    }

    @Test
    void testConnectionRefusesSystemScopedCredentials(JenkinsRule r) throws Exception {
        addGlobal(new StringCredentialsImpl(CredentialsScope.SYSTEM, "system-only", "", Secret.fromString(TOKEN)));
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);

        FormValidation v = descriptor().doTestConnection(emulator.baseUrl(), "system-only", true);

        assertThat(v.kind, is(FormValidation.Kind.ERROR));
        assertThat(v.getMessage(), containsString("System scope"));
        assertThat(emulator.totalRequests(), is(0L));
    }

    @Test
    void credentialsDropDownListsUsableCredentialsForAdministrators(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(token("pat", TOKEN));
        addGlobal(servicePrincipal("sp", "client-id", "client-secret"));
        addGlobal(new StringCredentialsImpl(CredentialsScope.SYSTEM, "system-only", "", Secret.fromString(TOKEN)));
        addGlobal(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "userpass", "", "bob",
                "a-password-long-enough-for-fips"));

        ListBoxModel items;
        try (ACLContext ignored = ACL.as(User.getById("admin", true))) {
            items = descriptor().doFillCredentialsIdItems(emulator.baseUrl(), "");
        }

        assertThat(values(items), containsInAnyOrder("", "pat", "sp"));
    }

    @Test
    void withoutPermissionTheDropDownOnlyEchoesTheCurrentValue(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(token("pat", TOKEN));
        addGlobal(servicePrincipal("sp", "client-id", "client-secret"));

        ListBoxModel items;
        try (ACLContext ignored = ACL.as(User.getById("reader", true))) {
            items = descriptor().doFillCredentialsIdItems(emulator.baseUrl(), "whatever-was-saved");
        }

        assertThat(values(items), containsInAnyOrder("whatever-was-saved"));
    }

    @Test
    void withoutPermissionTheCredentialsCheckRevealsNothing(JenkinsRule r) throws Exception {
        secure(r);
        addGlobal(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "userpass", "", "bob",
                "a-password-long-enough-for-fips"));

        FormValidation forReader;
        FormValidation forAdmin;
        try (ACLContext ignored = ACL.as(User.getById("reader", true))) {
            forReader = descriptor().doCheckCredentialsId(emulator.baseUrl(), "userpass");
        }
        try (ACLContext ignored = ACL.as(User.getById("admin", true))) {
            forAdmin = descriptor().doCheckCredentialsId(emulator.baseUrl(), "userpass");
        }

        assertThat("a reader learns nothing about the id", forReader.kind, is(FormValidation.Kind.OK));
        assertThat(forAdmin.kind, is(FormValidation.Kind.ERROR));
    }

    @Test
    void credentialsCheckExplainsWhatIsWrong(JenkinsRule r) throws Exception {
        addGlobal(token("pat", TOKEN));
        addGlobal(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "userpass", "", "bob",
                "a-password-long-enough-for-fips"));
        DatabricksWorkspace.DescriptorImpl d = descriptor();

        assertThat(d.doCheckCredentialsId(emulator.baseUrl(), "pat").kind, is(FormValidation.Kind.OK));
        assertThat("nothing chosen yet is no mistake", d.doCheckCredentialsId(emulator.baseUrl(), "").kind,
                is(FormValidation.Kind.OK));
        FormValidation wrongKind = d.doCheckCredentialsId(emulator.baseUrl(), "userpass");
        assertThat(wrongKind.kind, is(FormValidation.Kind.ERROR));
        assertThat(wrongKind.getMessage(), containsString("Databricks needs Secret text"));
        FormValidation missing = d.doCheckCredentialsId(emulator.baseUrl(), "nowhere");
        assertThat("a folder may still hold it", missing.kind, is(FormValidation.Kind.WARNING));
    }

    @Test
    void hostCheckShowsWhereRequestsGoOrWhyTheHostIsRefused(JenkinsRule r) {
        DatabricksWorkspace.DescriptorImpl d = descriptor();

        FormValidation pasted = d.doCheckHost("adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456");
        assertThat(pasted.kind, is(FormValidation.Kind.OK));
        assertThat(pasted.getMessage(), containsString("Requests go to https://adb-1234567890123456.7.azuredatabricks.net"));

        FormValidation plainHttp = d.doCheckHost("http://databricks.example.com");
        assertThat(plainHttp.kind, is(FormValidation.Kind.ERROR));
        assertThat(plainHttp.getMessage(), containsString("https://"));

        assertThat("an untouched field is no mistake", d.doCheckHost("").kind, is(FormValidation.Kind.OK));
    }

    @Test
    void limitChecksNameTheAcceptedValues(JenkinsRule r) {
        DatabricksWorkspace.DescriptorImpl d = descriptor();

        assertThat(d.doCheckRateLimit("").kind, is(FormValidation.Kind.OK));
        assertThat(d.doCheckRateLimit("0.5").kind, is(FormValidation.Kind.OK));
        assertThat(d.doCheckRateLimit("fast").getMessage(), containsString("number of requests per second"));
        assertThat(d.doCheckRateLimit("-1").kind, is(FormValidation.Kind.ERROR));
        assertThat(d.doCheckMaxAttempts("101").getMessage(), containsString("between 1 and 100"));
        assertThat(d.doCheckRetryBudgetSeconds("0").getMessage(), containsString("at least 1 second"));
        assertThat(d.doCheckRetryBudgetSeconds("300").kind, is(FormValidation.Kind.OK));
    }

    private static DatabricksWorkspace.DescriptorImpl descriptor() {
        return Jenkins.get().getDescriptorByType(DatabricksWorkspace.DescriptorImpl.class);
    }

    private static List<String> values(ListBoxModel items) {
        return items.stream().map(o -> o.value).collect(Collectors.toList());
    }
}
