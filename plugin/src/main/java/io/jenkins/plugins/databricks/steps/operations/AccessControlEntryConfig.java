package io.jenkins.plugins.databricks.steps.operations;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ComboBoxModel;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.databricks.client.permissions.Permissions;
import java.util.TreeSet;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * One grant of {@code databricksSetPermissions}: a principal and a permission level.
 *
 * <p>Pipeline writes it as a map, {@code [user: 'a@b.com', level: 'CAN_MANAGE']} (or {@code group:},
 * {@code servicePrincipal:}); structs binds such a map through the constructor and the setters below, and the
 * snippet generator writes it back the same way. The form instead shows a principal type drop-down and one
 * principal field, which {@link DescriptorImpl#newInstance} maps onto the same object, so both forms describe
 * one model and round-trip.
 */
public final class AccessControlEntryConfig implements Describable<AccessControlEntryConfig> {

    static final String USER = "user";
    static final String GROUP = "group";
    static final String SERVICE_PRINCIPAL = "servicePrincipal";

    private final String level;
    private String principalType;
    private String principal;
    /** Set when more than one of user/group/servicePrincipal was given; reported before any request. */
    private transient boolean ambiguous;

    @DataBoundConstructor
    public AccessControlEntryConfig(String level) {
        this.level = Util.fixEmptyAndTrim(level);
    }

    public String getLevel() {
        return level;
    }

    public String getUser() {
        return principalOf(USER);
    }

    @DataBoundSetter
    public void setUser(String user) {
        assign(USER, user);
    }

    public String getGroup() {
        return principalOf(GROUP);
    }

    @DataBoundSetter
    public void setGroup(String group) {
        assign(GROUP, group);
    }

    public String getServicePrincipal() {
        return principalOf(SERVICE_PRINCIPAL);
    }

    /** @param servicePrincipal the service principal's application id */
    @DataBoundSetter
    public void setServicePrincipal(String servicePrincipal) {
        assign(SERVICE_PRINCIPAL, servicePrincipal);
    }

    /** @return user, group or servicePrincipal; null when no principal was given. Shown by the form. */
    public String getPrincipalType() {
        return principalType;
    }

    /** @return the user name, group name or application id. Shown by the form. */
    public String getPrincipal() {
        return principal;
    }

    public boolean isAmbiguous() {
        return ambiguous;
    }

    /** @return a copy whose principal and level went through {@code expander} (a freestyle build's variables) */
    AccessControlEntryConfig expanded(java.util.function.UnaryOperator<String> expander) {
        AccessControlEntryConfig copy = new AccessControlEntryConfig(level == null ? null : expander.apply(level));
        copy.principalType = principalType;
        copy.principal = principal == null ? null : Util.fixEmptyAndTrim(expander.apply(principal));
        copy.ambiguous = ambiguous;
        return copy;
    }

    private String principalOf(String kind) {
        return kind.equals(principalType) ? principal : null;
    }

    private void assign(String kind, String name) {
        String trimmed = Util.fixEmptyAndTrim(name);
        if (trimmed == null) {
            return;
        }
        if (principalType != null && !(principalType.equals(kind) && trimmed.equals(principal))) {
            ambiguous = true;
        }
        principalType = kind;
        principal = trimmed;
    }

    @Override
    public DescriptorImpl getDescriptor() {
        return Jenkins.get().getDescriptorByType(DescriptorImpl.class);
    }

    @Override
    public String toString() {
        return principalType + " " + principal + ": " + level;
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<AccessControlEntryConfig> {

        @Override
        public String getDisplayName() {
            return "Grant";
        }

        /** Maps the form's principal type drop-down and principal field onto the data-bound properties. */
        @Override
        public AccessControlEntryConfig newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            AccessControlEntryConfig entry = new AccessControlEntryConfig(formData.optString("level"));
            String type = formData.optString("principalType");
            String name = formData.optString("principal");
            switch (type) {
                case GROUP -> entry.setGroup(name);
                case SERVICE_PRINCIPAL -> entry.setServicePrincipal(name);
                default -> entry.setUser(name);
            }
            return entry;
        }

        public ListBoxModel doFillPrincipalTypeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("User (user name, usually an e-mail address)", USER);
            items.add("Group (group name)", GROUP);
            items.add("Service principal (application id)", SERVICE_PRINCIPAL);
            return items;
        }

        /** Every level Databricks knows, for completion; which ones fit the object type is checked at run time. */
        public ComboBoxModel doFillLevelItems() {
            TreeSet<String> levels = new TreeSet<>();
            for (String type : Permissions.objectTypes()) {
                levels.addAll(Permissions.levelsFor(type));
            }
            ComboBoxModel items = new ComboBoxModel();
            items.addAll(levels);
            return items;
        }
    }
}
