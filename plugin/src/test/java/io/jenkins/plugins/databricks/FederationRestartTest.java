package io.jenkins.plugins.databricks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import com.cloudbees.plugins.credentials.CredentialsScope;
import io.jenkins.plugins.databricks.credentials.DatabricksFederatedCredentials;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import io.jenkins.plugins.oidc_provider.IdTokenStringCredentials;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A federated workspace across a controller restart: the wait resumes and, since nothing of the first session's
 * access token was kept, the resumed step exchanges a JWT minted after the restart. The emulator's clock is manual,
 * so the run stays RUNNING until the test moves time on.
 */
class FederationRestartTest {
    private static final String SP = "7c1d2e3f-0000-4000-8000-00000000fed2";

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private DatabricksEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = DatabricksEmulator.builder().manualClock().token("dapi-emulator-only-0000000000000000")
                .allowHttpIssuers().runDuration(Duration.ofMinutes(5)).start();
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void aRunWaitResumesAfterARestartWithAFreshExchange() throws Throwable {
        long[] job = new long[1];
        long[] exchangesBefore = new long[1];
        sessions.then(r -> {
            emulator.federation().addPolicy(r.getURL() + "oidc", "databricks", r.getURL() + "job/p/", SP);
            IdTokenStringCredentials idToken = new IdTokenStringCredentials(CredentialsScope.GLOBAL, "oidc", "");
            idToken.setAudience("databricks");
            StepsFixture.addCredentials(idToken);
            StepsFixture.addCredentials(new DatabricksFederatedCredentials(CredentialsScope.GLOBAL, "fed", "", "oidc",
                    SP));
            DatabricksWorkspace w = new DatabricksWorkspace("fed", emulator.baseUrl(), "fed");
            w.setDefaultWorkspace(true);
            DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
            DatabricksGlobalConfiguration.get().setWorkspaces(List.of(w));
            job[0] = emulator.jobs().create("nightly");
            WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("def run = databricksRunJob jobId: " + job[0] + "\n"
                    + "echo \"result=${run.result_state}\"", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("waiting up to 60 min", b);
            StepsFixture.await("a poll of the run", () -> emulator.requestCount("GET", "/api/2.2/jobs/runs/get") > 1);
            exchangesBefore[0] = emulator.requestCount("/oidc/v1/token");
        });
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForMessage("resuming the wait for run", b);
            emulator.clock().advance(Duration.ofMinutes(10));
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("result=SUCCESS", b);
            assertThat("the resumed step exchanged a JWT minted after the restart",
                    emulator.requestCount("/oidc/v1/token"), greaterThan(exchangesBefore[0]));
            assertThat("one Databricks run", emulator.jobs().runIds(job[0]), hasSize(1));
        });
    }

}
