package io.jenkins.plugins.databricks.steps.run;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RunJobStepTest {

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void snippetGeneratorWritesWhatPipelineReadsBack(JenkinsRule r) throws Exception {
        RunJobStep step = new RunJobStep(42);
        step.setParameters(Map.of("env", "staging"));
        step.setPropagate(false);
        step.setTimeout(90);
        new SnippetizerTester(r).assertRoundTrip(step,
                "databricksRunJob jobId: 42, parameters: [env: 'staging'], propagate: false, timeout: 90");
    }

    @Test
    void runsTheJobWithItsParametersAndReturnsTheRun(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long jobId = fixture.emulator.jobs().create("nightly");
        WorkflowRun b = runPipeline(r, "def run = databricksRunJob jobId: " + jobId
                + ", parameters: [env: 'staging', shards: 3]\n"
                + "echo \"result=${run.result_state} success=${run.success} id=${run.run_id}\"\n"
                + "echo \"page=${run.run_page_url}\"\n"
                + "for (p in run.run.job_parameters) { echo \"param ${p.name}=${p.value}\" }", Result.SUCCESS);
        long runId = fixture.emulator.jobs().runIds(jobId).get(0);
        r.assertLogContains("result=SUCCESS success=true id=" + runId, b);
        r.assertLogContains("page=" + fixture.emulator.baseUrl(), b);
        r.assertLogContains("param env=staging", b);
        r.assertLogContains("param shards=3", b);
    }

    @Test
    void everyRunTheBuildStartsIsLinkedFromTheBuildPage(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long jobId = fixture.emulator.jobs().create("nightly");
        WorkflowRun b = runPipeline(r, "def a = databricksRunJob jobId: " + jobId + "\n"
                + "def b = databricksRunJob jobId: " + jobId + ", idempotencyToken: 'second', wait: false\n"
                + "echo \"pages ${a.run_page_url} ${b.run_page_url}\"", Result.SUCCESS);

        List<DatabricksRunAction> links = b.getActions(DatabricksRunAction.class);
        assertThat(links.size(), is(2));
        for (DatabricksRunAction link : links) {
            r.assertLogContains(link.getRunPageUrl(), b);
            assertThat(link.getDescription(), is("job " + jobId));
        }
        String page = r.createWebClient().getPage(b).getWebResponse().getContentAsString();
        for (DatabricksRunAction link : links) {
            assertThat(page, containsString("href=\"" + link.getRunPageUrl() + "\""));
            assertThat(page, containsString("Databricks run " + link.getRunId()));
        }
    }

    @Test
    void aFailedRunFailsTheBuildWithItsResultAndPage(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long jobId = fixture.emulator.jobs().create("broken", "FAILED");
        WorkflowRun b = runPipeline(r, "databricksRunJob jobId: " + jobId + "\necho 'not reached'", Result.FAILURE);
        r.assertLogContains("did not succeed: TERMINATED FAILED", b);
        r.assertLogContains(fixture.emulator.baseUrl(), b);
        r.assertLogNotContains("not reached", b);
    }

    @Test
    void withoutPropagateAFailedRunIsReturned(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long jobId = fixture.emulator.jobs().create("broken", "FAILED");
        WorkflowRun b = runPipeline(r, "def run = databricksRunJob jobId: " + jobId + ", propagate: false\n"
                + "echo \"result=${run.result_state} success=${run.success}\"", Result.SUCCESS);
        r.assertLogContains("result=FAILED success=false", b);
    }

    @Test
    void eachCallStartsItsOwnRunButAGivenTokenStartsOne(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long jobId = fixture.emulator.jobs().create("nightly");
        runPipeline(r, "databricksRunJob jobId: " + jobId + "\ndatabricksRunJob jobId: " + jobId, Result.SUCCESS);
        assertThat("two calls in one build are two runs", fixture.emulator.jobs().runIds(jobId), hasSize(2));

        long other = fixture.emulator.jobs().create("deploy");
        WorkflowRun b = runPipeline(r, "def a = databricksRunJob jobId: " + other + ", idempotencyToken: 'commit-abc'\n"
                + "def c = databricksRunJob jobId: " + other + ", idempotencyToken: 'commit-abc'\n"
                + "echo \"same=${a.run_id == c.run_id}\"", Result.SUCCESS);
        r.assertLogContains("same=true", b);
        assertThat(fixture.emulator.jobs().runIds(other), hasSize(1));
    }

    @Test
    void abortingTheBuildCancelsTheRun(JenkinsRule r) throws Exception {
        // On a manual clock the run never finishes by itself.
        fixture = StepsFixture.start(DatabricksEmulator.builder().manualClock());
        long jobId = fixture.emulator.jobs().create("long");
        WorkflowRun b = StepsFixture.pipelineJob(r, "databricksRunJob jobId: " + jobId).scheduleBuild2(0)
                .waitForStart();
        r.waitForMessage("waiting up to 60 min", b);
        b.getExecutor().interrupt();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        // the cancel is sent, and its outcome logged, before the step ends
        assertThat(fixture.emulator.requestCount("POST", "/api/2.2/jobs/runs/cancel"), is(1L));
        r.assertLogContains("Asked Databricks to cancel run " + fixture.emulator.jobs().runIds(jobId).get(0), b);
    }

    @Test
    void aMissingJobIdFailsBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksRunJob jobId: 0", Result.FAILURE);
        r.assertLogContains("jobId is required", b);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }

    @Test
    void aJobIdFromAnEnvironmentVariableIsReadAsANumberAndANonNumberIsRefusedBeforeAnyRequest(JenkinsRule r)
            throws Exception {
        fixture = StepsFixture.start();
        long jobId = fixture.emulator.jobs().create("nightly");
        WorkflowRun b = runPipeline(r, "withEnv(['JOB_ID=" + jobId + "']) {\n"
                + "  def run = databricksRunJob jobId: env.JOB_ID\n"
                + "  echo \"result=${run.result_state}\" }", Result.SUCCESS);
        r.assertLogContains("result=SUCCESS", b);
        assertThat(fixture.emulator.jobs().runIds(jobId), hasSize(1));

        long before = fixture.emulator.totalRequests();
        WorkflowRun bad = runPipeline(r, "withEnv(['JOB_ID=nightly']) { databricksRunJob jobId: env.JOB_ID }",
                Result.FAILURE);
        r.assertLogContains("unable to coerce the received value \"nightly\"", bad);
        assertThat("nothing was sent", fixture.emulator.totalRequests(), is(before));
    }
}
