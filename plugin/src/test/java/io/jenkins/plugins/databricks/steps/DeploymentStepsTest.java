package io.jenkins.plugins.databricks.steps;

import static io.jenkins.plugins.databricks.steps.StepsFixture.runPipeline;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import hudson.model.Result;
import io.jenkins.plugins.databricks.DatabricksRunAction;
import io.jenkins.plugins.databricks.steps.files.DownloadStep;
import io.jenkins.plugins.databricks.steps.files.UploadStep;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** databricksSubmitRun, databricksImport, databricksUpload and databricksUpdateRepo against the emulator. */
@WithJenkins
class DeploymentStepsTest {

    private static final String TESTS_NOTEBOOK = "# Databricks notebook source\\ndbutils.notebook.exit('all green')\\n";
    private static final String FAILING_NOTEBOOK = "# Databricks notebook source\\nraise AssertionError('2 tests failed')\\n";

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aOneTimeRunReturnsEachTasksResultAndIsLinkedFromTheBuild(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "node {\n"
                + "  writeFile file: 'nb/tests.py', text: \"" + TESTS_NOTEBOOK + "\"\n"
                + "  databricksImport source: 'nb', path: '/Shared/ci'\n"
                + "  def run = databricksSubmitRun serverless: true, tasks: [[type: 'notebook', path: '/Shared/ci/tests']]\n"
                + "  echo \"result=${run.result_state} said=${run.tasks[0].notebook_result}\"\n"
                + "}", Result.SUCCESS);
        r.assertLogContains("result=SUCCESS said=all green", b);
        assertThat(b.getActions(DatabricksRunAction.class).size(), is(1));
    }

    @Test
    void aFailedTaskFailsTheBuildWithItsError(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "node {\n"
                + "  writeFile file: 'nb/tests.py', text: \"" + FAILING_NOTEBOOK + "\"\n"
                + "  databricksImport source: 'nb', path: '/Shared/ci'\n"
                + "  databricksSubmitRun serverless: true, tasks: [[type: 'notebook', path: '/Shared/ci/tests']]\n"
                + "}", Result.FAILURE);
        r.assertLogContains("did not succeed", b);
        r.assertLogContains("2 tests failed", b);
    }

    @Test
    void anUnknownTaskTypeFailsBeforeAnyRequestNamingTheAcceptedTypes(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "databricksSubmitRun serverless: true, tasks: [[type: 'notebok', path: '/x']]",
                Result.FAILURE);
        r.assertLogContains("notebok", b);
        r.assertLogContains("notebook", b);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }

    @Test
    void importChecksItsPathAndSourceBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun relative = runPipeline(r, "node { writeFile file: 'nb/a.py', text: 'x'\n"
                + "  databricksImport source: 'nb', path: 'Shared/ci' }", Result.FAILURE);
        r.assertLogContains("is not absolute", relative);
        WorkflowRun missing = runPipeline(r, "node { databricksImport source: 'nowhere', path: '/Shared/ci' }",
                Result.FAILURE);
        r.assertLogContains("does not exist", missing);
        WorkflowRun noNode = runPipeline(r, "databricksImport source: 'nb', path: '/Shared/ci'", Result.FAILURE);
        r.assertLogContains("FilePath", noNode);
        assertThat("nothing was sent", fixture.emulator.totalRequests(), is(0L));
    }

    @Test
    void aFailedImportNamesWhatWasDoneAndARerunWithOverwriteConverges(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String write = "writeFile file: 'nb/a.py', text: 'a'\nwriteFile file: 'nb/b.py', text: 'b'\n";
        runPipeline(r, "node {\n" + write + "databricksImport source: 'nb', path: '/Shared/ci' }", Result.SUCCESS);
        WorkflowRun again = runPipeline(r, "node {\n" + write + "databricksImport source: 'nb', path: '/Shared/ci' }",
                Result.FAILURE);
        r.assertLogContains("Not done:", again);
        r.assertLogContains("run it again with overwrite", again);
        WorkflowRun converged = runPipeline(r, "node {\n" + write
                + "def i = databricksImport source: 'nb', path: '/Shared/ci', overwrite: true\n"
                + "echo \"imported ${i.size()}\" }", Result.SUCCESS);
        r.assertLogContains("imported 2", converged);
    }

    @Test
    void uploadStreamsToAVolumeAndRefusesOtherTargetsBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun refused = runPipeline(r, "node { writeFile file: 'dist/a.whl', text: '12345'\n"
                + "  databricksUpload source: 'dist', target: '/Shared/somewhere' }", Result.FAILURE);
        r.assertLogContains("target '/Shared/somewhere'", refused);
        assertThat(fixture.emulator.totalRequests(), is(0L));

        WorkflowRun b = runPipeline(r, "node { writeFile file: 'dist/a.whl', text: '12345'\n"
                + "  def sent = databricksUpload source: 'dist', target: '/Volumes/main/ci/art'\n"
                + "  echo \"sent ${sent[0].path} ${sent[0].size}\" }", Result.SUCCESS);
        r.assertLogContains("sent /Volumes/main/ci/art/a.whl 5", b);
        assertThat(fixture.emulator.volumes().size("/Volumes/main/ci/art/a.whl").orElse(-1L), is(5L));
    }

    @Test
    void versionControlFilesAreLeftOutUnlessDefaultExcludesIsOff(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String files = "writeFile file: 'dist/a.whl', text: '12345'\nwriteFile file: 'dist/.gitignore', text: '*.pyc'\n";
        WorkflowRun left = runPipeline(r, "node {\n" + files
                + "  def sent = databricksUpload source: 'dist', target: '/Volumes/main/ci/a'\n"
                + "  echo \"sent ${sent.size()}\" }", Result.SUCCESS);
        r.assertLogContains("sent 1", left);
        assertThat(fixture.emulator.volumes().size("/Volumes/main/ci/a/.gitignore").isPresent(), is(false));

        WorkflowRun all = runPipeline(r, "node {\n" + files
                + "  def sent = databricksUpload source: 'dist', target: '/Volumes/main/ci/b', defaultExcludes: false\n"
                + "  echo \"sent ${sent.size()}\" }", Result.SUCCESS);
        r.assertLogContains("sent 2", all);
        assertThat(fixture.emulator.volumes().size("/Volumes/main/ci/b/.gitignore").orElse(-1L), is(5L));
    }

    @Test
    void theSnippetGeneratorWritesWhatPipelineReadsBack(JenkinsRule r) throws Exception {
        org.jenkinsci.plugins.workflow.cps.SnippetizerTester st = new org.jenkinsci.plugins.workflow.cps.SnippetizerTester(r);
        DownloadStep download = new DownloadStep("/Volumes/main/ci/reports/app");
        download.setTarget("reports");
        download.setIncludes("**/*.xml");
        download.setAllowEmpty(true);
        st.assertRoundTrip(download, "databricksDownload allowEmpty: true, includes: '**/*.xml',"
                + " source: '/Volumes/main/ci/reports/app', target: 'reports'");
        st.assertRoundTrip(new DownloadStep("dbfs:/ci/out"), "databricksDownload 'dbfs:/ci/out'");
        UploadStep upload = new UploadStep("/Volumes/main/ci/a");
        upload.setDefaultExcludes(false);
        st.assertRoundTrip(upload, "databricksUpload defaultExcludes: false, target: '/Volumes/main/ci/a'");
    }

    @Test
    void downloadBringsAVolumeTreeHomeToTheAgentThatNeedsIt(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        r.createOnlineSlave(hudson.model.Label.get("remote"));
        WorkflowRun b = runPipeline(r, "node('remote') {\n"
                + "  writeFile file: 'out/reports/junit.xml', text: '<testsuite tests=\"3\"/>'\n"
                + "  writeFile file: 'out/reports/deep/more.xml', text: '<testsuite tests=\"1\"/>'\n"
                + "  writeFile file: 'out/notes.txt', text: 'n'\n"
                + "  databricksUpload source: 'out', target: '/Volumes/main/ci/reports/app'\n"
                + "  def got = databricksDownload source: '/Volumes/main/ci/reports/app', target: 'home',"
                + " includes: '**/*.xml'\n"
                + "  echo \"got ${got.size()} files, total ${got[0].size + got[1].size} bytes\"\n"
                + "  echo \"text=${readFile('home/reports/deep/more.xml')} ${readFile('home/reports/junit.xml')}\"\n"
                + "  echo \"notes=${fileExists('home/notes.txt')}\" }", Result.SUCCESS);
        r.assertLogContains("got 2 files, total 44 bytes", b);
        r.assertLogContains("text=<testsuite tests=\"1\"/> <testsuite tests=\"3\"/>", b);
        r.assertLogContains("notes=false", b);
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }

    @Test
    void aDownloadTargetOutsideTheWorkspaceIsRefusedBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun b = runPipeline(r, "node { databricksDownload source: '/Volumes/main/ci/reports/app',"
                + " target: 'reports/../../elsewhere' }", Result.FAILURE);
        r.assertLogContains("target 'reports/../../elsewhere' must be a directory inside the build's workspace", b);
        WorkflowRun missing = runPipeline(r, "node { databricksDownload source: '/Volumes/main/ci/reports/none' }",
                Result.FAILURE);
        r.assertLogContains("source '/Volumes/main/ci/reports/none' does not exist", missing);
        assertThat("only the missing source was looked up", fixture.emulator.totalRequests() > 0, is(true));
    }

    @Test
    void aGitFolderIsCreatedAndMovedToTheBranch(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        WorkflowRun both = runPipeline(r, "databricksUpdateRepo path: '/Repos/prod/app', branch: 'main', tag: 'v1'",
                Result.FAILURE);
        r.assertLogContains("branch and tag cannot both be set", both);
        assertThat(fixture.emulator.totalRequests(), is(0L));

        WorkflowRun b = runPipeline(r, "def repo = databricksUpdateRepo path: '/Repos/prod/app', create: true,\n"
                + "  url: 'https://github.com/acme/app.git', branch: 'release'\n"
                + "echo \"head=${repo.head_commit_id} created=${repo.created}\"", Result.SUCCESS);
        r.assertLogContains("head=" + fixture.emulator.repos().headCommit("/Repos/prod/app") + " created=true", b);
    }
}
