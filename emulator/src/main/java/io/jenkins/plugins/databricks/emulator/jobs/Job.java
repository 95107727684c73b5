package io.jenkins.plugins.databricks.emulator.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/** A job as the emulator keeps it: its settings, who made it, and how its runs end. Guarded by {@link Jobs}. */
public final class Job {
    final long id;
    final String creator;
    final long createdTime;
    public ObjectNode settings;
    String resultState;
    String output = "";
    /** Emulator time its runs take; null for the emulator's run duration. */
    Duration runDuration;
    final boolean hidden;

    Job(long id, String creator, long createdTime, ObjectNode settings, String resultState, boolean hidden) {
        this.id = id;
        this.creator = creator;
        this.createdTime = createdTime;
        this.settings = settings;
        this.resultState = resultState;
        this.hidden = hidden;
    }
}
