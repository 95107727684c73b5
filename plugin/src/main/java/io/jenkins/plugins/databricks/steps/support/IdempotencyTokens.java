package io.jenkins.plugins.databricks.steps.support;

import hudson.model.Run;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jenkins.model.Jenkins;

/**
 * Default {@code idempotency_token}s for {@code run-now}.
 *
 * <p>A token is derived from this Jenkins instance, the build and the step invocation within the build, so
 * the same invocation always sends the same token (the client may repeat a {@code run-now} whose answer was
 * lost; Databricks then returns the run it already started instead of a second one), while a new invocation
 * (a {@code retry} block, the next build, a rebuild) starts a new run, as the user asked for. Two Jenkins
 * controllers sharing a workspace never collide, because the instance id is part of the material.
 */
public final class IdempotencyTokens {

    /** Databricks accepts at most 64 characters. */
    private static final int MAX_LENGTH = 64;
    private static final String PREFIX = "jenkins-";

    private IdempotencyTokens() {}

    /**
     * @param run the build
     * @param invocation what distinguishes this call within the build (a flow node id, a build step's index)
     */
    public static String derive(Run<?, ?> run, String invocation) {
        String material = Jenkins.get().getLegacyInstanceId() + '\n' + run.getExternalizableId() + '\n' + invocation;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, MAX_LENGTH - PREFIX.length());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
