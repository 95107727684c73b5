package io.jenkins.plugins.databricks.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.FreeStyleProject;
import hudson.model.Item;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentialsImpl;
import io.jenkins.plugins.databricks.steps.operations.PutSecretStep;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The drop-downs of the steps' forms (snippet generator, freestyle form) as the browser reaches them: a POST to
 * the job's {@code descriptorByName} URL. They list what exists only to those who may configure the job.
 */
@WithJenkins
class StepFormsTest {

    private static final String STEP = "descriptorByName/" + StartClusterStep.class.getName();
    // the id the form's own URLs carry: the step's former class name, kept when the class moved (issue 22)
    private static final String PUT_SECRET = "descriptorByName/io.jenkins.plugins.databricks.steps."
            + PutSecretStep.class.getSimpleName();

    private JenkinsRule r;
    private FreeStyleProject job;

    @BeforeEach
    void secure(JenkinsRule rule) throws Exception {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        Folder team = r.jenkins.createProject(Folder.class, "team");
        job = team.createProject(FreeStyleProject.class, "deploy");
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("viewer", "developer")
                .grant(Item.CONFIGURE).onItems(job).to("developer"));
        // Posting form parameters the way the browser does, without a crumb round trip.
        r.jenkins.setCrumbIssuer(null);
        addTo(team, new StringCredentialsImpl(CredentialsScope.GLOBAL, "team-token", "", Secret.fromString("t")));
        StepsFixture.addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, "global-token", "",
                Secret.fromString("g")));
        StepsFixture.addCredentials(new DatabricksServicePrincipalCredentialsImpl(CredentialsScope.GLOBAL, "sp", "",
                "client-id", Secret.fromString("client-secret")));
        StepsFixture.addCredentials(new FileCredentialsImpl(CredentialsScope.GLOBAL, "file", "", "key.bin",
                SecretBytes.fromRawBytes("bytes".getBytes(StandardCharsets.UTF_8))));
    }

    private static void addTo(Folder folder, StringCredentialsImpl credentials) throws Exception {
        for (CredentialsStore store : CredentialsProvider.lookupStores(folder)) {
            if (store.getContext() == folder) {
                store.addCredentials(Domain.global(), credentials);
                return;
            }
        }
        throw new AssertionError("no credentials store in the folder");
    }

    private WebResponse request(String user, HttpMethod method, String path, NameValuePair... parameters)
            throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login(user);
        WebRequest request = new WebRequest(new URL(r.getURL(), job.getUrl() + path), method);
        request.setRequestParameters(List.of(parameters));
        return wc.loadWebResponse(request);
    }

    private static List<String> values(WebResponse response) throws Exception {
        assertThat(response.getContentAsString(), response.getStatusCode(), is(200));
        List<String> values = new ArrayList<>();
        for (JsonNode option : new ObjectMapper().readTree(response.getContentAsString()).get("values")) {
            values.add(option.get("value").asText());
        }
        return values;
    }

    @Test
    void whoMayConfigureTheJobSeesFolderAndGlobalConnectionCredentials() throws Exception {
        WebResponse response = request("developer", HttpMethod.POST, STEP + "/fillCredentialsIdItems",
                new NameValuePair("host", ""), new NameValuePair("credentialsId", ""));

        assertThat(values(response), containsInAnyOrder("", "team-token", "global-token", "sp"));
    }

    @Test
    void whoMayOnlyReadTheJobGetsTheSavedValueBack() throws Exception {
        WebResponse response = request("viewer", HttpMethod.POST, STEP + "/fillCredentialsIdItems",
                new NameValuePair("host", ""), new NameValuePair("credentialsId", "team-token"));

        assertThat(values(response), contains("team-token"));
    }

    @Test
    void theDropDownsAnswerPostOnly() throws Exception {
        WebResponse response = request("developer", HttpMethod.GET, STEP + "/fillCredentialsIdItems");

        assertThat(response.getStatusCode(), anyOf(is(404), is(405)));
    }

    @Test
    void secretValuesComeFromSecretTextOrSecretFile() throws Exception {
        WebResponse forDeveloper = request("developer", HttpMethod.POST, PUT_SECRET + "/fillSecretCredentialsIdItems",
                new NameValuePair("secretCredentialsId", ""));
        WebResponse forViewer = request("viewer", HttpMethod.POST, PUT_SECRET + "/fillSecretCredentialsIdItems",
                new NameValuePair("secretCredentialsId", "file"));

        assertThat(values(forDeveloper), containsInAnyOrder("", "team-token", "global-token", "file"));
        assertThat(values(forViewer), contains("file"));
    }

    @Test
    void workspaceNamesAreListedToWhoMayReadTheJob() throws Exception {
        StepsFixture fixture = StepsFixture.start();
        try {
            WebResponse forDeveloper = request("developer", HttpMethod.POST, STEP + "/fillWorkspaceItems",
                    new NameValuePair("workspace", ""));
            WebResponse forViewer = request("viewer", HttpMethod.POST, STEP + "/fillWorkspaceItems",
                    new NameValuePair("workspace", ""));

            assertThat(values(forDeveloper), contains("", StepsFixture.WORKSPACE));
            assertThat("a workspace name reveals no credential", values(forViewer), contains("", StepsFixture.WORKSPACE));
        } finally {
            fixture.close();
        }
    }

    @Test
    void whereConfigureIsDeniedExtendedReadIsEnoughToChooseCredentials() throws Exception {
        // a multibranch branch job: nobody may configure it, but its Snippet Generator must offer the credentials
        boolean wasEnabled = Item.EXTENDED_READ.getEnabled();
        Item.EXTENDED_READ.setEnabled(true);
        try {
            r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                    .grant(Jenkins.READ, Item.READ).everywhere().to("viewer", "reader")
                    .grant(Item.EXTENDED_READ).onItems(job).to("reader"));

            WebResponse forReader = request("reader", HttpMethod.POST, STEP + "/fillCredentialsIdItems",
                    new NameValuePair("host", ""), new NameValuePair("credentialsId", ""));
            WebResponse forViewer = request("viewer", HttpMethod.POST, STEP + "/fillCredentialsIdItems",
                    new NameValuePair("host", ""), new NameValuePair("credentialsId", ""));

            assertThat(values(forReader), containsInAnyOrder("", "team-token", "global-token", "sp"));
            assertThat(values(forViewer), not(hasItem("team-token")));
        } finally {
            Item.EXTENDED_READ.setEnabled(wasEnabled);
        }
    }
}
