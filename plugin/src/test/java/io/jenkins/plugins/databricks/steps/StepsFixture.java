package io.jenkins.plugins.databricks.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Result;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.DatabricksGlobalConfiguration;
import io.jenkins.plugins.databricks.DatabricksWorkspace;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.emulator.EmulatorBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * A Databricks emulator running inside the test, and a Jenkins configured to reach it: a Secret text credential
 * holding the emulator's token and a default workspace named {@value #WORKSPACE}.
 */
public final class StepsFixture implements AutoCloseable {

    public static final String TOKEN = "dapi-steps-test-7d4c1e9a0b2f4a6e8c3d5f7a";
    public static final String CREDENTIALS_ID = "databricks-token";
    public static final String WORKSPACE = "test";

    public final DatabricksEmulator emulator;

    private StepsFixture(DatabricksEmulator emulator) {
        this.emulator = emulator;
    }

    /** An emulator on real time where clusters start at once and runs take a fraction of a second. */
    public static StepsFixture start() throws IOException {
        return start(DatabricksEmulator.builder().clusterStartDuration(Duration.ZERO)
                .runDuration(Duration.ofMillis(200)));
    }

    /** @param builder an emulator builder the test has set up (e.g. with a manual clock); the token is added here */
    public static StepsFixture start(EmulatorBuilder builder) throws IOException {
        DatabricksEmulator emulator = builder.token(TOKEN).start();
        // grants must name principals the workspace knows, as on Databricks (emulator issue 12)
        emulator.users().addUser("someone@example.com");
        emulator.users().addUser("old@example.com");
        emulator.users().addGroup("eng");
        emulator.users().addServicePrincipal("6f0e1c2a-0000-4000-8000-000000000001");
        emulator.users().addServicePrincipal("app-0001");
        addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, CREDENTIALS_ID, "emulator token",
                Secret.fromString(TOKEN)));
        DatabricksWorkspace workspace = new DatabricksWorkspace(WORKSPACE, emulator.baseUrl(), CREDENTIALS_ID);
        workspace.setDefaultWorkspace(true);
        // the emulator listens on a loopback address over plain http://, which an administrator must allow
        DatabricksGlobalConfiguration.get().setAllowPlainHttp(true);
        DatabricksGlobalConfiguration.get().setWorkspaces(List.of(workspace));
        return new StepsFixture(emulator);
    }

    public static void addCredentials(Credentials credentials) throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(credentials);
        SystemCredentialsProvider.getInstance().save();
    }

    /** Runs a sandboxed Pipeline script in a new job and checks the build's result. */
    public static WorkflowRun runPipeline(JenkinsRule r, String script, Result expected) throws Exception {
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "p" + r.jenkins.getItems().size());
        job.setDefinition(new CpsFlowDefinition(script, true));
        return r.buildAndAssertStatus(expected, job);
    }

    /** A job whose build the test starts and controls itself (to abort it, say). */
    public static WorkflowJob pipelineJob(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "p" + r.jenkins.getItems().size());
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    /** The secret appears nowhere in what Jenkins keeps of the build: its log, build.xml, flow nodes, ... */
    public static void assertNotStored(Run<?, ?> run, String secret) throws IOException {
        assertThat(JenkinsRule.getLog(run), not(containsString(secret)));
        try (Stream<Path> files = Files.walk(run.getRootDir().toPath())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat("the secret must not be stored in " + file, content, not(containsString(secret)));
            }
        }
        File buildXml = new File(run.getRootDir(), "build.xml");
        assertThat("build.xml is written", buildXml.isFile());
    }

    /** Waits for an event the assertion needs (not for a length of time): two minutes at most, then fails. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
