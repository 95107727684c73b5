package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorException;
import io.jenkins.plugins.casc.impl.configurators.DataBoundConfigurator;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.casc.model.Mapping;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * Reads a workspace from Configuration as Code like the default configurator does, but refuses a {@code rateLimit}
 * that would otherwise be dropped or mangled without a word. JCasC's YAML reader keeps whole numbers and strings
 * but turns an unquoted decimal such as {@code 5.5} into an empty value (it copies the parsed number with a clone
 * that a {@code Double} does not support), so the setter is never called and the workspace silently runs at the
 * default rate. Quoted decimals ({@code "5.5"}) and whole numbers arrive intact; the error names the field and the
 * forms that work. Loaded only when the configuration-as-code plugin is installed.
 */
@Extension(optional = true)
@Restricted(NoExternalUse.class)
public final class DatabricksWorkspaceConfigurator extends DataBoundConfigurator<DatabricksWorkspace> {

    public DatabricksWorkspaceConfigurator() {
        super(DatabricksWorkspace.class);
    }

    @Override
    protected DatabricksWorkspace instance(Mapping config, ConfigurationContext context) throws ConfiguratorException {
        if (config.containsKey("rateLimit")) {
            String problem = rateLimitProblem(scalar(config.get("rateLimit")));
            if (problem != null) {
                throw new ConfiguratorException(this, "Databricks workspace " + name(config) + ": " + problem);
            }
        }
        return super.instance(config, context);
    }

    @CheckForNull
    static String rateLimitProblem(@CheckForNull String value) {
        String accepted = "write requests per second as a whole number (rateLimit: 10) or as a decimal in quotes "
                + "(rateLimit: \"5.5\")";
        if (value == null) {
            return "rateLimit was read as empty: Configuration as Code drops a decimal number that is not in quotes; "
                    + accepted;
        }
        try {
            String range = Limits.rateLimitProblem(Double.valueOf(value.trim()));
            return range == null ? null : range + "; " + accepted;
        } catch (NumberFormatException e) {
            return "rateLimit '" + value + "' is not a number; " + accepted;
        }
    }

    @CheckForNull
    private static String scalar(@CheckForNull CNode node) throws ConfiguratorException {
        return node == null ? null : node.asScalar().getValue();
    }

    private static String name(Mapping config) throws ConfiguratorException {
        String name = scalar(config.get("name"));
        return name == null ? "without a name" : "'" + name + "'";
    }
}
