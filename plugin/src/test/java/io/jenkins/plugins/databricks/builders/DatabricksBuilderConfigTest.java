package io.jenkins.plugins.databricks.builders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.model.Descriptor;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.databricks.steps.DatabricksOperationStep;
import io.jenkins.plugins.databricks.steps.StartClusterStep;
import io.jenkins.plugins.databricks.steps.StepsFixture;
import io.jenkins.plugins.databricks.steps.WithDatabricksStep;
import io.jenkins.plugins.databricks.steps.operations.AccessControlEntryConfig;
import io.jenkins.plugins.databricks.steps.operations.ApiStep;
import io.jenkins.plugins.databricks.steps.operations.CreateSecretScopeStep;
import io.jenkins.plugins.databricks.steps.operations.PutSecretStep;
import io.jenkins.plugins.databricks.steps.operations.SetPermissionsStep;
import io.jenkins.plugins.databricks.steps.run.RunJobStep;
import io.jenkins.plugins.databricks.steps.run.SubmitRunStep;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The "Databricks" build step's form: each operation's own form renders inside it and saves what it shows, and
 * only the offered operations can be submitted.
 */
@WithJenkins
class DatabricksBuilderConfigTest {

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

    private void assertRoundTrip(DatabricksOperationStep operation, String outputFile) throws Exception {
        DatabricksBuilder before = new DatabricksBuilder(operation);
        before.setOutputFile(outputFile);
        r.assertEqualDataBoundBeans(before, r.configRoundtrip(before));
    }

    @Test
    void startCluster() throws Exception {
        StartClusterStep step = new StartClusterStep("${CLUSTER_ID}");
        step.setWait(false);
        step.setTimeout(5);
        step.setWorkspace(StepsFixture.WORKSPACE);
        assertRoundTrip(step, "out/cluster.json");
    }

    @Test
    void startClusterOnAnAdHocHost() throws Exception {
        StartClusterStep step = new StartClusterStep("0123-456789-abcdefgh");
        step.setHost("https://adb-1234567890123456.7.azuredatabricks.net");
        step.setCredentialsId(StepsFixture.CREDENTIALS_ID);
        assertRoundTrip(step, null);
    }

    @Test
    void setPermissions() throws Exception {
        SetPermissionsStep step = new SetPermissionsStep("jobs", "42");
        AccessControlEntryConfig user = new AccessControlEntryConfig("CAN_MANAGE_RUN");
        user.setUser("someone@example.com");
        AccessControlEntryConfig group = new AccessControlEntryConfig("CAN_VIEW");
        group.setGroup("eng");
        AccessControlEntryConfig sp = new AccessControlEntryConfig("CAN_MANAGE");
        sp.setServicePrincipal("6f0e1c2a-0000-4000-8000-000000000001");
        step.setAccessControlList(List.of(user, group, sp));
        step.setReplace(true);
        assertRoundTrip(step, null);
    }

    @Test
    void createSecretScope() throws Exception {
        CreateSecretScopeStep step = new CreateSecretScopeStep("ci-secrets");
        step.setInitialManagePrincipal("users");
        step.setIgnoreExisting(false);
        assertRoundTrip(step, null);
    }

    @Test
    void putSecret() throws Exception {
        assertRoundTrip(new PutSecretStep("ci-secrets", "db-password", "value-cred"), "put.json");
    }

    @Test
    void sql() throws Exception {
        io.jenkins.plugins.databricks.steps.sql.SqlStep step = new io.jenkins.plugins.databricks.steps.sql.SqlStep(
                "SELECT count(*) AS n\nFROM orders WHERE order_date = :day AND customer = :who");
        step.setWarehouse("reporting");
        step.setCatalog("main");
        step.setSchema("default");
        step.setParameters(Map.of("day", "${DAY}", "who", "O'Brien; DROP"));
        step.setMaxRows(0);
        step.setOutputFile("out/n.csv");
        step.setTimeout(15);
        assertRoundTrip(step, "answer.json");
    }

    @Test
    void runJob() throws Exception {
        RunJobStep step = new RunJobStep(42);
        step.setParameters(Map.of("env", "staging"));
        step.setIdempotencyToken("commit-abc");
        step.setTimeout(90);
        step.setPropagate(false);
        assertRoundTrip(step, null);
    }

    @Test
    void submitRunTasksGoThroughTheirStructuredEntries() throws Exception {
        Map<String, Object> notebook = new java.util.LinkedHashMap<>();
        notebook.put("type", "notebook");
        notebook.put("key", "tests");
        notebook.put("path", "/Shared/ci/tests");
        notebook.put("parameters", Map.of("env", "ci", "branch", "main"));
        Map<String, Object> python = new java.util.LinkedHashMap<>();
        python.put("type", "python_file");
        python.put("path", "/Workspace/Shared/ci/report.py");
        python.put("parameters", List.of("--out", "/Volumes/main/ci/reports"));
        python.put("depends_on", List.of("tests"));
        python.put("libraries", List.of("requests==2.32.3", "/Volumes/main/ci/libs/helpers-1.0-py3-none-any.whl"));
        python.put("timeout_seconds", 600);
        Map<String, Object> sql = new java.util.LinkedHashMap<>();
        sql.put("type", "sql_file");
        sql.put("path", "/Workspace/Shared/ci/checks.sql");
        sql.put("warehouse_id", "1234567890abcdef");
        Map<String, Object> wheel = new java.util.LinkedHashMap<>();
        wheel.put("type", "python_wheel");
        wheel.put("package_name", "etl");
        wheel.put("entry_point", "main");
        Map<String, Object> jar = new java.util.LinkedHashMap<>();
        jar.put("type", "jar");
        jar.put("main_class", "com.example.Etl");
        jar.put("parameters", List.of("--full"));
        SubmitRunStep step = new SubmitRunStep(new java.util.ArrayList<>(List.of(notebook, python, sql, wheel, jar)));
        step.setExistingClusterId("0123-456789-abcdefgh");
        assertRoundTrip(step, null);
    }

