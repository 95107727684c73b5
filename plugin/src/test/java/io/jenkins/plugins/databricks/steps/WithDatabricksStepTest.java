package io.jenkins.plugins.databricks.steps;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.Functions;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.DatabricksGlobalConfiguration;
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentialsImpl;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class WithDatabricksStepTest {

    private static final String SP_CLIENT_ID = "2b7f0c1e-0000-4000-8000-00000000cafe";
    private static final String SP_SECRET = "dose-sp-secret-0123456789abcdef";

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void snippetGeneratorWritesTheBlockForm(JenkinsRule r) throws Exception {
        WithDatabricksStep step = new WithDatabricksStep();
        step.setWorkspace("prod");
        new SnippetizerTester(r).assertRoundTrip(step, "withDatabricks(workspace: 'prod') {\n    // some block\n}");
    }

    @Test
    void theBlockSeesTheHostAndToken(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "withDatabricks {\n"
                + "  echo \"host=${env.DATABRICKS_HOST} auth=${env.DATABRICKS_AUTH_TYPE}"
                + " tokenLength=${env.DATABRICKS_TOKEN.length()}\"\n"
                + "}\n"
                + "echo \"after=${env.DATABRICKS_TOKEN}\"", Result.SUCCESS);
        r.assertLogContains("host=" + fixture.emulator.baseUrl() + " auth=pat tokenLength="
                + StepsFixture.TOKEN.length(), b);
        r.assertLogContains("after=null", b); // the variables live in the block only
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }

    @Test
    void theTokenIsMaskedInTheConsole(JenkinsRule r) throws Exception {
        assumeFalse(Functions.isWindows(), "uses sh");
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "node {\n"
                + "  withDatabricks(workspace: 'test') {\n"
                + "    sh 'echo \"token=$DATABRICKS_TOKEN\"'\n"
                + "  }\n"
                + "}", Result.SUCCESS);
        r.assertLogContains("masking $DATABRICKS_TOKEN", b);
        r.assertLogContains("token=****", b);
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }

    @Test
    void aServicePrincipalIsExposedAsClientIdAndMaskedSecret(JenkinsRule r) throws Exception {
        assumeFalse(Functions.isWindows(), "uses sh");
        fixture = StepsFixture.start();
        StepsFixture.addCredentials(new DatabricksServicePrincipalCredentialsImpl(CredentialsScope.GLOBAL, "sp",
                "service principal", SP_CLIENT_ID, Secret.fromString(SP_SECRET)));
        WorkflowRun b = runPipeline(r, "node {\n"
                + "  withDatabricks(host: '" + fixture.emulator.baseUrl() + "', credentialsId: 'sp') {\n"
                + "    sh 'echo \"id=$DATABRICKS_CLIENT_ID secret=$DATABRICKS_CLIENT_SECRET token=${DATABRICKS_TOKEN:-none}\"'\n"
                + "  }\n"
                + "}", Result.SUCCESS);
        r.assertLogContains("id=" + SP_CLIENT_ID + " secret=**** token=none", b);
        StepsFixture.assertNotStored(b, SP_SECRET);
    }

    @Test
    void anErrorThatQuotesTheTokenIsMaskedInTheLogAndInEveryFileOfTheBuild(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "withDatabricks(workspace: 'test') {\n"
                + "  error \"could not deploy with ${env.DATABRICKS_TOKEN}\"\n"
                + "}", Result.FAILURE);
        r.assertLogContains("could not deploy with ****", b);
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }

    @Test
    void anErrorThatQuotesTheClientSecretIsMaskedInTheLogAndInEveryFileOfTheBuild(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        StepsFixture.addCredentials(new DatabricksServicePrincipalCredentialsImpl(CredentialsScope.GLOBAL, "sp",
                "service principal", SP_CLIENT_ID, Secret.fromString(SP_SECRET)));
        WorkflowRun b = runPipeline(r, "withDatabricks(host: '" + fixture.emulator.baseUrl() + "', credentialsId: 'sp') {\n"
                + "  error \"secret was ${env.DATABRICKS_CLIENT_SECRET}, id ${env.DATABRICKS_CLIENT_ID}\"\n"
                + "}", Result.FAILURE);
        r.assertLogContains("secret was ****, id " + SP_CLIENT_ID, b);
        StepsFixture.assertNotStored(b, SP_SECRET);
    }

    @Test
    void withoutAnyWorkspaceTheStepSaysWhatToConfigure(JenkinsRule r) throws Exception {
        DatabricksGlobalConfiguration.get().setWorkspaces(List.of());
        WorkflowRun b = runPipeline(r, "withDatabricks { echo 'not reached' }", Result.FAILURE);
        r.assertLogContains("No workspace given and no default workspace configured", b);
        r.assertLogNotContains("not reached", b);
    }
}
