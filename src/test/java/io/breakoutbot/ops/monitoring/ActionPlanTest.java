package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActionPlanTest {

    @Test
    void theDefaultPlanReadsAsTheSeedActs() {
        ActionPlan cut = ActionPlan.parse("memory.critical=gc+clear-caches, disk.critical=log-cleanup");
        assertEquals(Set.of(Action.GC, Action.CLEAR_CACHES), cut.on(Metric.MEMORY, State.CRITICAL));
        assertEquals(Set.of(Action.LOG_CLEANUP), cut.on(Metric.DISK, State.CRITICAL));
        assertEquals(Set.of(), cut.on(Metric.CPU, State.CRITICAL));
        assertEquals(Set.of(), cut.on(Metric.MEMORY, State.WARNING));
        assertEquals("memory.critical=clear-caches+gc, disk.critical=log-cleanup", cut.toString());
    }

    @Test
    void noActionsIsAPlanToo() {
        assertEquals(Set.of(), ActionPlan.parse("").on(Metric.DISK, State.CRITICAL));
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " :: ",
            value = {
                "disk.critical=format-disk :: unknown action 'format-disk'; actions are gc, clear-caches and log-cleanup",
                "disk.fatal=gc :: entry 'disk.fatal=gc' must read '<metric>.<warning|critical>=<action>[+<action>]', like 'disk.critical=log-cleanup'",
                "gpu.critical=gc :: entry 'gpu.critical=gc' must read '<metric>.<warning|critical>=<action>[+<action>]', like 'disk.critical=log-cleanup'; metrics are cpu, memory, disk and fds",
                "disk=gc :: entry 'disk=gc' must read '<metric>.<warning|critical>=<action>[+<action>]', like 'disk.critical=log-cleanup'",
            })
    void badEntriesAreNamed(String text, String message) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> ActionPlan.parse(text))
                        .getMessage());
    }

    @Test
    void theBotsMetricsTakeNoActions() {
        assertAll(
                () -> assertEquals(
                        "entry 'bot.memory.critical=gc' names bot.memory, a metric of the bot; the actions (gc, "
                                + "clear-caches, log-cleanup) act on this service, so only cpu, memory, disk and fds "
                                + "take them",
                        assertThrows(IllegalArgumentException.class, () -> ActionPlan.parse("bot.memory.critical=gc"))
                                .getMessage()),
                () -> assertEquals(
                        "entry 'bot.gpu.critical=gc' must read '<metric>.<warning|critical>=<action>[+<action>]', "
                                + "like 'disk.critical=log-cleanup'; metrics are cpu, memory, disk and fds",
                        assertThrows(IllegalArgumentException.class, () -> ActionPlan.parse("bot.gpu.critical=gc"))
                                .getMessage()));
    }
}
