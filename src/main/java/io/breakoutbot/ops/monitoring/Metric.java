package io.breakoutbot.ops.monitoring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a threshold watches, read from a {@link Sample} with {@link Sample#value(Metric)}. Every metric is a
 * percentage from 0 to 100 but one, {@code bot.threads}, which is a count: a process has no natural limit of
 * threads to take a percentage of. {@link #unit()} says which, and so which levels are valid.
 *
 * <p>The {@code bot.} metrics are the bot's process as the bot check last read it; they are UNAVAILABLE while
 * no bot is configured or running.
 */
public enum Metric {
    CPU("cpu", Unit.PERCENT, "System-wide CPU use of all cores since the previous sample, percent 0 to 100"),
    MEMORY("memory", Unit.PERCENT, "Physical memory in use (total minus available), percent 0 to 100"),
    DISK("disk", Unit.PERCENT, "Fullest watched disk, used space as df shows it, percent 0 to 100"),
    FILE_DESCRIPTORS("fds", Unit.PERCENT, "Open file descriptors of this JVM against its limit, percent 0 to 100"),
    BOT_CPU("bot.cpu", Unit.PERCENT, "CPU use of the bot's process, percent of all cores 0 to 100"),
    BOT_MEMORY(
            "bot.memory",
            Unit.PERCENT,
            "Resident memory of the bot's process against the host's physical memory, percent 0 to 100"),
    BOT_FILE_DESCRIPTORS(
            "bot.fds", Unit.PERCENT, "Open file descriptors of the bot's process against its limit, percent 0 to 100"),
    BOT_THREADS("bot.threads", Unit.COUNT, "Threads of the bot's process, a count");

    /** What a metric's values and levels are, and so which levels are valid. */
    public enum Unit {

        /** Percent from 0 to 100, decimals allowed. */
        PERCENT(100, "a percentage from 0 to 100", "percentages from 0 to 100"),

        /** A whole number of things (threads) from 0 to {@value Metric#MAX_COUNT}. */
        COUNT(MAX_COUNT, "a whole number from 0 to " + MAX_COUNT, "whole numbers from 0 to " + MAX_COUNT);

        private final double max;
        private final String one;
        private final String many;

        Unit(double max, String one, String many) {
            this.max = max;
            this.one = one;
            this.many = many;
        }

        /** Lower-case name for JSON and JMX: {@code percent} or {@code count}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "percentages from 0 to 100", for a sentence about two levels. */
        String plural() {
            return many;
        }

        /**
         * @param level {@code warning} or {@code critical}, as the sentence names it
         * @throws IllegalArgumentException with a sentence for an operator when {@code value} is not a valid level
         */
        void requireLevel(String level, double value) {
            // Written so that NaN fails too: every comparison with NaN is false.
            if (!(value >= 0 && value <= max) || (this == COUNT && value != Math.rint(value))) {
                throw new IllegalArgumentException("The " + level + " level must be " + one + ", not " + value + ".");
            }
        }

        /**
         * The line a value must drop below to leave the state {@code level} leads to. For a percentage, the level
         * minus {@code hysteresis} points, never more than half the level (so a 1% level recovers below 0.5%);
         * for a count, the level minus {@code hysteresis} percent of it, since points of a count mean nothing.
         *
         * @param hysteresis percentage points, 0 to 50
         */
        double lowered(double level, double hysteresis) {
            return this == PERCENT ? level - Math.min(hysteresis, level / 2) : level - level * hysteresis / 100;
        }

        /** A value as people write it, at most one decimal: {@code 93.1%}, {@code 612}. */
        public String format(double value) {
            if (!Double.isFinite(value)) {
                return String.valueOf(value);
            }
            String number = BigDecimal.valueOf(value)
                    .setScale(this == PERCENT ? 1 : 0, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString();
            return this == PERCENT ? number + "%" : number;
        }
    }

    /** The highest level a count may have. */
    public static final int MAX_COUNT = 1_000_000;

    private final String label;
    private final Unit unit;
    private final String description;

    Metric(String label, Unit unit, String description) {
        this.label = label;
        this.unit = unit;
        this.description = description;
    }

    /**
     * Lower-case short name, for configuration keys, JSON and log lines: {@code cpu}, {@code memory},
     * {@code disk}, {@code fds}, {@code bot.cpu}, {@code bot.memory}, {@code bot.fds}, {@code bot.threads}.
     */
    public String label() {
        return label;
    }

    /** Percent, or a count for {@code bot.threads}. */
    public Unit unit() {
        return unit;
    }

    /** One sentence for an operator, with the unit. */
    public String description() {
        return description;
    }

    /** Whether it watches the bot's process rather than the host or this JVM. */
    public boolean isBot() {
        return label.startsWith("bot.");
    }

    /** The metric named {@code label}, or null. */
    static Metric byLabel(String label) {
        for (Metric m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        return null;
    }

    /** "cpu, memory, disk, fds, bot.cpu, bot.memory, bot.fds and bot.threads", for sentences. */
    static String labels() {
        List<String> all = Arrays.stream(values()).map(Metric::label).toList();
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }
}
