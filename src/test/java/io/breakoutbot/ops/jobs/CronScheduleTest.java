package io.breakoutbot.ops.jobs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.ScheduleExpression;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** A Thursday. */
    static final ZonedDateTime THURSDAY = ZonedDateTime.of(2026, 1, 15, 10, 7, 30, 0, UTC);

    /** second minute hour day-of-month month day-of-week, as the timer service gets them. */
    static String ejb(CronSchedule cut) {
        ScheduleExpression e = cut.toScheduleExpression(UTC);
        return String.join(" ", e.getSecond(), e.getMinute(), e.getHour(), e.getDayOfMonth(), e.getMonth(),
                e.getDayOfWeek());
    }

    static ZonedDateTime next(String text, ZonedDateTime after) {
        return CronSchedule.parse(text).nextAfter(after).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 2 * * *   | 0 0 2 * * *   | 2026-01-16T02:00Z",
        "0 3 * * *   | 0 0 3 * * *   | 2026-01-16T03:00Z",
        "*/5 * * * * | 0 */5 * * * * | 2026-01-15T10:10Z",
        "0 4 * * 0   | 0 0 4 * * 0   | 2026-01-18T04:00Z",
    })
    void projectDefaults(String text, String ejb, ZonedDateTime next) {
        CronSchedule cut = CronSchedule.parse(text);
        assertAll(
                () -> assertFalse(cut.isOff()),
                () -> assertEquals(ejb, ejb(cut)),
                () -> assertEquals(next, cut.nextAfter(THURSDAY).orElseThrow()));
    }

    @Test
    void scheduleExpressionFieldsAndZone() {
        ScheduleExpression e = CronSchedule.parse("0 2 * * *").toScheduleExpression(BERLIN);
        assertAll(
                () -> assertEquals("0", e.getSecond()),
                () -> assertEquals("0", e.getMinute()),
                () -> assertEquals("2", e.getHour()),
                () -> assertEquals("*", e.getDayOfMonth()),
                () -> assertEquals("*", e.getMonth()),
                () -> assertEquals("*", e.getDayOfWeek()),
                () -> assertEquals("*", e.getYear()),
                () -> assertEquals("Europe/Berlin", e.getTimezone()));
    }

    @Test
    void noZoneMeansTheSystemZone() {
        assertEquals(TimeZone.getTimeZone(ZoneId.systemDefault()).getID(),
                CronSchedule.parse("0 2 * * *").toScheduleExpression().getTimezone());
    }

    @Test
    void fixedOffsetIsWrittenTheWayTheContainerReadsIt() {
        assertEquals("GMT+02:00",
                CronSchedule.parse("0 2 * * *").toScheduleExpression(ZoneOffset.ofHours(2)).getTimezone());
    }

    /** Steps EJB cannot express (any step on day, month or weekday, any range with a step) become lists. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "* * * * *               | 0 * * * * *                  | 2026-01-15T10:08Z",
        "15 10 * * *             | 0 15 10 * * *                | 2026-01-15T10:15Z",
        "1-5 * * * *             | 0 1-5 * * * *                | 2026-01-15T11:01Z",
        "1,15 * * * *            | 0 1,15 * * * *               | 2026-01-15T10:15Z",
        "10-50/10 * * * *        | 0 10,20,30,40,50 * * * *     | 2026-01-15T10:10Z",
        "0-59 * * * *            | 0 * * * * *                  | 2026-01-15T10:08Z",
        "*/1 * * * *             | 0 * * * * *                  | 2026-01-15T10:08Z",
        "0 */6 * * *             | 0 0 */6 * * *                | 2026-01-15T12:00Z",
        "0 9-17/4 * * *          | 0 0 9,13,17 * * *            | 2026-01-15T13:00Z",
        "0 0 */10 * *            | 0 0 0 1,11,21,31 * *         | 2026-01-21T00:00Z",
        "0 0 1-31 * *            | 0 0 0 * * *                  | 2026-01-16T00:00Z",
        "0 0 1 */3 *             | 0 0 0 1 1,4,7,10 *           | 2026-04-01T00:00Z",
        "0 0 1 jan-mar *         | 0 0 0 1 1-3 *                | 2026-02-01T00:00Z",
        "0 0 1 JUL,dec *         | 0 0 0 1 7,12 *               | 2026-07-01T00:00Z",
        "0 0 1 2-12/5 *          | 0 0 0 1 2,7,12 *             | 2026-02-01T00:00Z",
        "0 0 * * */2             | 0 0 0 * * 0,2,4,6            | 2026-01-17T00:00Z",
        "0 0 * * mon-fri         | 0 0 0 * * 1-5                | 2026-01-16T00:00Z",
        "0 0 * * Sat,SUN         | 0 0 0 * * 0,6                | 2026-01-17T00:00Z",
        "0 0 * * 7               | 0 0 0 * * 0                  | 2026-01-18T00:00Z",
        "0 0 * * 0,7             | 0 0 0 * * 0                  | 2026-01-18T00:00Z",
        "0 0 * * 5-7             | 0 0 0 * * 0,5,6              | 2026-01-16T00:00Z",
        "0 0 * * 1-5/2           | 0 0 0 * * 1,3,5              | 2026-01-16T00:00Z",
        "*/2 * * * * *           | */2 * * * * *                | 2026-01-15T10:07:32Z",
        "30 15 10 * * *          | 30 15 10 * * *               | 2026-01-15T10:15:30Z",
        "5-20/5 * * * * *        | 5,10,15,20 * * * * *         | 2026-01-15T10:08:05Z",
        "0 0 0 */2 * mon         | 0 0 0 1,3,5,7,9,11,13,15,17,19,21,23,25,27,29,31 * 1 | 2026-01-19T00:00Z",
    })
    void syntax(String text, String ejb, ZonedDateTime next) {
        CronSchedule cut = CronSchedule.parse(text);
        assertEquals(ejb, ejb(cut));
        assertEquals(next, cut.nextAfter(THURSDAY).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "@hourly    | 0 * * * *",
        "@daily     | 0 0 * * *",
        "@midnight  | 0 0 * * *",
        "@weekly    | 0 0 * * 0",
        "@monthly   | 0 0 1 * *",
        "@yearly    | 0 0 1 1 *",
        "@annually  | 0 0 1 1 *",
        "@Daily     | 0 0 * * *",
    })
    void macrosAreTheirCrontabMeaning(String macro, String meaning) {
        CronSchedule cut = CronSchedule.parse(macro);
        CronSchedule same = CronSchedule.parse(meaning);
        assertAll(
                () -> assertEquals(macro, cut.toString()),
                () -> assertEquals(ejb(same), ejb(cut)),
                () -> assertEquals(same.nextAfter(THURSDAY), cut.nextAfter(THURSDAY)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", "  Off "})
    void offNeverFires(String text) {
        CronSchedule cut = CronSchedule.parse(text);
        assertTrue(cut.isOff());
        assertEquals(Optional.empty(), cut.nextAfter(THURSDAY));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cut.toScheduleExpression(UTC));
        assertEquals("schedule '" + text.trim() + "' is off; there is no timer to create", e.getMessage());
    }

    @Test
    void textIsKeptTrimmedAndIsTheIdentity() {
        CronSchedule cut = CronSchedule.parse("  0 2 * * *\n");
        assertEquals("0 2 * * *", cut.toString());
        assertEquals(CronSchedule.parse("0 2 * * *"), cut);
        assertEquals(CronSchedule.parse("0 2 * * *").hashCode(), cut.hashCode());
        assertNotEquals(CronSchedule.parse("0 3 * * *"), cut);
    }

    @Test
    void dateThatNeverComesGivesNothing() {
        assertEquals(Optional.empty(), CronSchedule.parse("0 0 31 2 *").nextAfter(THURSDAY));
        assertEquals(ZonedDateTime.of(2028, 2, 29, 0, 0, 0, 0, UTC), next("0 0 29 2 *", THURSDAY));
    }

    @Test
    void nextIsStrictlyAfter() {
        ZonedDateTime two = ZonedDateTime.of(2026, 1, 15, 2, 0, 0, 0, UTC);
        assertEquals(two.plusDays(1), next("0 2 * * *", two));
        assertEquals(two.plusDays(1), next("0 2 * * *", two.plusNanos(1)));
        assertEquals(two, next("0 2 * * *", two.minusNanos(1)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 2 * *            | expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, got 4",
        "0 2 * * * * *      | expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, got 7",
        "60 * * * * *       | second field '60' is out of range 0-59",
        "60 * * * *         | minute field '60' is out of range 0-59",
        "0 25 * * *         | hour field '25' is out of range 0-23",
        "0 20-25 * * *      | hour field '25' is out of range 0-23",
        "0 0 0 * *          | day-of-month field '0' is out of range 1-31",
        "0 0 1 13 *         | month field '13' is out of range 1-12",
        "0 0 * * 8          | day-of-week field '8' is out of range 0-7",
        "99999999999 * * * * | minute field '99999999999' is out of range 0-59",
        "*/0 * * * *        | minute field '*/0' has a step of 0; the step must be from 1 to 59",
        "0 */24 * * *       | hour field '*/24' has a step of 24; the step must be from 1 to 23",
        "0 0 1 1-12/13 *    | month field '1-12/13' has a step of 13; the step must be from 1 to 12",
        "5-1 * * * *        | minute field '5-1' starts after it ends; write the smaller value first",
        "0 0 * * fri-mon    | day-of-week field 'fri-mon' starts after it ends; write the smaller value first",
        "5/10 * * * *       | minute field '5/10' has a step after a single value; a step follows * or a range, like */10 or 5-59/10",
        "1,,2 * * * *       | minute field '1,,2' has an empty list item",
        "x * * * *          | minute field 'x' is not valid; use numbers 0-59, *, a range like 1-5, a list like 1,15 or a step like */5",
        "-1 * * * *         | minute field '-1' is not valid; use numbers 0-59, *, a range like 1-5, a list like 1,15 or a step like */5",
        "1-2-3 * * * *      | minute field '1-2-3' is not valid; use numbers 0-59, *, a range like 1-5, a list like 1,15 or a step like */5",
        "*/x * * * *        | minute field '*/x' is not valid; use numbers 0-59, *, a range like 1-5, a list like 1,15 or a step like */5",
        "0 0 L * *          | day-of-month field 'L' is not valid; use numbers 1-31, *, a range like 1-5, a list like 1,15 or a step like */5",
        "0 0 ? * *          | day-of-month field '?' is not valid; use numbers 1-31, *, a range like 1-5, a list like 1,15 or a step like */5",
        "0 0 1 january *    | month field 'january' is not valid; use numbers 1-12 or names jan-dec, *, a range like 1-5, a list like 1,15 or a step like */5",
        "0 0 * * MON#2      | day-of-week field 'MON#2' is not valid; use numbers 0-7 (0 and 7 are Sunday) or names sun-sat, *, a range like 1-5, a list like 1,15 or a step like */5",
        "0 0 1 * 1          | restricting both day-of-month and day-of-week is not supported; use one of them",
        "0 0 1-31 * mon-fri | restricting both day-of-month and day-of-week is not supported; use one of them",
        "@reboot            | unknown macro '@reboot'; use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually",
        "@daily 5           | unknown macro '@daily 5'; use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually",
    })
    void badTextGivesOneLineNamingFieldAndWhatIsAllowed(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyTextSaysWhatToWrite(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(text));
        assertEquals("schedule is empty; expected 5 fields (minute hour day-of-month month day-of-week), "
                + "a macro like @daily, or off", e.getMessage());
        assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse(null)).getMessage());
    }

    @Test
    void controlCharactersCannotBreakTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CronSchedule.parse("0 0 * * m\u0000n"));
        assertEquals("day-of-week field 'm?n' is not valid; use numbers 0-7 (0 and 7 are Sunday) or names sun-sat, "
                + "*, a range like 1-5, a list like 1,15 or a step like */5", e.getMessage());
    }

    /** 2026-03-29 in Berlin: clocks go from 02:00 CET to 03:00 CEST; 02:30 does not exist. */
    @Test
    void timeInTheSpringGapShiftsForwardByTheGap() {
        ZonedDateTime night = ZonedDateTime.of(2026, 3, 29, 1, 0, 0, 0, BERLIN);
        ZonedDateTime shifted = next("30 2 * * *", night);
        assertEquals(ZonedDateTime.parse("2026-03-29T03:30+02:00[Europe/Berlin]"), shifted);
        assertEquals(ZonedDateTime.parse("2026-03-30T02:30+02:00[Europe/Berlin]"), next("30 2 * * *", shifted));
        assertEquals(shifted, next("30 2 * * *", ZonedDateTime.parse("2026-03-29T03:10+02:00[Europe/Berlin]")),
                "looking after the jump still sees the shifted run");
        assertEquals(ZonedDateTime.parse("2026-03-29T03:00+02:00[Europe/Berlin]"), next("0 2 * * *", night));
        assertEquals(ZonedDateTime.parse("2026-03-29T03:00+02:00[Europe/Berlin]"), next("0 3 * * *", night));
    }

    /** 2026-10-25 in Berlin: clocks go from 03:00 CEST back to 02:00 CET; 02:30 happens twice. */
    @Test
    void timeInTheAutumnOverlapFiresOnceAtItsFirstOccurrence() {
        ZonedDateTime first = ZonedDateTime.parse("2026-10-25T02:30+02:00[Europe/Berlin]");
        ZonedDateTime tomorrow = ZonedDateTime.parse("2026-10-26T02:30+01:00[Europe/Berlin]");
        assertEquals(first, next("30 2 * * *", ZonedDateTime.of(2026, 10, 25, 1, 0, 0, 0, BERLIN)));
        assertEquals(tomorrow, next("30 2 * * *", first));
        assertEquals(tomorrow, next("30 2 * * *", ZonedDateTime.parse("2026-10-25T02:10+01:00[Europe/Berlin]")));
        assertEquals(ZonedDateTime.parse("2026-10-25T03:00+01:00[Europe/Berlin]"),
                next("*/5 * * * *", ZonedDateTime.parse("2026-10-25T02:55+02:00[Europe/Berlin]")),
                "the repeated hour does not fire again");
    }

    /**
     * Random expressions against a reference that tries every minute: the fire times are the matching
     * wall-clock minutes resolved as {@link ZonedDateTime#of} does, and {@code nextAfter} must give the
     * first of them after any time. Weeks in Berlin with both daylight saving changes, and one without.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2026-03-25T00:00", "2026-10-21T00:00", "2026-06-10T00:00"})
    void agreesWithMinuteByMinuteReference(String week) {
        Random random = new Random(20260329);
        LocalDateTime start = LocalDateTime.parse(week);
        LocalDateTime end = start.plusDays(7);
        List<Expression> expressions = new ArrayList<>(List.of(
                Expression.of("*/7 2 * * *", v -> v % 7 == 0, v -> v == 2, v -> true, v -> true, v -> true),
                Expression.of("15,45 1-2 * * 0", v -> v == 15 || v == 45, v -> v == 1 || v == 2, v -> true,
                        v -> true, v -> v == 0),
                Expression.of("*/20 2,3 * * *", v -> v % 20 == 0, v -> v == 2 || v == 3, v -> true, v -> true,
                        v -> true)));
        for (int n = 0; n < 40; n++) {
            expressions.add(Expression.random(random));
        }
        for (Expression expression : expressions) {
            CronSchedule cut = CronSchedule.parse(expression.text());
            TreeSet<ZonedDateTime> fires = new TreeSet<>();
            for (LocalDateTime t = start.minusDays(1); t.isBefore(end.plusDays(1)); t = t.plusMinutes(1)) {
                if (expression.matches(t)) {
                    fires.add(ZonedDateTime.of(t, BERLIN));
                }
            }
            ZonedDateTime horizon = ZonedDateTime.of(end.plusDays(1), BERLIN);
            List<ZonedDateTime> times = new ArrayList<>();
            for (ZonedDateTime t = ZonedDateTime.of(start, BERLIN); t.isBefore(ZonedDateTime.of(end, BERLIN));
                    t = t.plusSeconds(1 + random.nextInt(1200))) {
                times.add(t);
            }
            // each fire time itself (strictly after) and the second before it
            fires.subSet(times.get(0), times.get(times.size() - 1)).forEach(fire -> {
                times.add(fire);
                times.add(fire.minusSeconds(1));
            });
            for (ZonedDateTime t : times) {
                Optional<ZonedDateTime> actual = cut.nextAfter(t);
                ZonedDateTime expected = fires.higher(t);
                String what = expression.text() + " after " + t;
                if (expected != null) {
                    assertEquals(Optional.of(expected), actual, what);
                } else {
                    assertTrue(actual.isEmpty() || !actual.get().isBefore(horizon), what + " gave " + actual);
                }
            }
        }
    }

    /** A random five-field expression and, built alongside it, which values each field allows. */
    record Expression(String text, List<IntPredicate> fields) {

        boolean matches(LocalDateTime t) {
            int weekday = t.getDayOfWeek().getValue() % 7;
            return fields.get(0).test(t.getMinute()) && fields.get(1).test(t.getHour())
                    && fields.get(2).test(t.getDayOfMonth()) && fields.get(3).test(t.getMonthValue())
                    && (fields.get(4).test(weekday) || weekday == 0 && fields.get(4).test(7));
        }

        static Expression of(String text, IntPredicate... fields) {
            return new Expression(text, List.of(fields));
        }

        static Expression random(Random random) {
            int[][] ranges = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
            List<String> texts = new ArrayList<>();
            List<IntPredicate> fields = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                boolean[] allowed = new boolean[64];
                // months mostly *, or the week would rarely fire at all
                int kind = f == 3 && random.nextInt(4) > 0 ? 0 : random.nextInt(6);
                texts.add(field(random, kind, ranges[f][0], ranges[f][1], allowed));
                fields.add(v -> allowed[v]);
            }
            if (!texts.get(2).startsWith("*") && !texts.get(4).startsWith("*")) {
                int free = random.nextBoolean() ? 2 : 4;
                texts.set(free, "*");
                fields.set(free, v -> true);
            }
            return new Expression(String.join(" ", texts), fields);
        }

        private static String field(Random random, int kind, int min, int max, boolean[] allowed) {
            int a = min + random.nextInt(max - min + 1);
            int b = a + random.nextInt(max - a + 1);
            int step = 1 + random.nextInt(Math.max(1, (max - min) / 2));
            switch (kind) {
                case 0 -> {
                    mark(allowed, min, max, 1);
                    return "*";
                }
                case 1 -> {
                    mark(allowed, a, a, 1);
                    return Integer.toString(a);
                }
                case 2 -> {
                    mark(allowed, a, b, 1);
                    return a + "-" + b;
                }
                case 3 -> {
                    mark(allowed, a, a, 1);
                    mark(allowed, b, b, 1);
                    return a + "," + b;
                }
                case 4 -> {
                    mark(allowed, min, max, step);
                    return "*/" + step;
                }
                default -> {
                    mark(allowed, a, b, step);
                    return a + "-" + b + "/" + step;
                }
            }
        }

        private static void mark(boolean[] allowed, int from, int to, int step) {
            for (int v = from; v <= to; v += step) {
                allowed[v] = true;
            }
        }
    }
}
