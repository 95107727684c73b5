package io.jenkins.plugins.databricks.client;

/**
 * Receives one-line progress messages from long operations (cluster start, job run), such as state changes.
 * Implementations should return quickly; the Jenkins plugin prints the messages to the build log.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every message. */
    ProgressListener NONE = message -> { };

    /**
     * Reports progress.
     *
     * @param message a human-readable line, without secrets
     */
    void progress(String message);
}
