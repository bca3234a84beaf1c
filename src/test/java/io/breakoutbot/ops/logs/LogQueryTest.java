package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LogQueryTest {

    static final Instant T = Instant.parse("2026-11-28T17:00:00Z");

    static LogQuery query(
            Set<String> levels, Set<String> components, Instant since, Instant until, String text, int limit) {
        return new LogQuery(levels, components, since, until, text, limit, null);
    }

    static void assertInvalid(String parameter, String message, Executable call) {
        InvalidQueryException e = assertThrows(InvalidQueryException.class, call);
        assertAll(() -> assertEquals(parameter, e.parameter()), () -> assertEquals(message, e.getMessage()));
    }

    @Test
    void minimumExpandsToTheLevelAndEveryMoreSevereOne() {
        assertAll(
                () -> assertEquals(Set.of("WARN", "ERROR", "CRITICAL"), LogQuery.minimum("WARN")),
                () -> assertEquals(Set.of("WARN", "ERROR", "CRITICAL"), LogQuery.minimum("warn")),
                () -> assertEquals(Set.of("ERROR", "CRITICAL"), LogQuery.minimum("ERROR")),
                () -> assertEquals(Set.of("CRITICAL"), LogQuery.minimum("critical")),
                () -> assertEquals(
                        Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL"), LogQuery.minimum("TRACE")));
    }

    @Test
    void unknownLevelIsRefusedWithTheLevelsThereAre() {
        assertInvalid(
                "level",
                "unknown level 'LOUD'; levels are TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL",
                () -> LogQuery.minimum("LOUD"));
        assertInvalid(
                "levels",
                "unknown level 'LOUD'; levels are TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL",
                () -> query(Set.of("INFO", "LOUD"), Set.of(), null, null, null, 10));
    }

    @Test
    void levelsAndComponentsAreNormalized() {
        LogQuery q = query(Set.of("error", " Warn "), Set.of("Risk", "api"), null, null, "", 10);
        assertAll(
                () -> assertEquals(Set.of("ERROR", "WARN"), q.levels()),
                () -> assertEquals(Set.of("risk", "api"), q.components()),
                () -> assertNull(q.text()),
                () -> assertEquals(Set.of(), LogQuery.newest(5).levels()));
    }

    @Test
    void limitMustBeFromOneToAThousand() {
        assertInvalid("limit", "limit must be from 1 to 1000, not 0", () -> LogQuery.newest(0));
        assertInvalid("limit", "limit must be from 1 to 1000, not 1001", () -> LogQuery.newest(1001));
        assertInvalid("limit", "limit must be from 1 to 1000, not 5000", () -> LogQuery.newest(5000));
        assertAll(
                () -> assertEquals(1, LogQuery.newest(1).limit()),
                () -> assertEquals(1000, LogQuery.newest(1000).limit()));
    }

    @Test
    void sinceMustNotBeAfterUntil() {
        assertInvalid(
                "since",
                "since must be before until, not 2026-11-28T17:00:01Z after 2026-11-28T17:00:00Z",
                () -> query(Set.of(), Set.of(), T.plusSeconds(1), T, null, 10));
        assertEquals(T, query(Set.of(), Set.of(), T, T, null, 10).until());
    }

    @Test
    void blankComponentAndHugeTextAreRefused() {
        assertInvalid(
                "components",
                "a component must not be blank",
                () -> query(Set.of(), Set.of(" "), null, null, null, 10));
        assertInvalid(
                "text",
                "text must be at most 1000 characters, not 1001",
                () -> query(Set.of(), Set.of(), null, null, "x".repeat(1001), 10));
    }

    @Test
    void withCursorKeepsTheFilters() {
        LogQuery q = query(Set.of("ERROR"), Set.of("risk"), T, T.plusSeconds(60), "boom", 7)
                .withCursor("abc");
        assertEquals(new LogQuery(Set.of("ERROR"), Set.of("risk"), T, T.plusSeconds(60), "boom", 7, "abc"), q);
        assertNull(q.withCursor("").cursor());
    }
}
