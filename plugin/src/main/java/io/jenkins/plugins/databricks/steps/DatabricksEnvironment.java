package io.jenkins.plugins.databricks.steps;

import hudson.EnvVars;
import hudson.util.Secret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The variables {@code withDatabricks} adds to its block. Secret values are kept as {@link Secret}s, so the
 * program state Pipeline saves to disk holds them encrypted, and are reported as sensitive, so Pipeline warns
 * about Groovy string interpolation of them.
 */
final class DatabricksEnvironment extends EnvironmentExpander {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> plain;
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    DatabricksEnvironment(Map<String, String> plain, Map<String, String> secrets) {
        this.plain = new LinkedHashMap<>(plain);
        secrets.forEach((name, value) -> this.secrets.put(name, Secret.fromString(value)));
    }

    @Override
    public void expand(EnvVars env) {
        plain.forEach(env::override);
        secrets.forEach((name, value) -> env.override(name, value.getPlainText()));
    }

    @Override
    public Set<String> getSensitiveVariables() {
        return Collections.unmodifiableSet(secrets.keySet());
    }
}
