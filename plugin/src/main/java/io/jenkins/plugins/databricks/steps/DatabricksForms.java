package io.jenkins.plugins.databricks.steps;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.DatabricksGlobalConfiguration;
import io.jenkins.plugins.databricks.DatabricksWorkspace;
import io.jenkins.plugins.databricks.credentials.DatabricksServicePrincipalCredentials;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Drop-down contents shared by the steps' and the build steps' forms. */
public final class DatabricksForms {

    private DatabricksForms() {}

    /** Configured workspace names, led by an empty choice meaning "the default workspace". */
    public static ListBoxModel workspaceItems() {
        ListBoxModel items = new ListBoxModel();
        items.add("(default workspace)", "");
        for (DatabricksWorkspace workspace : DatabricksGlobalConfiguration.get().getWorkspaces()) {
            items.add(workspace.getName());
        }
        return items;
    }

    /** Credentials that can authenticate to a workspace: a personal access token or a service principal. */
    public static ListBoxModel connectionCredentialsItems(Item item, String current) {
        return credentialsItems(item, current, CredentialsMatchers.anyOf(
                CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(DatabricksServicePrincipalCredentials.class)));
    }

    /** Credentials whose content can become a Databricks secret: Secret text or Secret file. */
    public static ListBoxModel secretCredentialsItems(Item item, String current) {
        return credentialsItems(item, current, CredentialsMatchers.anyOf(
                CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(FileCredentials.class)));
    }

    /**
     * Lists credential ids only to those who may configure the job (or administer Jenkins, outside a job);
     * everyone else sees the current value alone, so the form cannot be used to probe for credential ids.
     */
    private static ListBoxModel credentialsItems(Item item, String current, CredentialsMatcher matcher) {
        StandardListBoxModel result = new StandardListBoxModel();
        String value = Util.fixNull(current);
        boolean allowed = item == null
                ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.CONFIGURE);
        if (!allowed) {
            result.includeCurrentValue(value);
            return result;
        }
        result.includeEmptyValue();
        if (item == null) {
            result.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), matcher);
        } else {
            // The build looks credentials up as the job's authentication, so offer exactly what it will find.
            result.includeMatchingAs(
                    item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2,
                    item, StandardCredentials.class, List.of(), matcher);
        }
        result.includeCurrentValue(value);
        return result;
    }
}