    @Test
    void runJobWithTheJobIdInAVariable() throws Exception {
        RunJobStep step = new RunJobStep(0);
        step.setJobIdVariable("${JOB_ID}");
        assertRoundTrip(step, null);
    }

    @Test
    void theJobIdFieldRefusesTextThatIsNotAJobIdInsteadOfReadingZero() {
        RunJobStep.DescriptorImpl d = r.jenkins.getDescriptorByType(RunJobStep.DescriptorImpl.class);
        assertThat(d.doCheckJobIdText("42").kind, is(FormValidation.Kind.OK));
        assertThat(d.doCheckJobIdText("${JOB_ID}").kind, is(FormValidation.Kind.OK));
        FormValidation abc = d.doCheckJobIdText("abc");
        assertThat(abc.kind, is(FormValidation.Kind.ERROR));
        assertThat(abc.getMessage(), containsString("jobId must be the numeric id of a Databricks job"));
        assertThat(d.doCheckJobIdText("0").kind, is(FormValidation.Kind.ERROR));
    }

    @Test
    void api() throws Exception {
        ApiStep step = new ApiStep("/api/2.1/clusters/start");
        step.setMethod("POST");
        step.setQuery(Map.of("dry_run", "true"));
        step.setBody("{\"cluster_id\": \"0123-456789-abcdefgh\"}");
        step.setQuiet(true);
        assertRoundTrip(step, "answer.json");
    }

    @Test
    void theFormOffersEveryOperationButTheBlockStep() {
        List<String> offered = r.jenkins.getDescriptorByType(DatabricksBuilder.DescriptorImpl.class)
                .getOperationDescriptors().stream().map(d -> d.clazz.getName()).toList();
        assertThat(offered, hasItem(RunJobStep.class.getName()));
        assertThat(offered, not(hasItem(WithDatabricksStep.class.getName())));
    }

    @Test
    void aSubmittedFormNamingAnotherClassIsRefused() {
        JSONObject form = new JSONObject();
        JSONObject operation = new JSONObject();
        operation.put("$class", WithDatabricksStep.class.getName());
        form.put("operation", operation);

        Descriptor.FormException e = assertThrows(Descriptor.FormException.class, () -> r.jenkins
                .getDescriptorByType(DatabricksBuilder.DescriptorImpl.class).newInstance((StaplerRequest2) null, form));
        assertThat(e.getMessage(), containsString("Choose one of the Databricks operations"));
    }
    @Test
    void aConfigXmlWithoutTheOptionalFieldsLoadsWithTheDefaults() throws Exception {
        long job = fixture.emulator.jobs().create("nightly");
        String cluster = fixture.emulator.clusters().create("etl");
        String op = "io.jenkins.plugins.databricks.steps.";
        String xml = "<project><builders>"
                + builder(op + "RunJobStep", "<jobId>" + job + "</jobId>")
                + builder(op + "StartClusterStep", "<clusterId>" + cluster + "</clusterId>")
                + builder(op + "CreateSecretScopeStep", "<scope>ci</scope>")
                + builder(op + "ApiStep", "<path>/api/2.0/preview/scim/v2/Me</path>")
                + "</builders></project>";
        FreeStyleProject p = (FreeStyleProject) r.jenkins.createProjectFromXML("hand-written",
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        List<DatabricksBuilder> steps = p.getBuildersList().getAll(DatabricksBuilder.class);
        RunJobStep run = (RunJobStep) steps.get(0).getOperation();
        assertThat(run.isWait(), is(true));
        assertThat(run.isPropagate(), is(true));
        assertThat(run.getTimeout(), is(new RunJobStep(job).getTimeout()));
        assertThat(run.getParameters(), is(Map.of()));
        StartClusterStep start = (StartClusterStep) steps.get(1).getOperation();
        assertThat(start.isWait(), is(true));
        assertThat(start.getTimeout(), is(new StartClusterStep(cluster).getTimeout()));
        assertThat(((CreateSecretScopeStep) steps.get(2).getOperation()).isIgnoreExisting(), is(true));
        ApiStep api = (ApiStep) steps.get(3).getOperation();
        assertThat(api.getMethod(), is("GET"));
        assertThat(api.getQuery(), is(Map.of()));

        FreeStyleBuild b = r.buildAndAssertSuccess(p);
        r.assertLogNotContains("NullPointerException", b);
        r.assertLogNotContains("timeout must be at least 1", b);
        assertThat("the run was waited for", fixture.emulator.jobs().runIds(job).size(), is(1));
    }

    @Test
    void aHandWrittenSetPermissionsWithoutGrantsLoadsWithAnEmptyList() throws Exception {
        String xml = "<project><builders>"
                + builder("io.jenkins.plugins.databricks.steps.operations.SetPermissionsStep",
                        "<objectType>clusters</objectType><objectId>c-1</objectId>")
                + "</builders></project>";
        FreeStyleProject p = (FreeStyleProject) r.jenkins.createProjectFromXML("grants",
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        SetPermissionsStep step = (SetPermissionsStep) p.getBuildersList().get(DatabricksBuilder.class).getOperation();
        assertThat(step.getAccessControlList(), is(List.of()));
    }

    private static String builder(String operationClass, String fields) {
        return "<io.jenkins.plugins.databricks.builders.DatabricksBuilder><operation class=\"" + operationClass + "\">"
                + fields + "</operation></io.jenkins.plugins.databricks.builders.DatabricksBuilder>";
    }
}
