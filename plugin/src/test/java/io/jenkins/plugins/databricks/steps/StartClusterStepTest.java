package io.jenkins.plugins.databricks.steps;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class StartClusterStepTest {

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void snippetGeneratorWritesWhatPipelineReadsBack(JenkinsRule r) throws Exception {
        SnippetizerTester st = new SnippetizerTester(r);
        st.assertRoundTrip(new StartClusterStep("0123-456789-abcdefgh"),
                "databricksStartCluster '0123-456789-abcdefgh'");
        StartClusterStep step = new StartClusterStep("0123-456789-abcdefgh");
        step.setWait(false);
        step.setTimeout(30);
        step.setWorkspace("prod");
        st.assertRoundTrip(step,
                "databricksStartCluster clusterId: '0123-456789-abcdefgh', timeout: 30, wait: false, workspace: 'prod'");
    }

    @Test
    void startsATerminatedClusterAndReturnsItAsAMap(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String id = fixture.emulator.clusters().create("etl");
        WorkflowRun b = runPipeline(r, "def c = databricksStartCluster clusterId: '" + id + "'\n"
                + "echo \"state=${c.state} name=${c['cluster_name']} id=${c.cluster_id}\"", Result.SUCCESS);
        r.assertLogContains("state=RUNNING name=etl id=" + id, b);
        r.assertLogContains("TERMINATED", b); // the state changes are logged while waiting
        assertThat(fixture.emulator.clusters().state(id), is("RUNNING"));
    }

    @Test
    void aClusterThatCannotStartFailsTheBuildWithItsReason(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String id = fixture.emulator.clusters().create("etl");
        fixture.emulator.clusters().failNextStart(id, "BOOTSTRAP_TIMEOUT", "Instance bootstrap failed");
        WorkflowRun b = runPipeline(r, "databricksStartCluster clusterId: '" + id + "'\necho 'not reached'",
                Result.FAILURE);
        r.assertLogContains("CLUSTER_START_FAILED", b);
        r.assertLogContains("Instance bootstrap failed", b);
        r.assertLogContains("BOOTSTRAP_TIMEOUT", b);
        r.assertLogNotContains("not reached", b);
    }

    @Test
    void aMissingClusterIdFailsBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksStartCluster clusterId: ''", Result.FAILURE);
        r.assertLogContains("clusterId is required", b);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }

    @Test
    void abortingTheBuildStopsTheWaitAtOnce(JenkinsRule r) throws Exception {
        // On a manual clock the cluster stays PENDING until the test moves time, which it never does.
        fixture = StepsFixture.start(DatabricksEmulator.builder().manualClock());
        String id = fixture.emulator.clusters().create("etl");
        WorkflowRun b = StepsFixture.pipelineJob(r, "databricksStartCluster clusterId: '" + id + "'")
                .scheduleBuild2(0).waitForStart();
        r.waitForMessage("PENDING", b);
        long before = System.nanoTime();
        b.getExecutor().interrupt();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        assertThat("aborted within seconds, not after the 20 minute timeout",
                System.nanoTime() - before < 30_000_000_000L);
    }
}
