package io.jenkins.plugins.databricks.credentials;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.FormValidation;
import hudson.util.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class DatabricksServicePrincipalCredentialsTest {

    private static final String SECRET = "sp-secret-that-must-stay-encrypted-0123";

    @Test
    void theSecretIsStoredEncrypted(JenkinsRule r) throws Exception {
        CredentialsStore store = CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new DatabricksServicePrincipalCredentialsImpl(CredentialsScope.GLOBAL,
                "databricks-sp", "deploys", "6f1c2b3a-0000-4000-8000-00000000beef", Secret.fromString(SECRET)));

        String xml = Files.readString(r.jenkins.getRootDir().toPath().resolve("credentials.xml"), StandardCharsets.UTF_8);

        assertThat(xml, containsString("<clientId>6f1c2b3a-0000-4000-8000-00000000beef</clientId>"));
        assertThat(xml, not(containsString(SECRET)));
    }

    @Test
    void dropDownsNameItByClientIdAndDescription(JenkinsRule r) {
        DatabricksServicePrincipalCredentialsImpl c = new DatabricksServicePrincipalCredentialsImpl(CredentialsScope.GLOBAL,
                "databricks-sp", "deploys to prod", " 6f1c2b3a-0000-4000-8000-00000000beef ", Secret.fromString(SECRET));

        assertThat(CredentialsNameProvider.name(c), is("6f1c2b3a-0000-4000-8000-00000000beef (deploys to prod)"));
        assertThat(c.getClientId(), is("6f1c2b3a-0000-4000-8000-00000000beef"));
    }

    @Test
    void theFormStaysQuietUntilThereIsAMistake(JenkinsRule r) {
        DatabricksServicePrincipalCredentialsImpl.DescriptorImpl d =
                Jenkins.get().getDescriptorByType(DatabricksServicePrincipalCredentialsImpl.DescriptorImpl.class);

        assertThat("an untouched field is no mistake", d.doCheckClientId(" ").kind, is(FormValidation.Kind.OK));
        assertThat(d.doCheckClientId("6f1c2b3a-0000-4000-8000-00000000beef").kind, is(FormValidation.Kind.OK));
        FormValidation pastedTwo = d.doCheckClientId("6f1c2b3a-0000 4000-8000-00000000beef");
        assertThat(pastedTwo.kind, is(FormValidation.Kind.ERROR));
        assertThat(pastedTwo.getMessage(), containsString("Client ID must not contain spaces"));
        assertThat(d.getDisplayName(), containsString("Databricks service principal"));
    }
}
