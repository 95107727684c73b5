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
 * that is not a rate, naming the field and the forms that work, where JCasC would otherwise drop it or fail with a
 * conversion error that names neither. Loaded only when the configuration-as-code plugin is installed.
 *
 * <p>An unquoted decimal such as {@code rateLimit: 5.5} never reaches this class: JCasC's YAML reader copies the
 * parsed number with a clone that a {@code Double} does not support, and the key is gone before any configurator
 * runs. Whole numbers and quoted decimals ({@code "5.5"}) arrive intact; the docs say to quote decimals.
 */
@Extension(optional = true)
@Restricted(NoExternalUse.class)
public final class DatabricksWorkspaceConfigurator extends DataBoundConfigurator<DatabricksWorkspace> {

    public DatabricksWorkspaceConfigurator() {
        super(DatabricksWorkspace.class);
    }

    @Override
    protected DatabricksWorkspace instance(Mapping config, ConfigurationContext context) throws ConfiguratorException {
        CNode rateLimit = config.get("rateLimit");
        if (rateLimit != null) {
            String problem = rateLimitProblem(rateLimit.asScalar().getValue());
            if (problem != null) {
                throw new ConfiguratorException(this, "Databricks workspace " + name(config) + ": " + problem);
            }
        }
        return super.instance(config, context);
    }

    @CheckForNull
    static String rateLimitProblem(String value) {
        String accepted = "write requests per second as a whole number (rateLimit: 10) or as a decimal in quotes "
                + "(rateLimit: \"5.5\")";
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
