package io.jenkins.plugins.databricks.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.util.Secret;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.FailureHandler;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Masks the secrets of {@code withDatabricks} in an error that ends its block, as {@code withCredentials} does: without
 * it, {@code error "...$DATABRICKS_TOKEN"} (or any exception whose text holds the token) would be printed in the final
 * {@code ERROR:} line and stored with the flow node under the build directory, where no console filter reaches. An
 * error whose text holds no secret passes unchanged; one that does is replaced by a copy with each secret (in every
 * form credentials-binding knows) shown as {@code ****}, keeping its stack trace, causes and suppressed errors
 * (masked the same way), and staying an {@link AbortException} when it was one, so the log still shows one line.
 */
final class SecretMaskingFailureHandler implements FailureHandler {
    private static final long serialVersionUID = 1L;

    /** Kept as a {@link Secret}: it contains the values and is saved with the program state. */
    private final Secret pattern;

    SecretMaskingFailureHandler(Collection<String> secrets) {
        this.pattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(secrets).pattern());
    }

    @NonNull
    @Override
    public Throwable handle(@NonNull StepContext context, @NonNull Throwable failure) {
        String p = pattern.getPlainText();
        if (p.isEmpty()) {
            return failure;
        }
        Pattern secrets = Pattern.compile(p);
        return holdsSecret(failure, secrets, Collections.newSetFromMap(new IdentityHashMap<>()))
                ? masked(failure, secrets, Collections.newSetFromMap(new IdentityHashMap<>())) : failure;
    }

    private static boolean holdsSecret(Throwable t, Pattern secrets, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (secrets.matcher(String.valueOf(t)).find() || holdsSecret(t.getCause(), secrets, seen)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (holdsSecret(s, secrets, seen)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable masked(Throwable t, Pattern secrets, Set<Throwable> seen) {
        if (!seen.add(t)) {
            return new Exception("(the same error again)");
        }
        String message = t.getMessage() == null ? null : secrets.matcher(t.getMessage()).replaceAll("****");
        Throwable copy = t instanceof AbortException ? new AbortException(message) : new MaskedFailure(t, message);
        copy.setStackTrace(t.getStackTrace());
        if (t.getCause() != null) {
            copy.initCause(masked(t.getCause(), secrets, seen));
        }
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(masked(s, secrets, seen));
        }
        return copy;
    }

    /** Stands for an error whose text held a secret; it names the original type, which it cannot be. */
    static final class MaskedFailure extends Exception {
        private static final long serialVersionUID = 1L;

        MaskedFailure(Throwable original, String maskedMessage) {
            super(original.getClass().getName() + (maskedMessage == null ? "" : ": " + maskedMessage));
        }

        @Override
        public String toString() {
            // the message already starts with the original type's name
            return getMessage();
        }
    }
}
