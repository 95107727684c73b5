package io.jenkins.plugins.databricks.steps.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.DatabricksGlobalConfiguration;
import io.jenkins.plugins.databricks.DatabricksWorkspace;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.steps.StepsFixture;
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
 * A {@code databricksSql} wait survives a controller restart: the statement is followed, not sent again, and the step
 * returns the rows it would have. The warehouse is stopped and the emulator's clock manual, so the statement stays
 * PENDING until the test moves time on.
 */
class SqlRestartTest {
    private static final String WAREHOUSE = "0123456789abcdef";

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private DatabricksEmulator emulator;

    @BeforeEach
    void startEmulator() {
        emulator = DatabricksEmulator.builder().manualClock().token(StepsFixture.TOKEN)
                .warehouseStartDuration(Duration.ofMinutes(5)).start();
        emulator.sql().warehouses().createStopped(WAREHOUSE, "reporting");
        emulator.sql().execute("CREATE TABLE main.default.t (k INT); INSERT INTO main.default.t VALUES (1), (2), (3)");
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    private void configure() throws Exception {
        StepsFixture.addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, StepsFixture.CREDENTIALS_ID, "",
                Secret.fromString(StepsFixture.TOKEN)));
        DatabricksWorkspace w = new DatabricksWorkspace(StepsFixture.WORKSPACE, emulator.baseUrl(),
                StepsFixture.CREDENTIALS_ID);
        w.setDefaultWorkspace(true);
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
        DatabricksGlobalConfiguration.get().setWorkspaces(List.of(w));
    }

    private static WorkflowRun theBuild(JenkinsRule r) {
        return r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
    }

    @Test
    void aStatementWaitResumesAfterARestartAndReturnsTheSameRows() throws Throwable {
        String[] id = new String[1];
        sessions.then(r -> {
            configure();
            WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "p");
            job.setDefinition(new CpsFlowDefinition("def q = databricksSql warehouse: 'reporting', statement:"
                    + " 'SELECT sum(k) AS s, count(*) AS n FROM main.default.t'\n"
                    + "echo \"s=${q.rows[0].s} n=${q.rows[0].n} rows=${q.row_count}\"", true));
            WorkflowRun b = job.scheduleBuild2(0).waitForStart();
            r.waitForMessage("running SQL statement", b);
            id[0] = SqlStepTest.firstStatementId(b);
            // polled at least once: the checkpoint is saved before the first poll
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (emulator.requestCount("GET", "/api/2.0/sql/statements/" + id[0]) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the statement was never polled");
                }
                Thread.sleep(50);
            }
        });
        sessions.then(r -> {
            WorkflowRun b = theBuild(r);
            r.waitForMessage("resuming the wait for SQL statement (" + id[0] + ")", b);
            emulator.clock().advance(Duration.ofMinutes(10));
            r.assertBuildStatus(Result.SUCCESS, r.waitForCompletion(b));
            r.assertLogContains("s=6 n=3 rows=1", b);
            assertThat("the statement was sent once", emulator.sql().statementCount(), is(1));
            StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
        });
    }
}
