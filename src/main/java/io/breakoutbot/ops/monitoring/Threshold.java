package io.breakoutbot.ops.monitoring;

/**
 * The two levels of one metric. A value at or above a level counts as reaching it (a rule written
 * {@code CPU > 80%}; here 80.0 itself is already critical).
 *
 * @param warning  percent from 0 to 100, below {@code critical}
 * @param critical percent from 0 to 100, above {@code warning}
 */
public record Threshold(double warning, double critical) {

    /** Warning at 70 %, critical at 80 %. */
    public static final Threshold CPU = new Threshold(70, 80);
    /** Warning at 75 %, critical at 85 %. */
    public static final Threshold MEMORY = new Threshold(75, 85);
    /** Warning at 80 %, critical at 90 %. */
    public static final Threshold DISK = new Threshold(80, 90);
    /** Set like the disk, since running out of either stops the bot alike. */
    public static final Threshold FILE_DESCRIPTORS = new Threshold(80, 90);

    public Threshold {
        requirePercent("warning", warning);
        requirePercent("critical", critical);
        if (warning >= critical) {
            throw new IllegalArgumentException("The warning level (" + warning + ") must be below the critical level ("
                    + critical + "); both are percentages from 0 to 100.");
        }
    }

    /** @param level {@code warning} or {@code critical}, as the sentence names it */
    static void requirePercent(String level, double value) {
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(value >= 0 && value <= 100)) {
            throw new IllegalArgumentException(
                    "The " + level + " level must be a percentage from 0 to 100, not " + value + ".");
        }
    }

    /** The default levels for {@code metric}. */
    public static Threshold defaultFor(Metric metric) {
        return switch (metric) {
            case CPU -> CPU;
            case MEMORY -> MEMORY;
            case DISK -> DISK;
            case FILE_DESCRIPTORS -> FILE_DESCRIPTORS;
        };
    }

    /** The level that leads into {@code state}: warning for WARNING, critical for CRITICAL. */
    double level(State state) {
        return switch (state) {
            case WARNING -> warning;
            case CRITICAL -> critical;
            case OK, UNAVAILABLE -> throw new IllegalArgumentException("No level leads into " + state + ".");
        };
    }
}
