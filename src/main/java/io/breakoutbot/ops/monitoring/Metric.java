package io.breakoutbot.ops.monitoring;

/**
 * What a threshold watches. Every metric is a percentage from 0 to 100, read from a {@link Sample} with
 * {@link Sample#value(Metric)}.
 */
public enum Metric {
    CPU("cpu", "System-wide CPU use of all cores since the previous sample, percent 0 to 100"),
    MEMORY("memory", "Physical memory in use (total minus available), percent 0 to 100"),
    DISK("disk", "Fullest watched disk, used space as df shows it, percent 0 to 100"),
    FILE_DESCRIPTORS("fds", "Open file descriptors of this JVM against its limit, percent 0 to 100");

    private final String label;
    private final String description;

    Metric(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Lower-case short name, for configuration keys, JSON and log lines: {@code cpu}, {@code memory}, {@code disk}, {@code fds}. */
    public String label() {
        return label;
    }

    /** One sentence for an operator, with the unit. */
    public String description() {
        return description;
    }
}
