package io.jenkins.plugins.databricks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.security.ACL;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.databricks.credentials.DatabricksFederatedCredentials;
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code unclassified: databricks:} and the service principal credential in Configuration as Code. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    @TempDir
    Path tempDir;

    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void importsWorkspacesAndBothCredentialKinds(JenkinsConfiguredWithCodeRule r) {
        List<DatabricksWorkspace> workspaces = DatabricksGlobalConfiguration.get().getWorkspaces();
        assertThat(workspaces.size(), is(2));
        assertThat(DatabricksGlobalConfiguration.get().getAllowedHosts(), is("*.azuredatabricks.net"));
        assertThat(DatabricksGlobalConfiguration.get().isAllowPlainHttp(), is(true));

        DatabricksWorkspace prod = workspaces.get(0);
        assertThat(prod.getName(), is("prod"));
        assertThat(prod.getHost(), is("https://adb-1234567890123456.7.azuredatabricks.net"));
        assertThat(prod.getCredentialsId(), is("databricks-prod-token"));
        assertThat(prod.isDefaultWorkspace(), is(true));
        assertThat(prod.getRateLimit(), is(nullValue()));

        DatabricksWorkspace staging = workspaces.get(1);
        assertThat(staging.isDefaultWorkspace(), is(false));
        assertThat(staging.getRateLimit(), is(5.5));
        assertThat(staging.getMaxAttempts(), is(3));
        assertThat(staging.getRetryBudgetSeconds(), is(120));

        StringCredentials pat = (StringCredentials) credentials("databricks-prod-token");
        assertThat(pat.getSecret().getPlainText(), is("dapi-jcasc-test-token-0123456789"));
        DatabricksServicePrincipalCredentials sp = (DatabricksServicePrincipalCredentials) credentials("databricks-staging-sp");
        assertThat(sp.getClientId(), is("6f1c2b3a-0000-4000-8000-00000000beef"));
        assertThat(sp.getClientSecret().getPlainText(), is("sp-jcasc-test-secret-0123456789"));
        assertThat(sp.getDescription(), is("Jenkins service principal"));
    }

    @Test
    @ConfiguredWithCode("configuration-as-code-federated.yaml")
    void importsAFederatedWorkspaceThatHoldsNoSecret(JenkinsConfiguredWithCodeRule r) throws Exception {
        DatabricksWorkspace dev = DatabricksGlobalConfiguration.get().getWorkspaces().get(0);
        assertThat(dev.getCredentialsId(), is("databricks-dev-federated"));
        DatabricksFederatedCredentials f = (DatabricksFederatedCredentials) credentials("databricks-dev-federated");
        assertThat(f.getIdTokenCredentialsId(), is("jenkins-oidc"));
        assertThat(f.getClientId(), is("0a1b2c3d-0000-4000-8000-00000000fed1"));
        assertThat(f.getDescription(), is("dev, no secret"));
        assertThat(DatabricksFederatedCredentials.isIdToken(credentials("jenkins-oidc")), is(true));

        Path file = tempDir.resolve("exported-federated.yaml");
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            ConfigurationAsCode.get().export(out);
        }
        String exported = Files.readString(file);
        assertThat(exported, containsString("databricksFederated"));
        assertThat(exported, containsString("idTokenCredentialsId: \"jenkins-oidc\""));
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yaml")
    void exportedYamlHoldsIdsOnlyAndImportsBackToTheSameConfiguration(JenkinsConfiguredWithCodeRule r) throws Exception {
        List<DatabricksWorkspace> before = new ArrayList<>(DatabricksGlobalConfiguration.get().getWorkspaces());

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode databricks = Util.getUnclassifiedRoot(context).get("databricks");
        String exported = Util.toYamlString(databricks);

        assertThat(exported, containsString("databricks-prod-token"));
        assertThat(exported, containsString("databricks-staging-sp"));
        assertThat(exported, not(containsString("dapi-jcasc-test-token")));
        assertThat(exported, not(containsString("sp-jcasc-test-secret")));

        DatabricksGlobalConfiguration.get().setWorkspaces(List.of());
        Path file = tempDir.resolve("exported.yaml");
        Files.writeString(file, "unclassified:\n  databricks:\n" + exported.replaceAll("(?m)^", "    "),
                StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toUri().toString());

        r.assertEqualDataBoundBeans(before, DatabricksGlobalConfiguration.get().getWorkspaces());
        assertThat(exported, containsString("allowedHosts: \"*.azuredatabricks.net\""));
    }

    @Test
    void duplicateWorkspaceNamesAreRefused(JenkinsConfiguredWithCodeRule r) {
        String yaml = getClass().getResource("duplicate-names.yaml").toExternalForm();

        // JCasC reports it as a ConfiguratorException wrapping the setter's IllegalArgumentException
        Exception e = assertThrows(Exception.class, () -> ConfigurationAsCode.get().configure(yaml));

        assertThat(messages(e), containsString("Databricks workspace 'prod' is configured twice"));
        assertThat(DatabricksGlobalConfiguration.get().getWorkspaces().size(), is(0));
    }

    @Test
    void workspacesAreReadByThePluginsOwnConfigurator(JenkinsConfiguredWithCodeRule r) {
        assertThat(ConfiguratorRegistry.get().lookup(DatabricksWorkspace.class).getClass().getName(),
                is(DatabricksWorkspaceConfigurator.class.getName()));
    }

    @Test
    void aWholeNumberRateLimitNeedsNoQuotes(JenkinsConfiguredWithCodeRule r) throws Exception {
        configureStagingWithRateLimit("10");
        assertThat(DatabricksGlobalConfiguration.get().getWorkspaces().get(0).getRateLimit(), is(10.0));
    }

    @Test
    void aRateLimitThatIsNotANumberIsRefusedNamingTheFieldAndTheAcceptedForms(JenkinsConfiguredWithCodeRule r) {
        Exception e = assertThrows(Exception.class, () -> configureStagingWithRateLimit("\"fast\""));

        assertThat(messages(e), containsString("rateLimit 'fast' is not a number"));
        assertThat(messages(e), containsString("whole number (rateLimit: 10)"));
        assertThat(DatabricksGlobalConfiguration.get().getWorkspaces().size(), is(0));
    }

    private void configureStagingWithRateLimit(String yamlValue) throws Exception {
        Path file = tempDir.resolve("rate-limit.yaml");
        Files.writeString(file, String.join("\n",
                "unclassified:",
                "  databricks:",
                "    workspaces:",
                "      - name: \"staging\"",
                "        host: \"https://dbc-a1b2c3d4-e5f6.cloud.databricks.com\"",
                "        credentialsId: \"databricks-staging-sp\"",
                "        rateLimit: " + yamlValue,
                ""), StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toUri().toString());
    }

    private static StandardCredentials credentials(String id) {
        return CredentialsMatchers.firstOrNull(CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class,
                Jenkins.get(), ACL.SYSTEM2, List.of()), CredentialsMatchers.withId(id));
    }

    /** JCasC wraps the setter's exception; the reason may sit anywhere in the cause chain. */
    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}
