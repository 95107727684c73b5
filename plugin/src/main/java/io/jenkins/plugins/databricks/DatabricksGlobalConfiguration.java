package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import io.jenkins.plugins.databricks.client.policy.HostAllowList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The "Databricks" section of Manage Jenkins → System and of Configuration as Code
 * ({@code unclassified: databricks: workspaces: [...]}): the workspaces jobs can name.
 */
@Extension
@Symbol("databricks")
public final class DatabricksGlobalConfiguration extends GlobalConfiguration {

    private List<DatabricksWorkspace> workspaces = new ArrayList<>();
    /** Hosts a Jenkinsfile may name with {@code host:} besides the configured workspaces; see {@link HostAllowList}. */
    private String allowedHosts = "";
    private boolean allowPlainHttp;

    public DatabricksGlobalConfiguration() {
        load();
        if (workspaces == null) {
            workspaces = new ArrayList<>();
        }
        if (allowedHosts == null) {
            allowedHosts = "";
        }
    }

    @NonNull
    public static DatabricksGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(DatabricksGlobalConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Databricks";
    }

    @NonNull
    public List<DatabricksWorkspace> getWorkspaces() {
        return Collections.unmodifiableList(workspaces);
    }

    /**
     * Replaces the workspaces (Configuration as Code, scripts).
     *
     * @throws IllegalArgumentException naming the workspace and the rule when the list is not valid
     */
    @DataBoundSetter
    public void setWorkspaces(@CheckForNull List<DatabricksWorkspace> workspaces) {
        List<DatabricksWorkspace> copy = workspaces == null ? new ArrayList<>() : new ArrayList<>(workspaces);
        String problem = problemWith(copy);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.workspaces = copy;
        save();
    }

    /** @return hosts a Jenkinsfile may name with {@code host:} besides the configured workspaces, as entered */
    @NonNull
    public String getAllowedHosts() {
        return allowedHosts;
    }

    /**
     * @param allowedHosts workspace URLs or {@code *.domain} entries, one per line or comma-separated
     * @throws IllegalArgumentException naming the first entry that is not a host
     */
    @DataBoundSetter
    public void setAllowedHosts(@CheckForNull String allowedHosts) {
        String text = allowedHosts == null ? "" : allowedHosts.strip();
        HostAllowList.parse(text);
        this.allowedHosts = text;
        save();
    }

    /** @return whether plain {@code http://} to loopback addresses (a local emulator) is allowed */
    public boolean isAllowPlainHttp() {
        return allowPlainHttp;
    }

    @DataBoundSetter
    public void setAllowPlainHttp(boolean allowPlainHttp) {
        this.allowPlainHttp = allowPlainHttp;
        save();
    }

    /**
     * @return the hosts a step's {@code host:} may name: the configured workspaces' hosts and the allowed hosts
     */
    @NonNull
    public HostAllowList adHocHosts() {
        return HostAllowList.parse(allowedHosts)
                .plus(workspaces.stream().map(DatabricksWorkspace::getHost).collect(Collectors.toList()));
    }

    /** @return the configured workspace with exactly this name */
    @NonNull
    public Optional<DatabricksWorkspace> workspaceNamed(@CheckForNull String name) {
        return workspaces.stream().filter(w -> w.getName().equals(name)).findFirst();
    }

    /** @return the workspace marked as default, used by steps that name none */
    @NonNull
    public Optional<DatabricksWorkspace> defaultWorkspace() {
        return workspaces.stream().filter(DatabricksWorkspace::isDefaultWorkspace).findFirst();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<DatabricksWorkspace> submitted;
        try {
            submitted = req.bindJSONToList(DatabricksWorkspace.class, withoutBlankValues(json.opt("workspaces")));
        } catch (RuntimeException e) {
            throw new FormException("Databricks workspaces could not be read: " + e.getMessage(), e, "workspaces");
        }
        String problem = problemWith(submitted);
        if (problem != null) {
            throw new FormException(problem, "workspaces");
        }
        String hosts = json.optString("allowedHosts", "").strip();
        try {
            HostAllowList.parse(hosts);
        } catch (IllegalArgumentException e) {
            throw new FormException("Databricks: " + e.getMessage(), "allowedHosts");
        }
        this.workspaces = new ArrayList<>(submitted);
        this.allowedHosts = hosts;
        this.allowPlainHttp = json.optBoolean("allowPlainHttp", false);
        save();
        return true;
    }

    @POST
    public FormValidation doCheckAllowedHosts(@QueryParameter String value) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return FormValidation.ok();
        }
        try {
            HostAllowList.parse(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    /**
     * The first rule the list breaks, or null. Names must be present and unique, since jobs find workspaces by
     * name; at most one workspace may be the default; limits must be within what the client accepts.
     */
    @CheckForNull
    static String problemWith(List<DatabricksWorkspace> list) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            DatabricksWorkspace w = list.get(i);
            if (w.getName().isEmpty()) {
                return "Databricks workspace #" + (i + 1) + " has no name; give each workspace a unique name such as 'prod'";
            }
            String label = "Databricks workspace '" + w.getName() + "'";
            if (!names.add(w.getName())) {
                return label + " is configured twice; workspace names must be unique";
            }
            if (w.getHost().isEmpty()) {
                return label + " has no host; give the workspace URL, such as https://adb-1234567890123456.7.azuredatabricks.net";
            }
            if (w.getCredentialsId().isEmpty()) {
                return label + " has no credentials; select Secret text or Databricks service principal credentials";
            }
            String limit = firstNonNull(Limits.rateLimitProblem(w.getRateLimit()), Limits.maxAttemptsProblem(w.getMaxAttempts()),
                    Limits.retryBudgetProblem(w.getRetryBudgetSeconds()));
            if (limit != null) {
                return label + ": " + limit;
            }
        }
        List<String> defaults = list.stream().filter(DatabricksWorkspace::isDefaultWorkspace)
                .map(w -> "'" + w.getName() + "'").collect(Collectors.toList());
        if (defaults.size() > 1) {
            return "Only one Databricks workspace can be the default; " + String.join(" and ", defaults)
                    + " are all marked as default";
        }
        return null;
    }

    @CheckForNull
    private static String firstNonNull(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * Empty optional number fields arrive as "" from the form; dropping them leaves the property null (the client
     * default) instead of failing number conversion. Changes the submitted form data in place.
     */
    @CheckForNull
    private static Object withoutBlankValues(@CheckForNull Object submitted) {
        if (submitted instanceof JSONArray array) {
            for (Object item : array) {
                withoutBlankValues(item);
            }
        } else if (submitted instanceof JSONObject object) {
            List<Object> blank = new ArrayList<>();
            for (Object o : object.entrySet()) {
                if (o instanceof Map.Entry<?, ?> e && e.getValue() instanceof String s && s.trim().isEmpty()) {
                    blank.add(e.getKey());
                }
            }
            for (Object key : blank) {
                object.remove(key);
            }
        }
        return submitted;
    }
}
