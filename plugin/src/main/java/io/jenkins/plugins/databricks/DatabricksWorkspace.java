package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One Databricks workspace an administrator declared: a name jobs refer to, the host, the id of the credentials
 * used there, and optional limits. Stores a credentials id only, never a secret.
 */
public final class DatabricksWorkspace implements Describable<DatabricksWorkspace> {

    private final String name;
    private final String host;
    private final String credentialsId;
    private boolean defaultWorkspace;
    private Double rateLimit;
    private Integer maxAttempts;
    private Integer retryBudgetSeconds;

    @DataBoundConstructor
    public DatabricksWorkspace(String name, String host, String credentialsId) {
        this.name = Util.fixNull(name).trim();
        this.host = Util.fixNull(host).trim();
        this.credentialsId = Util.fixNull(credentialsId).trim();
    }

    @NonNull
    public String getName() {
        return name;
    }

    @NonNull
    public String getHost() {
        return host;
    }

    @NonNull
    public String getCredentialsId() {
        return credentialsId;
    }

    /** @return whether steps that name no workspace use this one */
    public boolean isDefaultWorkspace() {
        return defaultWorkspace;
    }

    @DataBoundSetter
    public void setDefaultWorkspace(boolean defaultWorkspace) {
        this.defaultWorkspace = defaultWorkspace;
    }

    /** @return requests per second to this host from the whole controller, or null for the client default */
    @CheckForNull
    public Double getRateLimit() {
        return rateLimit;
    }

    @DataBoundSetter
    public void setRateLimit(@CheckForNull Double rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** @return attempts per request including the first, or null for the client default */
    @CheckForNull
    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    @DataBoundSetter
    public void setMaxAttempts(@CheckForNull Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** @return the longest one request may take including retries and waits, or null for the client default */
    @CheckForNull
    public Integer getRetryBudgetSeconds() {
        return retryBudgetSeconds;
    }

    @DataBoundSetter
    public void setRetryBudgetSeconds(@CheckForNull Integer retryBudgetSeconds) {
        this.retryBudgetSeconds = retryBudgetSeconds;
    }

    @Override
    public DescriptorImpl getDescriptor() {
        return Jenkins.get().getDescriptorByType(DescriptorImpl.class);
    }

    @Override
    public String toString() {
        return "DatabricksWorkspace[" + name + ", " + host + ", credentialsId=" + credentialsId + "]";
    }

    @Extension
    @Symbol("databricksWorkspace")
    public static final class DescriptorImpl extends Descriptor<DatabricksWorkspace> {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Databricks workspace";
        }

        // Every method below answers POST only and, where it reads credentials or opens a connection, requires
        // Overall/Administer: the same permission as the system configuration page this form is part of.

        @POST
        public FormValidation doCheckHost(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            return DatabricksConnector.checkHost(value);
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String host, @QueryParameter String value) {
            if (!DatabricksCredentials.hasPermission(null)) {
                return FormValidation.ok();
            }
            return DatabricksCredentials.check(null, host, value);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String host, @QueryParameter String credentialsId) {
            if (!DatabricksCredentials.hasPermission(null)) {
                return DatabricksCredentials.currentValueOnly(credentialsId);
            }
            return DatabricksCredentials.fill(null, host, credentialsId);
        }

        @POST
        public FormValidation doCheckRateLimit(@QueryParameter String value) {
            return Limits.checkRateLimit(value);
        }

        @POST
        public FormValidation doCheckMaxAttempts(@QueryParameter String value) {
            return Limits.checkMaxAttempts(value);
        }

        @POST
        public FormValidation doCheckRetryBudgetSeconds(@QueryParameter String value) {
            return Limits.checkRetryBudgetSeconds(value);
        }

        /**
         * Signs in with the selected credentials and shows who they authenticate as: what the form shows, saved or
         * not (host, credentials, and the page's plain-HTTP box). Only credentials of the global configuration are
         * used, and only administrators may press it, so nobody can make the controller send a credential to a host
         * of their choosing.
         */
        @POST
        public FormValidation doTestConnection(@QueryParameter String host, @QueryParameter String credentialsId,
                @QueryParameter boolean allowPlainHttp) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return DatabricksConnector.testConnection(host, credentialsId, allowPlainHttp);
        }
    }
}
