package io.breakoutbot.ops.lifecycle;

import static io.breakoutbot.ops.lifecycle.LogFixture.DEFAULT_ORDER;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentences an operator reads when a retention setting is out of range. */
class RetentionPolicyTest {

    static String rejection(int backups, int days, long cap, List<String> deleteFirst) {
        return assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(backups, days, cap, deleteFirst))
                .getMessage();
    }

    @Test
    void negativeDaysAreRejected() {
        assertEquals("Days must be from 1 to 3650 (ten years), not -1.", rejection(5, -1, 1000, DEFAULT_ORDER));
    }

    @Test
    void hundredThousandDaysAreRejected() {
        assertEquals("Days must be from 1 to 3650 (ten years), not 100000.", rejection(5, 100000, 1000, DEFAULT_ORDER));
    }

    @Test
    void zeroBackupsAreRejected() {
        assertEquals("Backups to keep must be from 1 to 1000, not 0.", rejection(0, 30, 1000, DEFAULT_ORDER));
    }

    @Test
    void emptyDeletionOrderIsRejected() {
        List<String> blankEntry = new ArrayList<>(DEFAULT_ORDER);
        blankEntry.add(" ");
        String sentence = "The deletion order must list at least one log name, and no empty names.";
        assertAll(
                () -> assertEquals(sentence, rejection(5, 30, 1000, List.of())),
                () -> assertEquals(sentence, rejection(5, 30, 1000, null)),
                () -> assertEquals(sentence, rejection(5, 30, 1000, blankEntry)));
    }

    @Test
    void capOfZeroBytesIsRejected() {
        assertEquals("The total size cap must be greater than zero bytes, not 0.", rejection(5, 30, 0, DEFAULT_ORDER));
    }

    @Test
    void limitsThemselvesAreAccepted() {
        RetentionPolicy cut = new RetentionPolicy(1000, 3650, 1, List.of("*"));

        assertAll(
                () -> assertEquals(1000, cut.backups()),
                () -> assertEquals(3650, cut.maxAgeDays()),
                () -> assertEquals(1, new RetentionPolicy(1, 1, 1, List.of("*")).maxAgeDays()),
                () -> assertEquals(7, cut.withMaxAgeDays(7).maxAgeDays()));
    }
}
