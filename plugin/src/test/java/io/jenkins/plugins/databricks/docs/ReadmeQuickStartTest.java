package io.jenkins.plugins.databricks.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import hudson.model.Result;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Jenkinsfile of the README's quick start runs as written, against the emulator: only the cluster id and
 * job id of the example are swapped for ones the emulator has.
 */
@WithJenkins
class ReadmeQuickStartTest {

    private static final String README_CLUSTER_ID = "0123-456789-abcdefgh";
    private static final String README_JOB_ID = "jobId: 42";

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void quickStartJenkinsfileRuns(JenkinsRule r) throws Exception {
        String script = firstGroovyBlock(Path.of("..", "README.md"));
        assertThat("the README example names the cluster it starts", script, containsString(README_CLUSTER_ID));
        assertThat("the README example names the job it runs", script, containsString(README_JOB_ID));

        fixture = StepsFixture.start();
        String clusterId = fixture.emulator.clusters().create("etl");
        long jobId = fixture.emulator.jobs().create("nightly");
        script = script.replace(README_CLUSTER_ID, clusterId).replace(README_JOB_ID, "jobId: " + jobId);

        WorkflowRun b = StepsFixture.runPipeline(r, script, Result.SUCCESS);
        r.assertLogContains("cluster etl is RUNNING", b);
        r.assertLogContains(": SUCCESS " + fixture.emulator.baseUrl(), b);
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }

    private static String firstGroovyBlock(Path markdown) throws Exception {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```groovy\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat("README.md has a groovy block", m.find());
        return m.group(1);
    }
}
