package io.breakoutbot.ops.jobs;

import jakarta.ejb.ScheduleExpression;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * fires at the same times. And when day-of-month and day-of-week are both restricted, cron fires on days
 * matching <em>either</em>, EJB only on days matching <em>both</em>; rather than fire on different days than
 * the operator expects, such text is refused. As in cron, a field counts as restricted unless it starts with
 * {@code *}, so {@code 0 0 }{@code *}{@code /2 * mon} (odd days that are Mondays) is accepted: there cron
 * too requires both.
 *
 * <p>Times are wall-clock times in a zone, as in cron. Around daylight saving changes {@link #nextAfter}
 * shifts a time that does not exist forward by the length of the gap ({@code 30 2 * * *} fires at 03:30 on
 * the day clocks go from 02:00 to 03:00), and fires a time that occurs twice only once, at its first
 * occurrence (so an every-five-minutes schedule pauses for the repeated hour). The server computes its own
 * fire times from the {@link ScheduleExpression}; {@code nextAfter} is what we show outside it and test with.
 *
 * <p>Bad text throws {@link IllegalArgumentException} with one line naming the field, the offending part
 * and what is allowed, e.g. {@code hour field '25' is out of range 0-23}.
 */
public final class CronSchedule {

    private static final String FIELD_NAMES = "minute hour day-of-month month day-of-week";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern INCREMENT = Pattern.compile("\\*/(\\d+)");
    /** Far enough for any real schedule, including the 29th of February; {@code 0 0 31 2 *} never fires. */
    private static final int YEARS_SEARCHED = 5;
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
            throw new IllegalArgumentException("schedule is empty; expected 5 fields (" + FIELD_NAMES
                    + "), a macro like @daily, or off");
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
                .second(fields.second.ejb)
                .minute(fields.minute.ejb)
                .hour(fields.hour.ejb)
                .dayOfMonth(fields.dayOfMonth.ejb)
                .month(fields.month.ejb)
                .dayOfWeek(fields.dayOfWeek.ejb)
                .year("*")
                // TimeZone's id, not ZoneId's: Payara reads it with TimeZone.getTimeZone, which turns an id
                // it does not know, such as "+02:00", into GMT without a word; TimeZone writes "GMT+02:00"
                .timezone(TimeZone.getTimeZone(zone).getID());
    }

    /**
     * The first fire time strictly after {@code time}, in {@code time}'s zone; see the class comment for
     * daylight saving changes.
     *
     * @return empty when the schedule is off or does not fire within five years (as {@code 0 0 31 2 *})
     */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
        if (fields == null) {
            return Optional.empty();
        }
        ZoneId zone = time.getZone();
        LocalDateTime candidate = time.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)
                .minus(recentGap(time));
        LocalDateTime end = candidate.plusYears(YEARS_SEARCHED);
        ZonedDateTime best = null;
        // A time shifted out of a gap lands after later wall-clock times, so the first match found need not
        // be the earliest; any wall-clock time after the best one's fires later, which bounds the search.
        while (candidate.isBefore(end) && (best == null || !candidate.isAfter(best.toLocalDateTime()))) {
            LocalDateTime next = fields.nextCandidate(candidate);
            if (!next.equals(candidate)) {
                candidate = next;
                continue;
            }
            ZonedDateTime fire = ZonedDateTime.of(candidate, zone);
            if (fire.isAfter(time) && (best == null || fire.isBefore(best))) {
                best = fire;
            }
            candidate = candidate.plusSeconds(1);
        }
        return Optional.ofNullable(best);
    }

    /**
     * How far to look back in wall-clock time: when {@code time} is less than a gap's length after clocks
     * jumped forward, times inside the gap were shifted to after {@code time} and must be seen.
     */
    private static Duration recentGap(ZonedDateTime time) {
        ZoneOffsetTransition last = time.getZone().getRules().previousTransition(time.toInstant().plusSeconds(1));
        if (last != null && last.isGap() && !time.toInstant().isBefore(last.getInstant())
                && time.toLocalDateTime().isBefore(last.getDateTimeAfter().plus(last.getDuration()))) {
            return last.getDuration();
        }
        return Duration.ZERO;
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
        MONTH("month", 1, 12, false,
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

        /** Sunday is 0 and 7 in cron; one bit for it keeps matching and the EJB list simple. */
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

    /** One field: the values it matches as bits, and how EJB writes it. */
    private record Values(long mask, String ejb) {

        boolean has(int value) {
            return (mask & 1L << value) != 0;
        }

        static Values parse(Field field, String text) {
            long mask = 0;
            for (String item : text.split(",", -1)) {
                mask |= parseItem(field, text, item);
            }
            return new Values(mask, ejb(field, text, mask));
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
                    throw field.error(item, "has a step of " + stepText + "; the step must be from 1 to "
                            + field.max);
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
                    throw field.error(item, "has a step after a single value; a step follows * or a range, "
                            + "like */10 or 5-59/10");
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
            return field.error(item, "is not valid; use " + field.allowed()
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

    private record Fields(Values second, Values minute, Values hour, Values dayOfMonth, Values month,
                          Values dayOfWeek) {

        static Fields parse(String[] texts) {
            if (texts.length != 5 && texts.length != 6) {
                throw new IllegalArgumentException("expected 5 fields (" + FIELD_NAMES
                        + "), or 6 with seconds first, got " + texts.length);
            }
            int i = texts.length - 5;
            Values second = i == 1 ? Values.parse(Field.SECOND, texts[0]) : Values.parse(Field.SECOND, "0");
            Values minute = Values.parse(Field.MINUTE, texts[i]);
            Values hour = Values.parse(Field.HOUR, texts[i + 1]);
            Values dayOfMonth = Values.parse(Field.DAY_OF_MONTH, texts[i + 2]);
            Values month = Values.parse(Field.MONTH, texts[i + 3]);
            Values dayOfWeek = Values.parse(Field.DAY_OF_WEEK, texts[i + 4]);
            // cron's own test for "restricted": the field does not start with *
            if (!texts[i + 2].startsWith("*") && !texts[i + 4].startsWith("*")) {
                throw new IllegalArgumentException(
                        "restricting both day-of-month and day-of-week is not supported; use one of them");
            }
            return new Fields(second, minute, hour, dayOfMonth, month, dayOfWeek);
        }

        /**
         * @return {@code time} itself when every field matches, otherwise the first time worth trying next:
         *         the start of the next month, day, hour, minute or second
         */
        LocalDateTime nextCandidate(LocalDateTime time) {
            if (!month.has(time.getMonthValue())) {
                return time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).plusMonths(1);
            }
            if (!dayOfMonth.has(time.getDayOfMonth()) || !dayOfWeek.has(time.getDayOfWeek().getValue() % 7)) {
                return time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            }
            if (!hour.has(time.getHour())) {
                return time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            }
            if (!minute.has(time.getMinute())) {
                return time.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            }
            if (!second.has(time.getSecond())) {
                return time.plusSeconds(1);
            }
            return time;
        }
    }
}
