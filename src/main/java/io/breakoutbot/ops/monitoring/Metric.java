package io.breakoutbot.ops.monitoring;

/**
 * A resource the sampler watches. Minimal stand-in so the alerts component compiles; the monitoring
 * branch's version replaces it at merge and keeps these constants and {@link #label()}.
 */
public enum Metric {
    CPU("cpu"),
    MEMORY("memory"),
    DISK("disk"),
    FILE_DESCRIPTORS("fds");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    /** Short lower-case name used in alert keys and labels: cpu, memory, disk, fds. */
    public String label() {
        return label;
    }
}
