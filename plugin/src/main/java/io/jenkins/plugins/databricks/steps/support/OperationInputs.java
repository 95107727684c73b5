package io.jenkins.plugins.databricks.steps.support;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a step's operation takes from where it runs, so that Pipeline and freestyle share one code path.
 *
 * @param run the build: credentials are looked up in its context and idempotency tokens derived from it
 * @param listener the build log
 * @param expander applied to text fields: the identity in Pipeline (Groovy has already interpolated the
 *     strings), the build's variables ({@code ${BUILD_NUMBER}}, parameters) in freestyle
 * @param invocation what tells this call apart from the other Databricks calls of the build: the step's flow node
 *     id in Pipeline, the build step's position in freestyle
 * @param workspace the build's workspace, for steps that read files; null outside a {@code node} block
 * @param environment the build's variables (such as {@code GIT_COMMIT}); empty when none are known
 */
public record OperationInputs(Run<?, ?> run, TaskListener listener, UnaryOperator<String> expander,
                              String invocation, @CheckForNull FilePath workspace, Map<String, String> environment) {

    /** @return the text with its variables expanded; null stays null */
    @CheckForNull
    public String expand(@CheckForNull String text) {
        return text == null ? null : expander.apply(text);
    }
}
