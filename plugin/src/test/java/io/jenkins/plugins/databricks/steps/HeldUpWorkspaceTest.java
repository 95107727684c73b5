package io.jenkins.plugins.databricks.steps;

import static io.jenkins.plugins.databricks.steps.StepsFixture.pipelineJob;
import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import hudson.model.Result;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import io.jenkins.plugins.databricks.steps.durable.BlockingWork;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A throttled workspace holds up only its own steps: Jenkins' shared timer (every {@code sleep}, {@code timeout} and
 * periodic task) keeps running, the stop button ends a step in the middle of a throttled start at once, a failing
 * first read after the start loses no run, and a huge notebook result does not become a huge Pipeline value.
 */
@WithJenkins
class HeldUpWorkspaceTest {
    private static final String RUN_NOW = "/api/2.2/jobs/run-now";
    /** Far longer than any of these tests: a held-up step asks once and then pauses. */
    private static final long RETRY_AFTER_SECONDS = 90;

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private long throttledJob() {
        long job = fixture.emulator.jobs().create("held");
        fixture.emulator.faults().next(1_000_000, RUN_NOW, Fault.rateLimited(RETRY_AFTER_SECONDS));
        return job;
    }

    @Test
    void aThrottledWorkspaceDoesNotHoldUpASleepElsewhereAndEveryHeldStepStops(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long job = throttledJob();
        int held = Integer.getInteger("heldUpSteps", 12);
        List<WorkflowRun> builds = new ArrayList<>();
        for (int i = 0; i < held; i++) {
            builds.add(pipelineJob(r, "databricksRunJob jobId: " + job).scheduleBuild2(0).waitForStart());
        }
        // every step is in the workspace's lane, and the throttling answered: the steps on threads pause for
        // Retry-After (or for the rate limiter, which the 429 paused), the rest wait in line
        String lane = BlockingWork.lane(fixture.emulator.baseUrl());
        StepsFixture.await("every held-up step reached its workspace's lane",
                () -> BlockingWork.current().lanes().pending(lane) == held);
        StepsFixture.await("the workspace answered 429", () -> fixture.emulator.requestCount("POST", RUN_NOW) >= 1);

        long sleepStart = System.nanoTime();
        runPipeline(r, "sleep time: 1, unit: 'SECONDS'", Result.SUCCESS);
        long sleepMillis = (System.nanoTime() - sleepStart) / 1_000_000;

        // the sleep ended while every held-up step was still in its first pause: no step asked twice, and no more
        // steps than the workspace's lane allows were on threads
        assertThat(fixture.emulator.requestCount("POST", RUN_NOW),
                lessThanOrEqualTo((long) BlockingWork.PER_WORKSPACE));
        for (WorkflowRun b : builds) {
            assertThat(b.getFullDisplayName() + " is still held up", b.isBuilding(), is(true));
        }

        long stopStart = System.nanoTime();
        for (WorkflowRun b : builds) {
            b.doStop();
        }
        for (WorkflowRun b : builds) {
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        }
        long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
        assertThat("no run was started", fixture.emulator.jobs().runIds(job), empty());
        assertThat("the throttling still stands", fixture.emulator.faults().pending(), greaterThan(0));
        assertThat("nobody asked again after the stop", fixture.emulator.requestCount("POST", RUN_NOW),
                lessThanOrEqualTo((long) BlockingWork.PER_WORKSPACE));
        StepsFixture.await("the lane is empty again", () -> BlockingWork.current().lanes().pending(lane) == 0);
        // figures for docs/performance.md; timing is reported, never asserted
        System.out.println("held-up steps: " + held + ", a 1 s sleep elsewhere took " + sleepMillis
                + " ms, stopping all of them took " + stopMillis + " ms");
    }

    @Test
    void theStopButtonEndsAThrottledStartAtOnceAndSaysWhatMayHaveHappened(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long job = throttledJob();
        WorkflowRun b = pipelineJob(r, "databricksRunJob jobId: " + job).scheduleBuild2(0).waitForStart();
        StepsFixture.await("the run-now was sent", () -> fixture.emulator.requestCount("POST", RUN_NOW) >= 1);
        b.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        assertThat(fixture.emulator.faults().pending(), greaterThan(0));
        assertThat(fixture.emulator.requestCount("POST", RUN_NOW), is(1L));
        r.assertLogContains("aborted before Databricks answered the request to start a run of job " + job, b);
        r.assertLogContains("idempotency token", b);
        assertThat(fixture.emulator.jobs().runIds(job), empty());
    }

    @Test
    void aFailingFirstReadAfterTheStartLosesNoRun(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long job = fixture.emulator.jobs().create("nightly");
        fixture.emulator.faults().next(1, "/api/2.2/jobs/runs/get", Fault.status(403));
        WorkflowRun b = runPipeline(r, "def run = databricksRunJob jobId: " + job + "\n"
                + "echo \"result=${run.result_state}\"", Result.SUCCESS);
        r.assertLogContains("reading it failed", b);
        r.assertLogContains("following it anyway", b);
        r.assertLogContains("result=SUCCESS", b);
        assertThat("exactly one run", fixture.emulator.jobs().runIds(job), hasSize(1));
        long runId = fixture.emulator.jobs().runIds(job).get(0);
        assertThat("the build page links the run all the same", b.getActions(DatabricksRunAction.class).stream()
                .anyMatch(a -> a.getRunId() == runId), is(true));
    }

    @Test
    void aHugeNotebookResultIsCutInTheStepsValue(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String megabyte = "x".repeat(1024 * 1024);
        fixture.emulator.workspace().putNotebook("/Shared/big", "PYTHON", "dbutils.notebook.exit(\"" + megabyte
                + "\")\n");
        WorkflowRun b = runPipeline(r, "def run = databricksSubmitRun serverless: true, tasks: [[type: 'notebook',"
                + " path: '/Shared/big']]\n"
                + "echo \"length=${run.tasks[0].notebook_result.length()} cut=${run.tasks[0].notebook_result_truncated}"
                + " logs_cut=${run.tasks[0].logs_truncated}\"", Result.SUCCESS);
        r.assertLogContains("length=65536 cut=true logs_cut=false", b);
        assertThat(JenkinsRule.getLog(b), not(containsString("x".repeat(70_000))));
    }
}
