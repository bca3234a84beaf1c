package io.breakoutbot.ops.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What {@code systemctl show -p ActiveState,MainPID} prints, read. */
class SystemdUnitTest {

    @Test
    void anActiveUnitNamesItsMainPid() {
        PidSource.PidClaim cut = SystemdUnit.parse("bot.service", "MainPID=4242\nActiveState=active\n");

        assertEquals(4242, cut.pid());
        assertNull(cut.startedNoLaterThan(), "systemd knows its process; no start-time check");
    }

    @Test
    void anInactiveOrFailedUnitHasNoPid() {
        assertEquals(
                "the unit bot.service is failed",
                SystemdUnit.parse("bot.service", "ActiveState=failed\nMainPID=0\n")
                        .reason());
        assertEquals(
                "the unit bot.service is active but has no main process",
                SystemdUnit.parse("bot.service", "ActiveState=active\nMainPID=0\n")
                        .reason());
        assertEquals(
                "systemd said nothing of bot.service's ActiveState",
                SystemdUnit.parse("bot.service", "").reason());
        assertEquals(
                0,
                SystemdUnit.parse("bot.service", "ActiveState=activating\nMainPID=17")
                        .pid());
    }

    @Test
    void unitNamesAreCheckedBeforeTheyReachACommandLine() {
        assertEquals("breakout-bot@1.service", SystemdUnit.validate(" breakout-bot@1.service "));
        assertThrows(IllegalArgumentException.class, () -> SystemdUnit.validate("--user"));
        assertThrows(IllegalArgumentException.class, () -> SystemdUnit.validate("bot service"));
    }
}
