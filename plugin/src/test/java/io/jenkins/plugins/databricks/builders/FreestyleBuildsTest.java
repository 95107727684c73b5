package io.jenkins.plugins.databricks.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.model.StringParameterDefinition;
import hudson.model.StringParameterValue;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.StartClusterStep;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import io.jenkins.plugins.databricks.steps.operations.AccessControlEntryConfig;
import io.jenkins.plugins.databricks.steps.operations.ApiStep;
import io.jenkins.plugins.databricks.steps.operations.CreateSecretScopeStep;
import io.jenkins.plugins.databricks.steps.operations.PutSecretStep;
import io.jenkins.plugins.databricks.steps.operations.SetPermissionsStep;
import io.jenkins.plugins.databricks.steps.run.RunJobStep;
import io.jenkins.plugins.databricks.steps.run.SubmitRunStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The "Databricks" build step in freestyle builds against the emulator. */
@WithJenkins
class FreestyleBuildsTest {

    private static final String SECRET_VALUE = "freestyle-secret-value-5566778899";

    private StepsFixture fixture;

    @AfterEach
    void stopEmulator() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static DatabricksBuilder writingTo(String outputFile, DatabricksOperationStep operation) {
        DatabricksBuilder builder = new DatabricksBuilder(operation);
        builder.setOutputFile(outputFile);
        return builder;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(FreeStyleBuild b, String file) throws Exception {
        String text = b.getWorkspace().child(file).readToString();
        return new ObjectMapper().readValue(text, Map.class);
    }

    @Test
    void everyOperationRunsAsABuildStepAndWritesItsAnswer(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        StepsFixture.addCredentials(new StringCredentialsImpl(CredentialsScope.GLOBAL, "value-cred", "",
                Secret.fromString(SECRET_VALUE)));
        String cluster = fixture.emulator.clusters().create("etl");
        long job = fixture.emulator.jobs().create("nightly");

        SetPermissionsStep grant = new SetPermissionsStep("clusters", cluster);
        AccessControlEntryConfig entry = new AccessControlEntryConfig("CAN_RESTART");
        entry.setGroup("eng");
        grant.setAccessControlList(List.of(entry));
        RunJobStep run = new RunJobStep(job);
        run.setParameters(Map.of("build", "${BUILD_NUMBER}"));
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().addAll(List.of(
                writingTo("out/cluster.json", new StartClusterStep(cluster)),
                new DatabricksBuilder(grant),
                new DatabricksBuilder(new CreateSecretScopeStep("ci")),
                writingTo("out/put.json", new PutSecretStep("ci", "k", "value-cred")),
                writingTo("out/run-${BUILD_NUMBER}.json", run),
                writingTo("out/me.json", new ApiStep("/api/2.0/preview/scim/v2/Me"))));

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        assertThat(readJson(b, "out/cluster.json").get("state"), is("RUNNING"));
        assertThat(readJson(b, "out/put.json"), is(Map.of("scope", "ci", "key", "k")));
        Map<String, Object> runAnswer = readJson(b, "out/run-1.json");
        assertThat(runAnswer.get("result_state"), is("SUCCESS"));
        assertThat("${BUILD_NUMBER} became the build number", String.valueOf(runAnswer.get("run")),
                containsString("value=1"));
        assertThat(readJson(b, "out/me.json").get("userName"), is(fixture.emulator.users().currentUserName()));
        assertThat(new String(fixture.emulator.secrets().value("ci", "k").orElseThrow(), StandardCharsets.UTF_8),
                is(SECRET_VALUE));
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
        StepsFixture.assertNotStored(b, SECRET_VALUE);
    }

    @Test
    void twoRunJobStepsInOneBuildStartTwoRuns(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long job = fixture.emulator.jobs().create("nightly");
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().addAll(List.of(new DatabricksBuilder(new RunJobStep(job)),
                new DatabricksBuilder(new RunJobStep(job))));

        r.buildAndAssertSuccess(p);

        assertThat("each build step has its own idempotency token", fixture.emulator.jobs().runIds(job), hasSize(2));
    }

    @Test
    void aFailedRunFailsTheFreestyleBuild(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long job = fixture.emulator.jobs().create("broken", "FAILED");
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new DatabricksBuilder(new RunJobStep(job)));
        FreeStyleBuild b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("did not succeed: TERMINATED FAILED", b);
    }

