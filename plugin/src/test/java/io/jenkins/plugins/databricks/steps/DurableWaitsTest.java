package io.jenkins.plugins.databricks.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.DatabricksGlobalConfiguration;
import io.jenkins.plugins.databricks.DatabricksWorkspace;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.faults.Fault;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * Waits survive a controller restart: the step resumes polling the run or cluster it started, ends as it would have,
 * never starts a second run, and an abort after the restart still cancels the run. The emulator runs on a manual
 * clock, so a run or a cluster start ends only when the test moves time on.
 */
class DurableWaitsTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private DatabricksEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = DatabricksEmulator.builder().manualClock().token(StepsFixture.TOKEN)
                .runDuration(Duration.ofMinutes(5)).clusterStartDuration(Duration.ofMinutes(5)).start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    private void configure() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL,
                StepsFixture.CREDENTIALS_ID, "", Secret.fromString(StepsFixture.TOKEN)));
        SystemCredentialsProvider.getInstance().save();
        DatabricksWorkspace w = new DatabricksWorkspace(StepsFixture.WORKSPACE, emulator.baseUrl(),
                StepsFixture.CREDENTIALS_ID);
        w.setDefaultWorkspace(true);
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
        DatabricksGlobalConfiguration.get().setWorkspaces(List.of(w));
    }

    private static WorkflowRun startBuild(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "p");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job.scheduleBuild2(0).waitForStart();
    }

    private static WorkflowRun theBuild(JenkinsRule r) {
        return r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
    }

    /** The step polls: its checkpoint is recorded, since it is set before the first poll. */
    private void awaitPolling(String path, long requestsBefore) throws InterruptedException {
        StepsFixture.await("a poll of " + path, () -> emulator.requestCount("GET", path) > requestsBefore);
    }

    /** Before the restart: a build whose run-now step is waiting (started, checkpoint recorded, polling). */
    private void startWaitingOnJob(JenkinsRule r, long[] job, String script) throws Exception {
        configure();
        job[0] = emulator.jobs().create("nightly");
        WorkflowRun b = startBuild(r, script.replace("JOB", Long.toString(job[0])));
        r.waitForMessage("waiting up to 60 min", b);
        awaitPolling("/api/2.2/jobs/runs/get", 1);
    }

    @Test
    void aRunJobWaitResumesAfterARestartAndEndsAsItWouldHave() throws Throwable {
        long[] job = new long[1];
        sessions.then(r -> startWaitingOnJob(r, job, "def run = databricksRunJob jobId: JOB\n"
                + "echo \"result=${run.result_state} id=${run.run_id}\""));
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.waitForMessage("resuming the wait for run", b);
            emulator.clock().advance(Duration.ofMinutes(10));
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            long runId = emulator.jobs().runIds(job[0]).get(0);
            r.assertLogContains("result=SUCCESS id=" + runId, b);
            r.assertLogContains("run " + runId + " ended TERMINATED SUCCESS", b);
            assertThat("exactly one Databricks run", emulator.jobs().runIds(job[0]), hasSize(1));
            StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
        });
    }

    @Test
    void aRetryAroundARestartedWaitStartsExactlyOneRun() throws Throwable {
        long[] job = new long[1];
        sessions.then(r -> startWaitingOnJob(r, job, "retry(3) { databricksRunJob jobId: JOB }"));
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.waitForMessage("resuming the wait for run", b);
            emulator.clock().advance(Duration.ofMinutes(10));
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            assertThat("exactly one Databricks run", emulator.jobs().runIds(job[0]), hasSize(1));
        });
    }

    @Test
    void anAbortAfterTheRestartCancelsTheRunBeforeTheStepEnds() throws Throwable {
        long[] job = new long[1];
        sessions.then(r -> startWaitingOnJob(r, job, "databricksRunJob jobId: JOB"));
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.waitForMessage("resuming the wait for run", b);
            b.doStop();
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
            long runId = emulator.jobs().runIds(job[0]).get(0);
            assertThat(emulator.requestCount("POST", "/api/2.2/jobs/runs/cancel"), is(1L));
            r.assertLogContains("Asked Databricks to cancel run " + runId, b);
        });
    }

    @Test
    void aClusterStartWaitResumesAfterARestart() throws Throwable {
        String[] cluster = new String[1];
        sessions.then(r -> {
            configure();
            cluster[0] = emulator.clusters().create("etl");
            WorkflowRun b = startBuild(r, "def c = databricksStartCluster clusterId: '" + cluster[0] + "'\n"
                    + "echo \"state=${c.state}\"");
            r.waitForMessage("for RUNNING", b);
            awaitPolling("/api/2.1/clusters/get", 0);
        });
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.waitForMessage("resuming the wait for cluster " + cluster[0], b);
            // the start may have been sent before or after the restart; time moves on once it was
            StepsFixture.await("the cluster is starting",
                    () -> "PENDING".equals(emulator.clusters().state(cluster[0])));
            emulator.clock().advance(Duration.ofMinutes(10));
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("state=RUNNING", b);
            assertThat("started once", emulator.requestCount("POST", "/api/2.1/clusters/start"), is(1L));
        });
    }

    @Test
    void aWaitWhoseWorkspaceWasRemovedDuringTheRestartFailsNamingIt() throws Throwable {
        sessions.then(r -> {
            startWaitingOnJob(r, new long[1], "databricksRunJob workspace: '" + StepsFixture.WORKSPACE + "', jobId: JOB");
            DatabricksGlobalConfiguration.get().setWorkspaces(List.of());
        });
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
            r.assertLogContains("Databricks workspace '" + StepsFixture.WORKSPACE + "' is no longer configured", b);
        });
    }

    @Test
    void aRestartWhileTheStartRequestIsOutAsksAgainWithTheSameTokenAndFollowsTheOneRun() throws Throwable {
        long[] job = new long[1];
        sessions.then(r -> {
            configure();
            job[0] = emulator.jobs().create("nightly");
            // the first run-now gets no answer before Jenkins goes down
            emulator.faults().next(1, "/api/2.2/jobs/run-now", Fault.delay(Duration.ofMinutes(10)));
            WorkflowRun b = startBuild(r, "def run = databricksRunJob jobId: " + job[0] + "\n"
                    + "echo \"result=${run.result_state}\"");
            StepsFixture.await("the run-now was sent",
                    () -> emulator.requestCount("POST", "/api/2.2/jobs/run-now") >= 1);
            StepsFixture.await("a safe restart would wait for its answer", () -> blocksRestart(b));
        });
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.waitForMessage("asking again with the same idempotency token", b);
            r.waitForMessage("waiting up to 60 min", b);
            assertThat(blocksRestart(b), is(false));
            emulator.clock().advance(Duration.ofMinutes(10));
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("result=SUCCESS", b);
            assertThat("exactly one Databricks run", emulator.jobs().runIds(job[0]), hasSize(1));
        });
    }

    private static boolean blocksRestart(WorkflowRun b) {
        try {
            for (org.jenkinsci.plugins.workflow.steps.StepExecution e
                    : b.getExecution().getCurrentExecutions(false).get()) {
                if (e instanceof RunWaitExecution && e.blocksRestart()) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new AssertionError("could not read the build's step executions", e);
        }
    }

    @Test
    void aWaitWhoseWorkspaceNowPointsAtAnotherHostFailsNamingBoth() throws Throwable {
        sessions.then(r -> {
            startWaitingOnJob(r, new long[1], "databricksRunJob jobId: JOB");
            DatabricksWorkspace moved = new DatabricksWorkspace(StepsFixture.WORKSPACE, "https://moved.example.com",
                    StepsFixture.CREDENTIALS_ID);
            moved.setDefaultWorkspace(true);
            DatabricksGlobalConfiguration.get().setWorkspaces(List.of(moved));
        });
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
            r.assertLogContains("now points at https://moved.example.com, but this step started on "
                    + emulator.baseUrl(), b);
            assertThat("nothing was sent to the new host's stand-in either", emulator.requestCount("POST",
                    "/api/2.2/jobs/run-now"), is(1L));
        });
    }
}
