package io.jenkins.plugins.databricks.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import hudson.model.Result;
import io.jenkins.plugins.databricks.emulator.DatabricksEmulator;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Jenkinsfile of the README's quick start runs as written, against the emulator started with its demo data
 * (the README's cluster and job ids), as a new user would run it.
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
    void quickStartJenkinsfileRunsAsWrittenAgainstTheDemoEmulator(JenkinsRule r) throws Exception {
        String script = firstGroovyBlock(Path.of("..", "README.md"));
        assertThat("the README example names the demo cluster", script, containsString(README_CLUSTER_ID));
        assertThat("the README example names the demo job", script, containsString(README_JOB_ID));

        // the emulator's --demo data: the README's ids exist as written
        fixture = StepsFixture.start(DatabricksEmulator.builder().demo().clusterStartDuration(Duration.ZERO)
                .runDuration(Duration.ofMillis(200)));

        WorkflowRun b = StepsFixture.runPipeline(r, script, Result.SUCCESS);
        r.assertLogContains("is RUNNING", b);
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
