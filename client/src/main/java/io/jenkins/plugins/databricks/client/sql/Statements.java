package io.jenkins.plugins.databricks.client.sql;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.core.Json;
import io.jenkins.plugins.databricks.client.core.Transport;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Statement Execution API ({@code /api/2.0/sql/statements}): run a statement on a SQL warehouse, follow it,
 * cancel it, and read its result chunk by chunk. Answers are read as a stream: the rows of a chunk go one at a
 * time to a {@link RowSink} or into a bounded list, so a million-row result costs one row of memory, not a
 * million. Obtained from {@link DatabricksClient#statements()}.
 */
public final class Statements {
    public static final String BASE = "/api/2.0/sql/statements/";

    private final DatabricksClient client;

    public Statements(DatabricksClient client) {
        this.client = client;
    }

    /** Receives the rows of a result in order. */
    public interface RowSink {
        /** @param values the row's values as the API sends them (text; null for SQL NULL) */
        void row(String[] values) throws IOException;

        /** @return a point to {@link #reset} to, taken before a chunk is read (a failed read is read again) */
        long mark() throws IOException;

        /** Forgets every row after {@code mark}. */
        void reset(long mark) throws IOException;
    }

    /**
     * Sends the statement. With a wait timeout the answer may already be the end.
     *
     * @param request the statement
     * @param keepRows how many of the first rows to keep from the answer (0: none)
     * @return the statement as answered
     * @throws InterruptedException when interrupted (the statement goes on; cancel it if that is wanted)
     */
    public StatementState execute(StatementRequest request, int keepRows) throws InterruptedException {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null; build one with StatementRequest.builder()");
        }
        // not repeated after a failure that may have reached the server: the statement could run twice
        if (keepRows > 0) {
            return StatementAnswers.fromAnswer(client.send("POST", BASE, List.of(), request.toBody(), false), keepRows);
        }
        // the rows are not wanted here: an inline first chunk is skipped as it streams by, never held
        return client.receive(Transport.Request.json("POST", BASE, List.of(), request.toBody(), false),
                "application/json", (in, headers) -> {
                    try (JsonParser p = Json.parser(in)) {
                        return StatementAnswers.read(p, 0);
                    }
                });
    }

    /**
     * Reads the statement's state.
     *
     * @param statementId the statement
     * @param keepRows how many of the first rows to keep (0: none)
     * @return the statement now
     */
    public StatementState get(String statementId, int keepRows) throws InterruptedException {
        Checks.id(statementId, "statementId", "01ef-...");
        if (keepRows > 0) {
            // small answers are quickest collected whole; a first chunk is at most a few MB
            return StatementAnswers.fromAnswer(client.send("GET", BASE + statementId, List.of(), null, true), keepRows);
        }
        // the rows are not wanted: read as a stream, skipping the inline chunk without holding it
        return client.receive(Transport.Request.json("GET", BASE + statementId, List.of(), null, true),
                "application/json", (in, headers) -> {
                    try (JsonParser p = Json.parser(in)) {
                        return StatementAnswers.read(p, 0);
                    }
                });
    }

    /** Asks the workspace to cancel the statement; returns before it has stopped. Safe to repeat. */
    public void cancel(String statementId) throws InterruptedException {
        Checks.id(statementId, "statementId", "01ef-...");
        client.send("POST", BASE + statementId + "/cancel", List.of(), Map.of(), true);
    }

    /**
     * Polls until the statement ends, reporting its state changes.
     *
     * @param first the statement as last seen
     * @param timeout how long to wait from now
     * @param listener receives the state changes; may be null
     * @param keepRows how many of the first rows the final state keeps
     * @return the final state; FAILED and CANCELED are states, not exceptions
     * @throws DatabricksException {@link DatabricksException#TIMEOUT} when the timeout passes first
     */
    public StatementState await(StatementState first, Duration timeout, ProgressListener listener, int keepRows)
            throws InterruptedException {
        Checks.timeout(timeout, "timeout");
        ProgressListener progress = Checks.listener(listener);
        long deadline = System.nanoTime() + timeout.toNanos();
        StatementState now = first;
        String reported = null;
        int poll = 0;
        while (true) {
            if (!now.state().equals(reported)) {
                progress.progress("Statement " + now.statementId() + " is " + now.state());
                reported = now.state();
            }
            if (now.done()) {
                return now;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new DatabricksException(DatabricksException.TIMEOUT, "Statement " + now.statementId()
                        + " did not finish within " + timeout + "; it is " + now.state());
            }
            client.pollSchedule().sleepBefore(++poll, deadline);
            now = get(now.statementId(), keepRows);
        }
    }

    /**
     * Every row of a succeeded statement to {@code sink}, chunk by chunk; rows of chunk 0 already held in
     * {@code done} are not fetched again.
     *
     * @return the number of rows written
     */
    public long readAll(StatementState done, RowSink sink) throws InterruptedException, IOException {
        requireSucceeded(done);
        long rows = 0;
        int chunk = 0;
        if (done.firstRowsComplete() && done.totalChunkCount() > 0) {
            for (List<String> r : done.firstRows()) {
                sink.row(r.toArray(new String[0]));
                rows++;
            }
            chunk = 1;
        }
        for (; chunk < done.totalChunkCount(); chunk++) {
            rows += chunk(done.statementId(), chunk, sink, Long.MAX_VALUE);
        }
        return rows;
    }

    /**
     * The first {@code max} rows of a succeeded statement, fetching further chunks only as far as needed.
     */
    public List<List<String>> firstRows(StatementState done, int max) throws InterruptedException {
        requireSucceeded(done);
        List<List<String>> held = done.firstRows();
        if (held.size() >= max || done.firstRowsComplete() && done.totalChunkCount() <= 1) {
            return new ArrayList<>(held.subList(0, Math.min(max, held.size())));
        }
        List<List<String>> rows = new ArrayList<>();
        int chunk = 0;
        if (done.firstRowsComplete()) {
            rows.addAll(held);
            chunk = 1;
        }
        StatementAnswers.ListSink sink = new StatementAnswers.ListSink(rows, max);
        try {
            for (; chunk < done.totalChunkCount() && rows.size() < max; chunk++) {
                chunk(done.statementId(), chunk, sink, max - rows.size());
            }
        } catch (IOException e) {
            throw new IllegalStateException("a list of rows cannot fail to grow", e);
        }
        return rows;
    }

    private static void requireSucceeded(StatementState s) {
        if (!s.succeeded()) {
            throw new IllegalStateException("statement " + s.statementId() + " is " + s.state()
                    + "; only a SUCCEEDED statement has rows");
        }
    }

    /** Streams one chunk's rows (at most {@code max}) to the sink; a retried read first resets the sink. */
    private long chunk(String id, int index, RowSink sink, long max) throws InterruptedException, IOException {
        long mark = sink.mark();
        try {
            return client.receive(Transport.Request.json("GET", BASE + id + "/result/chunks/" + index, List.of(),
                    null, true), "application/json", (in, headers) -> {
                        sink.reset(mark);
                        try (JsonParser p = Json.parser(in)) {
                            if (p.nextToken() != JsonToken.START_OBJECT) {
                                throw new JsonParseException(p, "expected a JSON object");
                            }
                            long n = 0;
                            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                                p.nextToken();
                                if (f.equals("data_array")) {
                                    n = StatementAnswers.rows(p, sink, max);
                                } else {
                                    p.skipChildren();
                                }
                            }
                            return n;
                        }
                    });
        } catch (StatementAnswers.SinkFailure e) {
            throw e.getCause();
        }
    }

}
