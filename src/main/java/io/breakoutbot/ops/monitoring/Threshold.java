package io.breakoutbot.ops.monitoring;

import java.util.Objects;

/**
 * The two levels of one metric. A value at or above a level counts as reaching it (a rule written
 * {@code CPU > 80%}; here 80.0 itself is already critical).
 *
 * @param warning  in {@code unit}: percent from 0 to 100, or a whole count; below {@code critical}
 * @param critical in {@code unit}, above {@code warning}
 * @param unit     what the levels are; it must be the unit of the metric they are set for
 */
public record Threshold(double warning, double critical, Metric.Unit unit) {

    /** Warning at 70 %, critical at 80 %. */
    public static final Threshold CPU = new Threshold(70, 80);
    /** Warning at 75 %, critical at 85 %. */
    public static final Threshold MEMORY = new Threshold(75, 85);
    /** Warning at 80 %, critical at 90 %. */
    public static final Threshold DISK = new Threshold(80, 90);
    /** Set like the disk, since running out of either stops the bot alike. */
    public static final Threshold FILE_DESCRIPTORS = new Threshold(80, 90);
    /** Warning at 80 %, critical at 95 % of all cores: a bot that takes the whole host starves the rest. */
    public static final Threshold BOT_CPU = new Threshold(80, 95);
    /** Warning at 50 %, critical at 75 % of physical memory: a bot that grows past half of it is leaking. */
    public static final Threshold BOT_MEMORY = new Threshold(50, 75);
    /** Warning at 80 %, critical at 95 % of its limit: the next sockets to the exchange would fail. */
    public static final Threshold BOT_FILE_DESCRIPTORS = new Threshold(80, 95);
    /** Warning at 500, critical at 1000 threads: far above what a trading bot needs, so a leak. */
    public static final Threshold BOT_THREADS = new Threshold(500, 1000, Metric.Unit.COUNT);

    public Threshold {
        Objects.requireNonNull(unit, "unit");
        unit.requireLevel("warning", warning);
        unit.requireLevel("critical", critical);
        if (warning >= critical) {
            throw new IllegalArgumentException("The warning level (" + warning + ") must be below the critical level ("
                    + critical + "); both are " + unit.plural() + ".");
        }
    }

    /** Levels in percent, from 0 to 100. */
    public Threshold(double warning, double critical) {
        this(warning, critical, Metric.Unit.PERCENT);
    }

    /** The same levels with another warning level. */
    public Threshold withWarning(double level) {
        return new Threshold(level, critical, unit);
    }

    /** The same levels with another critical level. */
    public Threshold withCritical(double level) {
        return new Threshold(warning, level, unit);
    }

    /** The default levels for {@code metric}. */
    public static Threshold defaultFor(Metric metric) {
        return switch (metric) {
            case CPU -> CPU;
            case MEMORY -> MEMORY;
            case DISK -> DISK;
            case FILE_DESCRIPTORS -> FILE_DESCRIPTORS;
            case BOT_CPU -> BOT_CPU;
            case BOT_MEMORY -> BOT_MEMORY;
            case BOT_FILE_DESCRIPTORS -> BOT_FILE_DESCRIPTORS;
            case BOT_THREADS -> BOT_THREADS;
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
