package io.jenkins.plugins.databricks.steps;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Result;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step in one build, successful and failing: the token appears in no log line and no file of the build. */
@WithJenkins
class TokenNeverStoredTest {

    private static final String SECRET_VALUE = "value-of-the-databricks-secret-0987654321";

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void noStepWritesTheTokenOrASecretValueAnywhere(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        StepsFixture.addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, "value-cred", "",
                Secret.fromString(SECRET_VALUE)));
        String cluster = fixture.emulator.clusters().create("etl");
        long job = fixture.emulator.jobs().create("nightly");
        long broken = fixture.emulator.jobs().create("broken", "FAILED");
        WorkflowRun b = runPipeline(r, "def results = []\n"
                + "results << databricksStartCluster(clusterId: '" + cluster + "')\n"
                + "results << databricksSetPermissions(objectType: 'clusters', objectId: '" + cluster + "',"
                + " accessControlList: [[user: 'someone@example.com', level: 'CAN_RESTART']])\n"
                + "results << databricksCreateSecretScope(scope: 'ci')\n"
                + "results << databricksPutSecret(scope: 'ci', key: 'k', secretCredentialsId: 'value-cred')\n"
                + "results << databricksRunJob(jobId: " + job + ")\n"
                + "results << databricksRunJob(jobId: " + broken + ", propagate: false)\n"
                + "results << databricksApi(path: '/api/2.0/preview/scim/v2/Me')\n"
                + "withDatabricks { results << env.DATABRICKS_HOST }\n"
                + "echo \"all results: ${results}\"\n"
                + "databricksApi path: '/api/2.1/clusters/get', query: [cluster_id: 'missing']", Result.FAILURE);
        r.assertLogContains("all results:", b);
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
        StepsFixture.assertNotStored(b, SECRET_VALUE);
    }
}
