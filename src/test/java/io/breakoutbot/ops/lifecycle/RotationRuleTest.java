package io.breakoutbot.ops.lifecycle;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code <glob> <size> [rename|copytruncate]; ...} from settings. */
class RotationRuleTest {

    static String rejection(String rules) {
        return assertThrows(IllegalArgumentException.class, () -> RotationRule.parseAll(rules))
                .getMessage();
    }

    @Test
    void rulesAreReadInOrderWithRenameAsTheDefault() {
        List<RotationRule> cut = RotationRule.parseAll("*.log 10MB; legacy.log 5MB copytruncate");

        assertAll(
                () -> assertEquals(
                        List.of(
                                new RotationRule("*.log", 10L << 20, RotationMethod.RENAME),
                                new RotationRule("legacy.log", 5L << 20, RotationMethod.COPYTRUNCATE)),
                        cut),
                () -> assertEquals("*.log 10MB rename", cut.get(0).toString()),
                () -> assertEquals("legacy.log 5MB copytruncate", cut.get(1).toString()));
    }

    @Test
    void badSizeNamesTheRuleAndTheExpectedShape() {
        assertAll(
                () -> assertEquals(
                        "rule '*.log tenMB' must read '<glob> <size> [rename|copytruncate]', like '*.log 10MB'",
                        rejection("*.log tenMB")),
                () -> assertEquals(
                        "rule 'legacy.log 0MB' must read '<glob> <size> [rename|copytruncate]', like '*.log 10MB'",
                        rejection("*.log 10MB; legacy.log 0MB")));
    }

    @Test
    void unknownMethodNamesTheRuleAndTheExpectedShape() {
        assertEquals(
                "rule 'legacy.log 5MB move' must read '<glob> <size> [rename|copytruncate]', like '*.log 10MB'",
                rejection("legacy.log 5MB move"));
    }

    @Test
    void noRulesAtAllAreRejected() {
        assertAll(
                () -> assertEquals("must list at least one rule like '*.log 10MB'", rejection("")),
                () -> assertEquals("must list at least one rule like '*.log 10MB'", rejection(" ; ;")));
    }

    @Test
    void globWithADirectoryIsRejected() {
        assertEquals(
                "rule '../*.log 10MB' must read '<glob> <size> [rename|copytruncate]', like '*.log 10MB'",
                rejection("../*.log 10MB"));
    }
}
