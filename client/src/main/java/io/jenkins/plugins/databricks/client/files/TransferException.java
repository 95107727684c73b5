package io.jenkins.plugins.databricks.client.files;

import io.jenkins.plugins.databricks.client.DatabricksException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An import, upload or download of several files that stopped part-way: which files were done, which were not, and
 * the failure that stopped it ({@link #getCause()}, with its status and error code copied here). Nothing is rolled
 * back; running the same transfer again with overwrite on converges to the complete result.
 */
public class TransferException extends DatabricksException {
    private static final long serialVersionUID = 1L;
    private static final int LISTED = 20;

    /** What was done, each entry as the operation returns it. */
    private final ArrayList<Map<String, Object>> done;
    /** The names of the files not done. */
    private final ArrayList<String> notDone;
    /** The failure's HTTP status. */
    private final int status;
    /** The failure's error code. */
    private final String code;

    TransferException(String verb, List<Map<String, Object>> done, List<String> notDone, DatabricksException cause) {
        // the message starts with the verb; the cause's status and code are in it once, through its message
        super(null, null, 0, null, describe(verb, done, notDone, cause), cause.attempts(), cause);
        this.done = new ArrayList<>(done);
        this.notDone = new ArrayList<>(notDone);
        this.status = cause.statusCode();
        this.code = cause.errorCode();
    }

    /** @return the HTTP status of the failure that stopped the transfer, 0 without one */
    @Override
    public int statusCode() {
        return status;
    }

    /** @return the error code of the failure that stopped the transfer */
    @Override
    public String errorCode() {
        return code;
    }

    private static String describe(String verb, List<Map<String, Object>> done, List<String> notDone,
                                   DatabricksException cause) {
        int total = done.size() + notDone.size();
        StringBuilder sb = new StringBuilder(verb).append(' ').append(done.size()).append(" of ").append(total)
                .append(total == 1 ? " file" : " files").append(", then failed: ").append(cause.getMessage());
        sb.append(". Done: ").append(names(done.stream().map(d -> String.valueOf(d.get("source"))).toList()));
        sb.append(". Not done: ").append(names(notDone));
        sb.append(". Nothing was rolled back; run it again with overwrite to finish.");
        return sb.toString();
    }

    private static String names(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", names.subList(0, Math.min(LISTED, names.size())));
        return names.size() > LISTED ? shown + " and " + (names.size() - LISTED) + " more" : shown;
    }

    /** @return the files done before the failure, as the operation returns them ({@code source}, {@code path}, ...) */
    public List<Map<String, Object>> done() {
        return done;
    }

    /**
     * @return the files not done, the failed one first: for an import or upload their local paths relative to the
     *         source directory, for a download their remote paths (as in {@code source} of {@link #done()})
     */
    public List<String> notDone() {
        return notDone;
    }
}
