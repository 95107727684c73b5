package io.jenkins.plugins.databricks;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Action;
import hudson.model.Run;
import java.util.Locale;

/**
 * A Databricks run that a build started ({@code databricksRunJob}, {@code databricksSubmitRun}): shown on the build
 * page as a link to the run's page in the workspace. A build holds one per run it started.
 */
public final class DatabricksRunAction implements Action {

    private final String description;
    private final long runId;
    private final String runPageUrl;

    private DatabricksRunAction(String description, long runId, String runPageUrl) {
        this.description = description;
        this.runId = runId;
        this.runPageUrl = runPageUrl;
    }

    /**
     * Adds a link to the build, unless the workspace gave no usable page address (then the console line alone
     * reports the run).
     *
     * @param build the build that started the run
     * @param description what started it, such as {@code job 42} or {@code one-time run 'tests'}
     * @param runId the run's id
     * @param runPageUrl the {@code run_page_url} Databricks answered; only {@code https://} (or {@code http://} for
     *     a local emulator) addresses become links
     */
    public static void record(@NonNull Run<?, ?> build, @NonNull String description, long runId,
            @CheckForNull Object runPageUrl) {
        String url = runPageUrl instanceof String s ? s.strip() : "";
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return;
        }
        for (DatabricksRunAction a : build.getActions(DatabricksRunAction.class)) {
            if (a.runId == runId && a.runPageUrl.equals(url)) {
                return; // a resumed wait, or a retried start that got the same run back
            }
        }
        build.addAction(new DatabricksRunAction(description, runId, url));
    }

    @NonNull
    public String getDescription() {
        return description;
    }

    public long getRunId() {
        return runId;
    }

    @NonNull
    public String getRunPageUrl() {
        return runPageUrl;
    }

    // Shown in the build's summary (summary.jelly), not in the side panel.
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Databricks run " + runId;
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
