package io.jenkins.plugins.databricks.steps;

import hudson.console.ConsoleLogFilter;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * Masks the secret values of {@code withDatabricks} in the console of its block, in every form the
 * credentials-binding plugin knows (shell-quoted, Base64, ...), by the same means {@code withCredentials} uses.
 * The pattern is kept as a {@link Secret}, since it contains the values and is saved with the program state.
 */
final class SecretMaskingFilter extends ConsoleLogFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Secret pattern;
    private final String charsetName;

    SecretMaskingFilter(Collection<String> secrets, String charsetName) {
        this.pattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(secrets).pattern());
        this.charsetName = charsetName;
    }

    @SuppressWarnings("rawtypes") // the signature of ConsoleLogFilter
    @Override
    public OutputStream decorateLogger(Run build, OutputStream logger) {
        return new SecretPatterns.MaskingOutputStream(logger, () -> Pattern.compile(pattern.getPlainText()),
                charsetName);
    }
}
