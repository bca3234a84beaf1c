package io.breakoutbot.ops.jobs;

import jakarta.ejb.ScheduleExpression;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a job runs, written the way operators write crontab(5) entries, e.g. {@code ops.schedule.rotation=0 2 * * *}.
 *
 * <p>Accepted text:
 * <ul>
 * <li>five fields {@code minute hour day-of-month month day-of-week}, or six with a leading {@code second}
 *     field (as Quartz and Spring write it). Ranges: second and minute 0-59, hour 0-23, day-of-month 1-31,
 *     month 1-12 or {@code jan}-{@code dec}, day-of-week 0-7 (0 and 7 are Sunday) or {@code sun}-{@code sat};
 *     names ignore case. Five fields fire at second 0.</li>
 * <li>in each field: {@code *}, a value, a range {@code 1-5}, a list {@code 1,15,20-25}, and a step after
 *     {@code *} or a range: {@code *}{@code /5}, {@code 10-50/10}. A step goes from 1 to the field's maximum
 *     (Payara refuses larger increments).</li>
 * <li>the macros {@code @hourly}, {@code @daily} ({@code @midnight}), {@code @weekly}, {@code @monthly},
 *     {@code @yearly} ({@code @annually}).</li>
 * <li>{@code off} (any case): the job is disabled; {@link #isOff()} is true and there is no timer to create.</li>
 * </ul>
 *
 * <p>Why the text is checked more strictly than cron would: the schedule ends up as an EJB
 * {@link ScheduleExpression}, and EJB differs from cron in two ways. EJB increments exist only on second,
 * minute and hour, and only as {@code *}{@code /n}; every other step is written out as a list here, which
 * fires at the same times. And when day-of-month and day-of-week are both given, cron and the container
 * disagree on which days match: cron takes a day matching <em>either</em>, unless one of the two starts with
 * {@code *} (as {@code *}{@code /2} does), when it takes days matching <em>both</em>; the container's calendar
 * timers take days matching either in every case. Rather than fire on other days than the operator expects,
 * text that sets both fields to anything but {@code *} is refused.
 *
 * <p>Times are wall-clock times in a zone, as in cron. When a job fires, around daylight saving changes too,
 * is the container's to compute from the {@link ScheduleExpression}, and what operators are shown of it comes
 * from the container's timers ({@link JobTimers}); this class only translates.
 *
 * <p>Bad text throws {@link IllegalArgumentException} with one line naming the field, the offending part
 * and what is allowed, e.g. {@code hour field '25' is out of range 0-23}.
 */
public final class CronSchedule {

    private static final String FIELD_NAMES = "minute hour day-of-month month day-of-week";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern INCREMENT = Pattern.compile("\\*/(\\d+)");
    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    private final String text;
    /** {@code null} when the schedule is off. */
    private final Fields fields;

    private CronSchedule(String text, Fields fields) {
        this.text = text;
        this.fields = fields;
    }

    /**
     * @throws IllegalArgumentException with a one-line reason when the text is not a schedule
     */
    public static CronSchedule parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(
                    "schedule is empty; expected 5 fields (" + FIELD_NAMES + "), a macro like @daily, or off");
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("off")) {
            return new CronSchedule(trimmed, null);
        }
        if (lower.startsWith("@")) {
            String expansion = MACROS.get(lower);
            if (expansion == null) {
                throw new IllegalArgumentException("unknown macro '" + printable(trimmed)
                        + "'; use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually");
            }
            return new CronSchedule(trimmed, Fields.parse(WHITESPACE.split(expansion)));
        }
        return new CronSchedule(trimmed, Fields.parse(WHITESPACE.split(trimmed)));
    }

    public boolean isOff() {
        return fields == null;
    }

    /** In the system's default zone; see {@link #toScheduleExpression(ZoneId)}. */
    public ScheduleExpression toScheduleExpression() {
        return toScheduleExpression(ZoneId.systemDefault());
    }

    /**
     * The same schedule for {@code TimerService.createCalendarTimer}, with its timezone set so that 02:00
     * means 02:00 in {@code zone}, whatever zone the server runs in.
     *
     * @throws IllegalStateException when the schedule is off
     */
    public ScheduleExpression toScheduleExpression(ZoneId zone) {
        if (fields == null) {
            throw new IllegalStateException("schedule '" + text + "' is off; there is no timer to create");
        }
        return new ScheduleExpression()
                .second(fields.second)
                .minute(fields.minute)
                .hour(fields.hour)
                .dayOfMonth(fields.dayOfMonth)
                .month(fields.month)
                .dayOfWeek(fields.dayOfWeek)
                .year("*")
                // TimeZone's id, not ZoneId's: Payara reads it with TimeZone.getTimeZone, which turns an id
                // it does not know, such as "+02:00", into GMT without a word; TimeZone writes "GMT+02:00"
                .timezone(TimeZone.getTimeZone(zone).getID());
    }

    /** The text as written, trimmed. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Keeps a message on one line whatever the text holds. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    private enum Field {
        SECOND("second", 0, 59, true, List.of()),
        MINUTE("minute", 0, 59, true, List.of()),
        HOUR("hour", 0, 23, true, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, false, List.of()),
        MONTH(
                "month",
                1,
                12,
                false,
                List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")),
        DAY_OF_WEEK("day-of-week", 0, 7, false, List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat"));

        final String label;
        final int min;
        final int max;
        /** Whether EJB accepts {@code *}{@code /n} here. */
        final boolean increments;
        /** Names for min, min + 1, ... */
        final List<String> names;

        Field(String label, int min, int max, boolean increments, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.increments = increments;
            this.names = names;
        }

        /** Sunday is 0 and 7 in cron; one bit for it keeps the EJB list simple. */
        int normalize(int value) {
            return this == DAY_OF_WEEK && value == 7 ? 0 : value;
        }

        long everything() {
            long mask = 0;
            for (int v = min; v <= max; v++) {
                mask |= 1L << normalize(v);
            }
            return mask;
        }

        String allowed() {
            return switch (this) {
                case MONTH -> "numbers 1-12 or names jan-dec";
                case DAY_OF_WEEK -> "numbers 0-7 (0 and 7 are Sunday) or names sun-sat";
                default -> "numbers " + min + "-" + max;
            };
        }

        IllegalArgumentException error(String part, String problem) {
            return new IllegalArgumentException(label + " field '" + printable(part) + "' " + problem);
        }
    }

    /** One field's text as EJB writes it, through the values it matches as bits. */
    private static final class EjbField {

        private EjbField() {}

        static String of(Field field, String text) {
            long mask = 0;
            for (String item : text.split(",", -1)) {
                mask |= parseItem(field, text, item);
            }
            return ejb(field, text, mask);
        }

        private static long parseItem(Field field, String text, String item) {
            if (item.isEmpty()) {
                throw field.error(text, "has an empty list item");
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                String stepText = item.substring(slash + 1);
                if (!NUMBER.matcher(stepText).matches()) {
                    throw invalid(field, item);
                }
                step = stepText.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(stepText);
                if (step < 1 || step > field.max) {
                    throw field.error(item, "has a step of " + stepText + "; the step must be from 1 to " + field.max);
                }
            }
            int low;
            int high;
            if (range.equals("*")) {
                low = field.min;
                high = field.max;
            } else {
                String[] ends = range.split("-", -1);
                if (ends.length > 2) {
                    throw invalid(field, item);
                }
                low = value(field, item, ends[0]);
                high = ends.length == 2 ? value(field, item, ends[1]) : low;
                if (ends.length == 1 && slash >= 0) {
                    throw field.error(
                            item,
                            "has a step after a single value; a step follows * or a range, " + "like */10 or 5-59/10");
                }
                if (low > high) {
                    throw field.error(item, "starts after it ends; write the smaller value first");
                }
            }
            long mask = 0;
            for (int v = low; v <= high; v += step) {
                mask |= 1L << field.normalize(v);
            }
            return mask;
        }

        private static int value(Field field, String item, String token) {
            if (NUMBER.matcher(token).matches()) {
                int value = token.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(token);
                if (value < field.min || value > field.max) {
                    throw field.error(token, "is out of range " + field.min + "-" + field.max);
                }
                return value;
            }
            int named = field.names.indexOf(token.toLowerCase(Locale.ROOT));
            if (named < 0) {
                throw invalid(field, item);
            }
            return field.min + named;
        }

        private static IllegalArgumentException invalid(Field field, String item) {
            return field.error(
                    item,
                    "is not valid; use " + field.allowed()
                            + ", *, a range like 1-5, a list like 1,15 or a step like */5");
        }

        /** EJB syntax for the same values: *, *&#47;n where EJB has increments, otherwise a plain list. */
        private static String ejb(Field field, String text, long mask) {
            if (mask == field.everything()) {
                return "*";
            }
            Matcher increment = INCREMENT.matcher(text);
            if (field.increments && increment.matches()) {
                return "*/" + Integer.parseInt(increment.group(1));
            }
            List<String> parts = new ArrayList<>();
            int v = Long.numberOfTrailingZeros(mask);
            while (v < 64) {
                int last = v;
                while (last + 1 < 64 && (mask & 1L << (last + 1)) != 0) {
                    last++;
                }
                // runs of three or more read better as ranges; 1,2 stays as written
                if (last - v >= 2) {
                    parts.add(v + "-" + last);
                } else {
                    for (int w = v; w <= last; w++) {
                        parts.add(Integer.toString(w));
                    }
                }
                long rest = last + 1 < 64 ? mask & (-1L << (last + 1)) : 0;
                v = Long.numberOfTrailingZeros(rest);
            }
            return String.join(",", parts);
        }
    }

    /** Each field as EJB writes it. */
    private record Fields(
            String second, String minute, String hour, String dayOfMonth, String month, String dayOfWeek) {

        static Fields parse(String[] texts) {
            if (texts.length != 5 && texts.length != 6) {
                throw new IllegalArgumentException(
                        "expected 5 fields (" + FIELD_NAMES + "), or 6 with seconds first, got " + texts.length);
            }
            int i = texts.length - 5;
            String second = i == 1 ? EjbField.of(Field.SECOND, texts[0]) : EjbField.of(Field.SECOND, "0");
            String minute = EjbField.of(Field.MINUTE, texts[i]);
            String hour = EjbField.of(Field.HOUR, texts[i + 1]);
            String dayOfMonth = EjbField.of(Field.DAY_OF_MONTH, texts[i + 2]);
            String month = EjbField.of(Field.MONTH, texts[i + 3]);
            String dayOfWeek = EjbField.of(Field.DAY_OF_WEEK, texts[i + 4]);
            if (!texts[i + 2].equals("*") && !texts[i + 4].equals("*")) {
                throw new IllegalArgumentException(
                        "restricting both day-of-month and day-of-week is not supported; use one of them");
            }
            return new Fields(second, minute, hour, dayOfMonth, month, dayOfWeek);
        }
    }
}
