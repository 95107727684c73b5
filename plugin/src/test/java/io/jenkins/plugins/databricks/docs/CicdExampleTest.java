package io.jenkins.plugins.databricks.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.FilePath;
import hudson.model.Result;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The CI/CD Jenkinsfile of docs/cicd.md runs as written against the emulator: the workspace holds what the
 * commented build would leave (a wheel and the notebooks), and every stage does what the page says.
 */
@WithJenkins
class CicdExampleTest {

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theCicdJenkinsfileRunsAsWritten(JenkinsRule r) throws Exception {
        String text = Files.readString(Path.of("..", "docs", "cicd.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```groovy\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat("docs/cicd.md has a Jenkinsfile", m.find());
        fixture = StepsFixture.start();

        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "app");
        job.setDefinition(new CpsFlowDefinition(m.group(1), true));
        FilePath ws = r.jenkins.getWorkspaceFor(job);
        ws.child("dist/app-1.0-py3-none-any.whl").write("not really a wheel", "UTF-8");
        ws.child("notebooks/run_tests.py").write("# Databricks notebook source\n"
                + "print('running 12 tests')\n"
                + "dbutils.notebook.exit('12 passed')\n", "UTF-8");
        ws.child("notebooks/helpers.py").write("def helper():\n    return 1\n", "UTF-8");

        WorkflowRun b = r.buildAndAssertStatus(Result.SUCCESS, job);

        r.assertLogContains("uploaded 1 wheel(s), first /Volumes/main/ci/artifacts/app/app-1.0-py3-none-any.whl (18 bytes)", b);
        r.assertLogContains("imported 2 object(s) into /Shared/app-ci", b);
        r.assertLogContains("tests: 12 passed", b);
        r.assertLogContains("prod Git folder is at " + fixture.emulator.repos().headCommit("/Repos/prod/app"), b);
        assertThat(fixture.emulator.volumes().size("/Volumes/main/ci/artifacts/app/app-1.0-py3-none-any.whl")
                .orElse(-1L), is(18L));
        assertThat(fixture.emulator.workspace().objectType("/Shared/app-ci/run_tests").orElse(""), is("NOTEBOOK"));
        assertThat(fixture.emulator.workspace().objectType("/Shared/app-ci/helpers.py").orElse(""), is("FILE"));
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }
}