    @Test
    void aClusterThatCannotStartFailsTheFreestyleBuild(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String cluster = fixture.emulator.clusters().create("etl");
        fixture.emulator.clusters().failNextStart(cluster, "CLOUD_PROVIDER_LAUNCH_FAILURE", "Quota exceeded");
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new DatabricksBuilder(new StartClusterStep(cluster)));
        FreeStyleBuild b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("Quota exceeded", b);
        r.assertLogContains("CLOUD_PROVIDER_LAUNCH_FAILURE", b);
    }

    @Test
    void aMissingClusterIdFailsBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new DatabricksBuilder(new StartClusterStep("")));
        FreeStyleBuild b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("clusterId is required", b);
        assertThat(fixture.emulator.totalRequests(), is(0L));
    }
    @Test
    void anOutputFileOutsideTheWorkspaceIsRefusedBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        Path outside = Files.createTempDirectory("outside-the-workspace");
        FreeStyleProject p = r.createFreeStyleProject();
        p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("OUT", "answer.json")));
        p.getBuildersList().add(writingTo("${OUT}", new ApiStep("/api/2.0/preview/scim/v2/Me")));
        String[] escapes = {"../escaped.json", "out/../../escaped.json", outside.resolve("abs.json").toString()};
        for (String escape : escapes) {
            FreeStyleBuild b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0,
                    new ParametersAction(new StringParameterValue("OUT", escape))));
            r.assertLogContains("outputFile '" + escape + "' must be a path inside the workspace", b);
        }
        assertThat("nothing was sent to Databricks", fixture.emulator.totalRequests(), is(0L));
        assertThat(Files.exists(outside.resolve("abs.json")), is(false));
        assertThat(r.jenkins.getWorkspaceFor(p).getParent().child("escaped.json").exists(), is(false));

        FreeStyleBuild ok = r.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0,
                new ParametersAction(new StringParameterValue("OUT", "out/me.json"))));
        assertThat(readJson(ok, "out/me.json").get("userName"), is(fixture.emulator.users().currentUserName()));
    }
    @Test
    void aJobIdInABuildParameterIsExpandedAndCheckedBeforeAnyRequest(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        long job = fixture.emulator.jobs().create("nightly");
        RunJobStep run = new RunJobStep(0);
        run.setJobIdVariable("${JOB_ID}");
        FreeStyleProject p = r.createFreeStyleProject();
        p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("JOB_ID", "")));
        p.getBuildersList().add(new DatabricksBuilder(run));

        FreeStyleBuild typo = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0,
                new ParametersAction(new StringParameterValue("JOB_ID", "abc"))));
        r.assertLogContains("${JOB_ID} did not give a job id: jobId must be the numeric id of a Databricks job", typo);
        assertThat("nothing was sent to Databricks", fixture.emulator.totalRequests(), is(0L));

        r.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0,
                new ParametersAction(new StringParameterValue("JOB_ID", Long.toString(job)))));
        assertThat(fixture.emulator.jobs().runIds(job), hasSize(1));
    }

    @Test
    void variablesAreExpandedInJsonValuesAndGrantsNeverInTheJsonStructure(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start();
        String cluster = fixture.emulator.clusters().create("etl");
        fixture.emulator.workspace().putNotebook("/Shared/ci/tests", "PYTHON",
                "dbutils.notebook.exit(dbutils.widgets.get(\"suite\"))\n");
        // as the form binds them: mutable maps and lists, which a job's config.xml can hold
        Map<String, Object> task = new java.util.LinkedHashMap<>();
        task.put("type", "notebook");
        task.put("path", "/Shared/${AREA}/tests");
        task.put("parameters", new java.util.LinkedHashMap<>(Map.of("suite", "${SUITE}")));
        SubmitRunStep submit = new SubmitRunStep(new java.util.ArrayList<>(List.of(task)));
        submit.setServerless(true);
        SetPermissionsStep grant = new SetPermissionsStep("clusters", cluster);
        AccessControlEntryConfig entry = new AccessControlEntryConfig("${LEVEL}");
        entry.setGroup("${TEAM}");
        grant.setAccessControlList(List.of(entry));
        FreeStyleProject p = r.createFreeStyleProject();
        p.addProperty(new ParametersDefinitionProperty(new StringParameterDefinition("AREA", ""),
                new StringParameterDefinition("SUITE", ""), new StringParameterDefinition("TEAM", ""),
                new StringParameterDefinition("LEVEL", "")));
        p.getBuildersList().addAll(List.of(writingTo("out/run.json", submit), writingTo("out/acl.json", grant)));

        // a value with a quote in it stays a value: the JSON is read before the variables are expanded
        FreeStyleBuild b = r.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0, new ParametersAction(
                new StringParameterValue("AREA", "ci"), new StringParameterValue("SUITE", "smoke\", \"x\": \"y"),
                new StringParameterValue("TEAM", "eng"), new StringParameterValue("LEVEL", "CAN_RESTART"))));

        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) readJson(b, "out/run.json").get("tasks")).get(0);
        assertThat(result.get("notebook_result"), is("smoke\", \"x\": \"y"));
        assertThat(b.getWorkspace().child("out/acl.json").readToString(), containsString("\"group_name\" : \"eng\""));
        assertThat(b.getWorkspace().child("out/acl.json").readToString(), containsString("CAN_RESTART"));
    }

    @Test
    void aSqlScriptRunsAsABuildStepWithVariablesAndWritesItsRows(JenkinsRule r) throws Exception {
        fixture = StepsFixture.start(io.jenkins.plugins.databricks.emulator.DatabricksEmulator.builder()
                .warehouseStartDuration(java.time.Duration.ZERO));
        fixture.emulator.sql().warehouses().create("ci");
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new org.jvnet.hudson.test.TestBuilder() {
            @Override
            public boolean perform(hudson.model.AbstractBuild<?, ?> build, hudson.Launcher launcher,
                    hudson.model.BuildListener listener) throws java.io.IOException, InterruptedException {
                build.getWorkspace().child("load.sql").write("CREATE TABLE main.default.builds (n INT);\n"
                        + "INSERT INTO main.default.builds VALUES (CAST(:n AS INT));\n"
                        + "SELECT n, n * 2 AS twice FROM main.default.builds;", "UTF-8");
                return true;
            }
        });
        io.jenkins.plugins.databricks.steps.sql.SqlStep sql = new io.jenkins.plugins.databricks.steps.sql.SqlStep(
                "file:load.sql");
        sql.setWarehouse("ci");
        sql.setParameters(Map.of("n", "${BUILD_NUMBER}"));
        sql.setOutputFile("rows.csv");
        p.getBuildersList().add(writingTo("answer.json", sql));

        FreeStyleBuild b = r.buildAndAssertSuccess(p);

        r.assertLogContains("running statement 3 of 3 in file:load.sql", b);
        assertThat(b.getWorkspace().child("rows.csv").readToString(), is("n,twice\r\n1,2\r\n"));
        Map<String, Object> answer = readJson(b, "answer.json");
        assertThat(answer.get("row_count"), is(1));
        assertThat(String.valueOf(answer.get("rows")), is("[{n=1, twice=2}]"));
        StepsFixture.assertNotStored(b, StepsFixture.TOKEN);
    }
}
