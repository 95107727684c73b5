package io.jenkins.plugins.databricks.builders;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.steps.AccessControlEntryConfig;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Each build step survives its configuration form unchanged: what the form shows is what it saves. */
@WithJenkins
class BuildersConfigRoundTripTest {

    private JenkinsRule r;
    private StepsFixture fixture;

    @BeforeEach
    void configure(JenkinsRule rule) throws Exception {
        r = rule;
        // The drop-downs only keep values they offer: a workspace named "test" and these credentials.
        fixture = StepsFixture.start();
        StepsFixture.addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, "value-cred", "",
                Secret.fromString("v")));
    }

    @AfterEach
    void stopEmulator() {
        fixture.close();
    }

    private <B extends AbstractDatabricksBuilder> void assertRoundTrip(B before) throws Exception {
        r.assertEqualDataBoundBeans(before, r.configRoundtrip(before));
    }

    @Test
    void startCluster() throws Exception {
        StartClusterBuilder b = new StartClusterBuilder("0123-456789-abcdefgh");
        b.setWait(false);
        b.setTimeout(5);
        b.setWorkspace(StepsFixture.WORKSPACE);
        b.setOutputFile("out/cluster.json");
        assertRoundTrip(b);
    }

    @Test
    void startClusterOnAnAdHocHost() throws Exception {
        StartClusterBuilder b = new StartClusterBuilder("0123-456789-abcdefgh");
        b.setHost("https://adb-1234567890123456.7.azuredatabricks.net");
        b.setCredentialsId(StepsFixture.CREDENTIALS_ID);
        assertRoundTrip(b);
    }

    @Test
    void setPermissions() throws Exception {
        SetPermissionsBuilder b = new SetPermissionsBuilder("jobs", "42");
        AccessControlEntryConfig user = new AccessControlEntryConfig("CAN_MANAGE_RUN");
        user.setUser("someone@example.com");
        AccessControlEntryConfig group = new AccessControlEntryConfig("CAN_VIEW");
        group.setGroup("eng");
        AccessControlEntryConfig sp = new AccessControlEntryConfig("CAN_MANAGE");
        sp.setServicePrincipal("6f0e1c2a-0000-4000-8000-000000000001");
        b.setAccessControlList(List.of(user, group, sp));
        b.setReplace(true);
        assertRoundTrip(b);
    }

    @Test
    void createSecretScope() throws Exception {
        CreateSecretScopeBuilder b = new CreateSecretScopeBuilder("ci-secrets");
        b.setInitialManagePrincipal("users");
        b.setIgnoreExisting(false);
        assertRoundTrip(b);
    }

    @Test
    void putSecret() throws Exception {
        PutSecretBuilder b = new PutSecretBuilder("ci-secrets", "db-password", "value-cred");
        b.setOutputFile("put.json");
        assertRoundTrip(b);
    }

    @Test
    void runJob() throws Exception {
        RunJobBuilder b = new RunJobBuilder("${JOB_ID}");
        b.setParameters("env=staging");
        b.setIdempotencyToken("commit-abc");
        b.setWait(true);
        b.setTimeout(90);
        b.setPropagate(false);
        assertRoundTrip(b);
    }

    @Test
    void api() throws Exception {
        ApiBuilder b = new ApiBuilder("/api/2.1/clusters/start");
        b.setMethod("POST");
        b.setQuery("dry_run=true");
        b.setBody("{\"cluster_id\": \"0123-456789-abcdefgh\"}");
        b.setQuiet(true);
        b.setOutputFile("answer.json");
        assertRoundTrip(b);
    }
}
