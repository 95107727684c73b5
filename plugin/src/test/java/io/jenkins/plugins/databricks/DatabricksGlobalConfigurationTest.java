package io.jenkins.plugins.databricks;

import static io.jenkins.plugins.databricks.TestSupport.addGlobal;
import static io.jenkins.plugins.databricks.TestSupport.configure;
import static io.jenkins.plugins.databricks.TestSupport.token;
import static io.jenkins.plugins.databricks.TestSupport.workspace;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class DatabricksGlobalConfigurationTest {

    @Test
    void workspacesSurviveTheSystemConfigurationPage(JenkinsRule r) throws Exception {
        DatabricksWorkspace prod = workspace("prod", "https://adb-1234567890123456.7.azuredatabricks.net", "prod-token", true);
        DatabricksWorkspace staging = workspace("staging", "https://dbc-a1b2c3d4-e5f6.cloud.databricks.com", "staging-sp", false);
        staging.setRateLimit(5.5);
        staging.setMaxAttempts(3);
        staging.setRetryBudgetSeconds(120);
        configure(prod, staging);
        List<DatabricksWorkspace> before = new ArrayList<>(DatabricksGlobalConfiguration.get().getWorkspaces());

        r.configRoundtrip();

        List<DatabricksWorkspace> after = DatabricksGlobalConfiguration.get().getWorkspaces();
        r.assertEqualDataBoundBeans(before, after);
        // limits left empty in the form stay unset rather than becoming 0
        assertThat(after.get(0).getRateLimit(), is(nullValue()));
        assertThat(after.get(0).getMaxAttempts(), is(nullValue()));
        assertThat(after.get(0).getRetryBudgetSeconds(), is(nullValue()));
    }

    @Test
    void configurationIsKeptAcrossRestartsAndStoresCredentialIdsOnly(JenkinsRule r) throws Exception {
        addGlobal(token("prod-token", "dapi-never-on-disk-0123456789"));
        configure(workspace("prod", "https://adb-1.7.azuredatabricks.net", "prod-token", true));

        Path file = r.jenkins.getRootDir().toPath().resolve(DatabricksGlobalConfiguration.class.getName() + ".xml");
        String xml = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(xml, containsString("<credentialsId>prod-token</credentialsId>"));
        assertThat(xml, not(containsString("dapi-never-on-disk-0123456789")));

        DatabricksGlobalConfiguration reloaded = new DatabricksGlobalConfiguration();
        r.assertEqualDataBoundBeans(DatabricksGlobalConfiguration.get().getWorkspaces(), reloaded.getWorkspaces());
        assertThat(reloaded.defaultWorkspace().map(DatabricksWorkspace::getName).orElse(null), is("prod"));
    }

    @Test
    void duplicateNamesAreRefusedNamingTheWorkspace(JenkinsRule r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure(
                workspace("prod", "https://a.cloud.databricks.com", "a", false),
                workspace("prod", "https://b.cloud.databricks.com", "b", false)));
        assertThat(e.getMessage(), containsString("'prod' is configured twice"));
        assertThat(DatabricksGlobalConfiguration.get().getWorkspaces().size(), is(0));
    }

    @Test
    void onlyOneWorkspaceCanBeTheDefault(JenkinsRule r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> configure(
                workspace("prod", "https://a.cloud.databricks.com", "a", true),
                workspace("staging", "https://b.cloud.databricks.com", "b", true)));
        assertThat(e.getMessage(), containsString("Only one Databricks workspace can be the default"));
        assertThat(e.getMessage(), containsString("'prod' and 'staging'"));
    }

    @Test
    void missingFieldsAndOutOfRangeLimitsAreRefused(JenkinsRule r) {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> configure(workspace(" ", "https://a.cloud.databricks.com", "a", false))).getMessage(),
                containsString("#1 has no name"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> configure(workspace("prod", "", "a", false))).getMessage(),
                containsString("'prod' has no host"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> configure(workspace("prod", "https://a.cloud.databricks.com", "", false))).getMessage(),
                containsString("'prod' has no credentials"));

        DatabricksWorkspace w = workspace("prod", "https://a.cloud.databricks.com", "a", false);
        w.setRateLimit(0.0);
        assertThat(assertThrows(IllegalArgumentException.class, () -> configure(w)).getMessage(),
                containsString("rate limit must be a number of requests per second greater than 0"));
        w.setRateLimit(null);
        w.setMaxAttempts(0);
        assertThat(assertThrows(IllegalArgumentException.class, () -> configure(w)).getMessage(),
                containsString("maxAttempts must be between 1 and 100"));
        w.setMaxAttempts(null);
        w.setRetryBudgetSeconds(0);
        assertThat(assertThrows(IllegalArgumentException.class, () -> configure(w)).getMessage(),
                containsString("retry budget must be at least 1 second"));
    }

    @Test
    void findsWorkspacesByExactName(JenkinsRule r) {
        configure(workspace("prod", "https://a.cloud.databricks.com", "a", false),
                workspace("staging", "https://b.cloud.databricks.com", "b", true));
        DatabricksGlobalConfiguration config = DatabricksGlobalConfiguration.get();
        assertThat(config.workspaceNamed("staging").map(DatabricksWorkspace::getHost).orElse(null), is("https://b.cloud.databricks.com"));
        assertThat(config.workspaceNamed("Prod").isPresent(), is(false));
        assertThat(config.defaultWorkspace().map(DatabricksWorkspace::getName).orElse(null), is("staging"));
    }
}
