package io.breakoutbot.ops.monitoring;

/** A resource the sampler measures, as a percentage from 0 to 100. */
public enum Metric {
    CPU("cpu"), MEMORY("memory"), DISK("disk"), FILE_DESCRIPTORS("fds");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    /** The short name used in settings keys, files and alerts. */
    public String label() {
        return label;
    }
}
