package io.jenkins.plugins.databricks.steps.operations;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;

import hudson.model.Result;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class CreateSecretScopeStepTest {

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void snippetGeneratorWritesWhatPipelineReadsBack(JenkinsRule r) throws Exception {
        CreateSecretScopeStep step = new CreateSecretScopeStep("ci-secrets");
        step.setInitialManagePrincipal("users");
        step.setIgnoreExisting(false);
        new SnippetizerTester(r).assertRoundTrip(step,
                "databricksCreateSecretScope ignoreExisting: false, initialManagePrincipal: 'users', scope: 'ci-secrets'");
    }

    @Test
    void createsTheScopeAndSaysWhetherItWasAlreadyThere(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "def first = databricksCreateSecretScope scope: 'ci-secrets'\n"
                + "def second = databricksCreateSecretScope scope: 'ci-secrets'\n"
                + "echo \"first=${first.created} second=${second.created} scope=${second.scope}\"", Result.SUCCESS);
        r.assertLogContains("first=true second=false scope=ci-secrets", b);
        assertThat(fixture.emulator.secrets().scopeNames(), hasItem("ci-secrets"));
    }

    @Test
    void anExistingScopeFailsTheBuildWhenNotIgnored(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksCreateSecretScope scope: 'ci-secrets'\n"
                + "databricksCreateSecretScope scope: 'ci-secrets', ignoreExisting: false", Result.FAILURE);
        r.assertLogContains("RESOURCE_ALREADY_EXISTS", b);
    }
}
