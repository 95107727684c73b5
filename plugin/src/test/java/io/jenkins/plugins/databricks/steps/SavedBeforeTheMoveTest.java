package io.jenkins.plugins.databricks.steps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import hudson.model.FreeStyleProject;
import io.jenkins.plugins.databricks.builders.DatabricksBuilder;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.steps.files.UploadStep;
import io.jenkins.plugins.databricks.steps.operations.SetPermissionsStep;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.cps.nodes.StepAtomNode;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A Jenkins home saved by the plugin as it was before the steps package was split into sub-packages (issue 22):
 * a Pipeline build stopped by a shutdown while {@code databricksRunJob} waited for run 500000000000001 (its
 * {@code program.dat} names the classes of the wait; its timeout, the longest a step takes, keeps the saved
 * wall-clock deadline out of reach), and a freestyle job whose {@code config.xml} names step and
 * access-control classes. After the move the build loads, resumes its wait and ends as it would have, and the
 * freestyle job loads with its steps. The saved files name the emulator they talked to; only its port is replaced
 * (by one of the same length, so {@code program.dat} stays valid).
 */
class SavedBeforeTheMoveTest {
    private static final String SAVED_HOST = "127.0.0.1:34309";
    private static final long JOB = 100_000_000_000_001L;
    private static final long RUN = 500_000_000_000_001L;

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private DatabricksEmulator emulator;

    @BeforeEach
    void startEmulatorWithTheSavedRun() throws Exception {
        emulator = DatabricksEmulator.builder().manualClock().token(StepsFixture.TOKEN)
                .runDuration(Duration.ofMinutes(5)).start();
        assertThat("the emulator's first job has the saved id", emulator.jobs().create("nightly"), is(JOB));
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "/api/2.2/jobs/run-now"))
                .header("Authorization", "Bearer " + StepsFixture.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_id\": " + JOB + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.body(), started.body().contains("\"run_id\":" + RUN), is(true));
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    /** Copies the saved home into this session's home, pointing it at this emulator. */
    private void restoreSavedHome() throws Exception {
        String host = URI.create(emulator.baseUrl()).getAuthority();
        assertThat("an ephemeral port has five digits, as the saved one", host.length(), is(SAVED_HOST.length()));
        Path saved = Path.of(getClass().getResource("SavedBeforeTheMoveTest/home").toURI());
        Path home = sessions.getHome().toPath();
        try (Stream<Path> files = Files.walk(saved)) {
            for (Path src : files.toList()) {
                Path dst = home.resolve(saved.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.write(dst, replace(Files.readAllBytes(src), SAVED_HOST.getBytes(StandardCharsets.US_ASCII),
                            host.getBytes(StandardCharsets.US_ASCII)));
                }
            }
        }
    }

    private static byte[] replace(byte[] data, byte[] from, byte[] to) {
        byte[] out = data.clone();
        for (int i = 0; i + from.length <= out.length; i++) {
            boolean match = true;
            for (int j = 0; j < from.length && match; j++) {
                match = out[i + j] == from[j];
            }
            if (match) {
                System.arraycopy(to, 0, out, i, to.length);
            }
        }
        return out;
    }

    @Test
    void aBuildAndAJobSavedBeforeTheMoveLoadAndTheWaitResumes() throws Throwable {
        restoreSavedHome();
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.waitForMessage("resuming the wait for run", b);
            emulator.clock().advance(Duration.ofMinutes(10));
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("result=SUCCESS id=" + RUN, b);
            assertThat("the run was followed, not started again", emulator.jobs().runIds(JOB), hasSize(1));
            StepAtomNode saved = (StepAtomNode) b.getExecution().getNode("3");
            assertThat("the saved flow node still names its step", saved.getDescriptor().getFunctionName(),
                    is("databricksRunJob"));

            FreeStyleProject f = r.jenkins.getItemByFullName("f", FreeStyleProject.class);
            List<DatabricksBuilder> builders = f.getBuildersList().getAll(DatabricksBuilder.class);
            assertThat(builders, hasSize(2));
            SetPermissionsStep perms = (SetPermissionsStep) builders.get(0).getOperation();
            assertThat(perms.getObjectId(), is(Long.toString(JOB)));
            assertThat(perms.getAccessControlList().get(0).getPrincipal(), is("eng"));
            assertThat(builders.get(1).getOperation(), instanceOf(UploadStep.class));
            assertThat(List.of(((UploadStep) builders.get(1).getOperation()).getTarget()),
                    contains("/Volumes/main/ci/saved"));
        });
    }
}
