package io.jenkins.plugins.databricks.steps.operations;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PutSecretStepTest {

    private static final String VALUE = "s3cr3t-value-that-must-stay-hidden-42";

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void snippetGeneratorWritesCredentialIdsOnly(JenkinsRule r) throws Exception {
        new SnippetizerTester(r).assertRoundTrip(new PutSecretStep("ci-secrets", "db-password", "db-password-cred"),
                "databricksPutSecret key: 'db-password', scope: 'ci-secrets', secretCredentialsId: 'db-password-cred'");
    }

    @Test
    void theValueOfASecretTextCredentialIsStoredAndShownNowhere(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        StepsFixture.addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, "db-password-cred", "",
                Secret.fromString(VALUE)));
        WorkflowRun b = runPipeline(r, "databricksCreateSecretScope scope: 'ci-secrets'\n"
                + "def put = databricksPutSecret scope: 'ci-secrets', key: 'db-password',"
                + " secretCredentialsId: 'db-password-cred'\n"
                + "echo \"returned ${put}\"", Result.SUCCESS);
        Optional<byte[]> stored = fixture.emulator.secrets().value("ci-secrets", "db-password");
        assertThat(stored.map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null), is(VALUE));
        r.assertLogContains("returned [scope:ci-secrets, key:db-password]", b);
        StepsFixture.assertNotStored(b, VALUE);
    }

    @Test
    void theBytesOfASecretFileCredentialAreStored(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        byte[] content = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 'k', 'e', 'y'};
        StepsFixture.addCredentials(new FileCredentialsImpl(CredentialsScope.GLOBAL, "keystore-cred", "",
                "keystore.p12", SecretBytes.fromRawBytes(content)));
        runPipeline(r, "databricksCreateSecretScope scope: 'ci-secrets'\n"
                + "databricksPutSecret scope: 'ci-secrets', key: 'keystore', secretCredentialsId: 'keystore-cred'",
                Result.SUCCESS);
        assertThat(fixture.emulator.secrets().value("ci-secrets", "keystore").orElse(null), is(content));
    }

    @Test
    void anUnknownCredentialFailsBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksPutSecret scope: 'ci-secrets', key: 'k', secretCredentialsId: 'nope'",
                Result.FAILURE);
        r.assertLogContains("secretCredentialsId: no credential with id 'nope'", b);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }
}
