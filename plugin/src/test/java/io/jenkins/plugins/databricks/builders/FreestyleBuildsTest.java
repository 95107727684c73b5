package io.jenkins.plugins.databricks.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.steps.AccessControlEntryConfig;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class FreestyleBuildsTest {

    private static final String SECRET_VALUE = "freestyle-secret-value-5566778899";

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(FreeStyleBuild b, String file) throws Exception {
        String text = b.getWorkspace().child(file).readToString();
        return new ObjectMapper().readValue(text, Map.class);
    }

    @Test
    void everyOperationRunsAsABuildStepAndWritesItsAnswer(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        StepsFixture.addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, "value-cred", "",
                Secret.fromString(SECRET_VALUE)));
        String cluster = fixture.emulator.clusters().create("etl");
        long job = fixture.emulator.jobs().create("nightly");

        FreeStyleProject p = r.createFreeStyleProject();
        StartClusterBuilder start = new StartClusterBuilder(cluster);
        start.setOutputFile("out/cluster.json");
        SetPermissionsBuilder grant = new SetPermissionsBuilder("clusters", cluster);
        AccessControlEntryConfig entry = new AccessControlEntryConfig("CAN_RESTART");
        entry.setGroup("eng");
        grant.setAccessControlList(List.of(entry));
        CreateSecretScopeBuilder scope = new CreateSecretScopeBuilder("ci");
        PutSecretBuilder put = new PutSecretBuilder("ci", "k", "value-cred");
        put.setOutputFile("out/put.json");
        RunJobBuilder run = new RunJobBuilder(String.valueOf(job));
        run.setParameters("build=${BUILD_NUMBER}");
        run.setOutputFile("out/run.json");
        ApiBuilder me = new ApiBuilder("/api/2.0/preview/scim/v2/Me");
        me.setOutputFile("out/me.json");
        p.getBuildersList().addAll(List.of(start, grant, scope, put, run, me));

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        assertThat(readJson(b, "out/cluster.json").get("state"), is("RUNNING"));
        assertThat(readJson(b, "out/put.json"), is(Map.of("scope", "ci", "key", "k")));
        Map<String, Object> runAnswer = readJson(b, "out/run.json");
        assertThat(runAnswer.get("result_state"), is("SUCCESS"));
        assertThat(String.valueOf(runAnswer.get("run")), containsString("value=1"));
        assertThat(readJson(b, "out/me.json").get("userName"), is(fixture.emulator.users().currentUserName()));
        assertThat(new String(fixture.emulator.secrets().value("ci", "k").orElseThrow(), StandardCharsets.UTF_8),
                is(SECRET_VALUE));
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
        StepsFixture.assertNotStored(b, SECRET_VALUE);
    }

    @Test
    void aFailedRunFailsTheFreestyleBuild(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long job = fixture.emulator.jobs().create("broken", "FAILED");
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new RunJobBuilder(String.valueOf(job)));
        FreeStyleBuild b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("did not succeed: TERMINATED FAILED", b);
    }

    @Test
    void aClusterThatCannotStartFailsTheFreestyleBuild(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String cluster = fixture.emulator.clusters().create("etl");
        fixture.emulator.clusters().failNextStart(cluster, "CLOUD_PROVIDER_LAUNCH_FAILURE", "Quota exceeded");
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new StartClusterBuilder(cluster));
        FreeStyleBuild b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("Quota exceeded", b);
        r.assertLogContains("CLOUD_PROVIDER_LAUNCH_FAILURE", b);
    }

    @Test
    void aJobIdThatIsNotANumberFailsBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new RunJobBuilder("nightly"));
        FreeStyleBuild b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("jobId must be the numeric id of a Databricks job, not 'nightly'", b);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }
}
