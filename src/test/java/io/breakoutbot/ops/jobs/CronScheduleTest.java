package io.breakoutbot.ops.jobs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.ScheduleExpression;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** second minute hour day-of-month month day-of-week, as the timer service gets them. */
    static String ejb(CronSchedule cut) {
        ScheduleExpression e = cut.toScheduleExpression(UTC);
        return String.join(
                " ", e.getSecond(), e.getMinute(), e.getHour(), e.getDayOfMonth(), e.getMonth(), e.getDayOfWeek());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0 2 * * *   | 0 0 2 * * *",
                "0 3 * * *   | 0 0 3 * * *",
                "*/5 * * * * | 0 */5 * * * *",
                "0 4 * * 0   | 0 0 4 * * 0",
            })
    void projectDefaults(String text, String ejb) {
        CronSchedule cut = CronSchedule.parse(text);
        assertAll(() -> assertFalse(cut.isOff()), () -> assertEquals(ejb, ejb(cut)));
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
        assertEquals(
                TimeZone.getTimeZone(ZoneId.systemDefault()).getID(),
                CronSchedule.parse("0 2 * * *").toScheduleExpression().getTimezone());
    }

    @Test
    void fixedOffsetIsWrittenTheWayTheContainerReadsIt() {
        assertEquals(
                "GMT+02:00",
                CronSchedule.parse("0 2 * * *")
                        .toScheduleExpression(ZoneOffset.ofHours(2))
                        .getTimezone());
    }

    /** Steps EJB cannot express (any step on day, month or weekday, any range with a step) become lists. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "* * * * *               | 0 * * * * *",
                "15 10 * * *             | 0 15 10 * * *",
                "1-5 * * * *             | 0 1-5 * * * *",
                "1,15 * * * *            | 0 1,15 * * * *",
                "10-50/10 * * * *        | 0 10,20,30,40,50 * * * *",
                "0-59 * * * *            | 0 * * * * *",
                "*/1 * * * *             | 0 * * * * *",
                "0 */6 * * *             | 0 0 */6 * * *",
                "0 9-17/4 * * *          | 0 0 9,13,17 * * *",
                "0 0 */10 * *            | 0 0 0 1,11,21,31 * *",
                "0 0 1-31 * *            | 0 0 0 * * *",
                "0 0 1 */3 *             | 0 0 0 1 1,4,7,10 *",
                "0 0 1 jan-mar *         | 0 0 0 1 1-3 *",
                "0 0 1 JUL,dec *         | 0 0 0 1 7,12 *",
                "0 0 1 2-12/5 *          | 0 0 0 1 2,7,12 *",
                "0 0 * * */2             | 0 0 0 * * 0,2,4,6",
                "0 0 * * mon-fri         | 0 0 0 * * 1-5",
                "0 0 * * Sat,SUN         | 0 0 0 * * 0,6",
                "0 0 * * 7               | 0 0 0 * * 0",
                "0 0 * * 0,7             | 0 0 0 * * 0",
                "0 0 * * 5-7             | 0 0 0 * * 0,5,6",
                "0 0 * * 1-5/2           | 0 0 0 * * 1,3,5",
                "*/2 * * * * *           | */2 * * * * *",
                "30 15 10 * * *          | 30 15 10 * * *",
                "5-20/5 * * * * *        | 5,10,15,20 * * * * *",
            })
    void syntax(String text, String ejb) {
        assertEquals(ejb, ejb(CronSchedule.parse(text)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
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
        assertAll(() -> assertEquals(macro, cut.toString()), () -> assertEquals(ejb(same), ejb(cut)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", "  Off "})
    void offHasNoTimer(String text) {
        CronSchedule cut = CronSchedule.parse(text);
        assertTrue(cut.isOff());
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

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
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
                "0 0 */2 * mon      | restricting both day-of-month and day-of-week is not supported; use one of them",
                "0 0 0 */2 * mon    | restricting both day-of-month and day-of-week is not supported; use one of them",
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
        assertEquals(
                "schedule is empty; expected 5 fields (minute hour day-of-month month day-of-week), "
                        + "a macro like @daily, or off",
                e.getMessage());
        assertEquals(
                e.getMessage(),
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(null))
                        .getMessage());
    }

    @Test
    void controlCharactersCannotBreakTheLine() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("0 0 * * m\u0000n"));
        assertEquals(
                "day-of-week field 'm?n' is not valid; use numbers 0-7 (0 and 7 are Sunday) or names sun-sat, "
                        + "*, a range like 1-5, a list like 1,15 or a step like */5",
                e.getMessage());
    }
}
