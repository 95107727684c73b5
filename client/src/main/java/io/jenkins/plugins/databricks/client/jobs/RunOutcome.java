package io.jenkins.plugins.databricks.client.jobs;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a job run ended, as {@link Jobs#waitForRun} reports it.
 *
 * @param runId the run id
 * @param runPageUrl the run's page in the workspace UI, may be null
 * @param lifeCycleState the final life cycle state (TERMINATED, SKIPPED or INTERNAL_ERROR)
 * @param resultState the result (SUCCESS, FAILED, TIMEDOUT, CANCELED, ...), may be null
 * @param stateMessage the state message, may be null or empty
 * @param success whether the result is SUCCESS
 * @param run the last {@code runs/get} answer
 */
public record RunOutcome(long runId, String runPageUrl, String lifeCycleState, String resultState,
                         String stateMessage, boolean success, Map<String, Object> run) implements Serializable {

    /**
     * The run's termination details ({@code status.termination_details}: code, type, message), if present.
     *
     * @return the details, or null
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> terminationDetails() {
        Object status = run == null ? null : run.get("status");
        Object details = status instanceof Map ? ((Map<String, Object>) status).get("termination_details") : null;
        return details instanceof Map ? (Map<String, Object>) details : null;
    }

    /**
     * @return {@code run_id, run_page_url, life_cycle_state, result_state, state_message, success,
     *         termination_details, run} as plain, Serializable values
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("run_page_url", runPageUrl);
        m.put("life_cycle_state", lifeCycleState);
        m.put("result_state", resultState);
        m.put("state_message", stateMessage);
        m.put("success", success);
        m.put("termination_details", terminationDetails());
        m.put("run", run);
        return m;
    }

    /** @return a one-line summary naming the run, its result and its page */
    public String summary() {
        StringBuilder sb = new StringBuilder("Run ").append(runId).append(' ').append(lifeCycleState);
        if (resultState != null) {
            sb.append(' ').append(resultState);
        }
        if (stateMessage != null && !stateMessage.isBlank()) {
            sb.append(": ").append(stateMessage);
        }
        if (runPageUrl != null) {
            sb.append(" (").append(runPageUrl).append(')');
        }
        return sb.toString();
    }
}
