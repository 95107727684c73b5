package io.jenkins.plugins.databricks.docs;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.FilePath;
import hudson.model.Result;
import hudson.tasks.junit.TestResultAction;
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

    /** The page's Jenkinsfile as a job, and the wheel the commented build would leave in its workspace. */
    private WorkflowJob pageJob(JenkinsRule r) throws Exception {
        String text = Files.readString(Path.of("..", "docs", "cicd.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```groovy\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat("docs/cicd.md has a Jenkinsfile", m.find());
        fixture = StepsFixture.start();
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "app");
        job.setDefinition(new CpsFlowDefinition(m.group(1), true));
        r.jenkins.getWorkspaceFor(job).child("dist/app-1.0-py3-none-any.whl").write("not really a wheel", "UTF-8");
        return job;
    }

    @Test
    void theCicdJenkinsfileRunsAsWritten(JenkinsRule r) throws Exception {
        WorkflowJob job = pageJob(r);
        FilePath ws = r.jenkins.getWorkspaceFor(job);
        // the test notebook as the page describes it: it leaves pytest's JUnit report in the volume
        ws.child("notebooks/run_tests.py").write("# Databricks notebook source\n"
                + "print('running 12 tests')\n"
                + "dbutils.fs.put(\"/Volumes/main/ci/reports/app/junit.xml\", \"\"\"" + junitReport(12, 0)
                + "\"\"\", True)\n"
                + "dbutils.notebook.exit('12 passed')\n", "UTF-8");
        ws.child("notebooks/helpers.py").write("def helper():\n    return 1\n", "UTF-8");

        WorkflowRun b = r.buildAndAssertStatus(Result.SUCCESS, job);

        r.assertLogContains("uploaded 1 wheel(s), first /Volumes/main/ci/artifacts/app/app-1.0-py3-none-any.whl (18 bytes)", b);
        r.assertLogContains("imported 2 object(s) into /Shared/app-ci", b);
        r.assertLogContains("tests: 12 passed", b);
        r.assertLogContains("downloaded 1 report(s)", b);
        TestResultAction tests = b.getAction(TestResultAction.class);
        assertThat("the build's Test Result view has the notebook's tests", tests != null);
        assertThat(tests.getTotalCount(), is(12));
        assertThat(tests.getFailCount(), is(0));
        assertThat(ws.child("test-reports/junit.xml").exists(), is(true));
        r.assertLogContains("prod Git folder is at " + fixture.emulator.repos().headCommit("/Repos/prod/app"), b);
        assertThat(fixture.emulator.volumes().size("/Volumes/main/ci/artifacts/app/app-1.0-py3-none-any.whl")
                .orElse(-1L), is(18L));
        assertThat(fixture.emulator.workspace().objectType("/Shared/app-ci/run_tests").orElse(""), is("NOTEBOOK"));
        assertThat(fixture.emulator.workspace().objectType("/Shared/app-ci/helpers.py").orElse(""), is("FILE"));
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }

    @Test
    void failedTestsComeHomeBeforeTheBuildFails(JenkinsRule r) throws Exception {
        WorkflowJob job = pageJob(r);
        r.jenkins.getWorkspaceFor(job).child("notebooks/run_tests.py").write("# Databricks notebook source\n"
                + "dbutils.fs.put(\"/Volumes/main/ci/reports/app/junit.xml\", \"\"\"" + junitReport(12, 2)
                + "\"\"\", True)\n"
                + "raise AssertionError(\"2 of 12 tests failed\")\n", "UTF-8");

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, job);

        TestResultAction tests = b.getAction(TestResultAction.class);
        assertThat("the failed tests are in the build's Test Result view", tests != null);
        assertThat(tests.getTotalCount(), is(12));
        assertThat(tests.getFailCount(), is(2));
        r.assertLogContains("the test run ended FAILED", b);
        assertThat("nothing was promoted", fixture.emulator.repos().headCommit("/Repos/prod/app") == null);
    }

    /** A report as pytest --junitxml writes it: {@code tests} cases, the first {@code failures} of them failed. */
    static String junitReport(int tests, int failures) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<testsuites>"
                + "<testsuite name=\"pytest\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"0\">\n");
        for (int i = 0; i < tests; i++) {
            xml.append("<testcase classname=\"tests.test_app\" name=\"test_").append(i).append("\" time=\"0.01\">");
            if (i < failures) {
                xml.append("<failure message=\"assert 1 == 2\">assert 1 == 2</failure>");
            }
            xml.append("</testcase>\n");
        }
        return xml.append("</testsuite></testsuites>\n").toString();
    }
}
