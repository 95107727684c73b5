package io.jenkins.plugins.databricks.steps.operations;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import hudson.model.Result;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class ApiStepTest {

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
        st.assertRoundTrip(new ApiStep("/api/2.0/preview/scim/v2/Me"), "databricksApi '/api/2.0/preview/scim/v2/Me'");
        ApiStep step = new ApiStep("/api/2.1/clusters/start");
        step.setMethod("POST");
        step.setBody(Map.of("cluster_id", "0123-456789-abcdefgh"));
        step.setQuiet(true);
        st.assertRoundTrip(step, "databricksApi body: [cluster_id: '0123-456789-abcdefgh'], method: 'POST',"
                + " path: '/api/2.1/clusters/start', quiet: true");
        ApiStep list = new ApiStep("/api/2.1/jobs/list");
        list.setQuery(Map.of("limit", 25));
        st.assertRoundTrip(list, "databricksApi path: '/api/2.1/jobs/list', query: [limit: 25]");
    }

    @Test
    void returnsTheParsedAnswer(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        fixture.emulator.clusters().create("a");
        fixture.emulator.clusters().create("b");
        WorkflowRun b = runPipeline(r, "def me = databricksApi path: '/api/2.0/preview/scim/v2/Me'\n"
                + "def list = databricksApi path: '/api/2.1/clusters/list', query: [page_size: 10]\n"
                + "echo \"me=${me.userName} clusters=${list.clusters.size()}\"", Result.SUCCESS);
        r.assertLogContains("me=" + fixture.emulator.users().currentUserName() + " clusters=2", b);
        r.assertLogContains("Databricks GET /api/2.1/clusters/list", b);
    }

    @Test
    void sendsABodyGivenAsJsonText(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String id = fixture.emulator.clusters().create("etl");
        runPipeline(r, "databricksApi method: 'POST', path: '/api/2.1/clusters/start', body: '{\"cluster_id\": \""
                + id + "\"}'", Result.SUCCESS);
        assertThat(fixture.emulator.clusters().state(id), not(is("TERMINATED")));
    }

    @Test
    void quietLeavesTheRequestLineOut(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksApi path: '/api/2.0/preview/scim/v2/Me', quiet: true",
                Result.SUCCESS);
        r.assertLogNotContains("/api/2.0/preview/scim/v2/Me", b);
    }

    @Test
    void aDatabricksErrorFailsTheBuildWithItsCode(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksApi path: '/api/2.1/clusters/get', query: [cluster_id: 'nope']",
                Result.FAILURE);
        r.assertLogContains("GET /api/2.1/clusters/get failed: HTTP 400 INVALID_PARAMETER_VALUE", b);
    }

    @Test
    void anAbsoluteUrlIsRejectedBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksApi path: 'https://elsewhere.example.com/api/2.0/x'",
                Result.FAILURE);
        r.assertLogContains("path", b);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }
}
