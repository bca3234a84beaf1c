package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.audit.RecordedAudit;
import io.breakoutbot.ops.jmx.MBeans;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes to the Thresholds MXBean that are refused leave an audit line, as accepted ones do. */
class JmxThresholdsTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path state;

    final RecordedAudit audit = new RecordedAudit();

    JmxThresholds cut() {
        return new JmxThresholds(
                new Evaluator(ThresholdSettings.defaults()), new ThresholdStore(state, CLOCK), audit, Optional.empty());
    }

    @Test
    void refusedValuesAreAuditedAndChangeNothing() {
        JmxThresholds cut = cut();

        IllegalArgumentException overHundred =
                assertThrows(IllegalArgumentException.class, () -> cut.setCpuWarning(150));
        IllegalArgumentException crossed = assertThrows(IllegalArgumentException.class, () -> cut.setDiskCritical(10));
        IllegalArgumentException noSuchMetric =
                assertThrows(IllegalArgumentException.class, () -> cut.setLevels("gpu", 1, 2));
        IllegalArgumentException debounce = assertThrows(IllegalArgumentException.class, () -> cut.setDebounce(0));

        assertAll(
                () -> assertEquals(
                        List.of(
                                new AuditEntry(
                                        "local",
                                        "set-threshold",
                                        "cpu.warning",
                                        Map.of("value", "150.0"),
                                        "failure: " + overHundred.getMessage()),
                                new AuditEntry(
                                        "local",
                                        "set-threshold",
                                        "disk.critical",
                                        Map.of("value", "10.0"),
                                        "failure: " + crossed.getMessage()),
                                new AuditEntry(
                                        "local",
                                        "set-threshold",
                                        "gpu",
                                        Map.of("value", "1.0/2.0"),
                                        "failure: " + noSuchMetric.getMessage()),
                                new AuditEntry(
                                        "local",
                                        "set-threshold",
                                        "debounce",
                                        Map.of("value", "0"),
                                        "failure: " + debounce.getMessage())),
                        audit.entries()),
                () -> assertEquals(70, cut.getCpuWarning()),
                () -> assertFalse(Files.exists(state.resolve("thresholds.properties")), "nothing saved"));
    }

    @Test
    void acceptedValueIsAuditedAsBefore() {
        JmxThresholds cut = cut();

        cut.setCpuWarning(60);

        assertAll(
                () -> assertEquals(1, audit.entries().size()),
                () -> assertEquals("success", audit.entries().get(0).outcome()),
                () -> assertEquals(60, cut.getCpuWarning()));
    }

    @Test
    void botLevelsAreSetByNameOrAttributeAndSaved() throws IOException {
        JmxThresholds cut = cut();

        cut.setLevels("bot.cpu", 60, 90);
        cut.setLevels(" BOT.THREADS ", 300, 600);
        cut.setBotMemoryCritical(80);
        cut.setBotFileDescriptorWarning(70);
        cut.setBotThreadsCritical(700);
        ThresholdSettings saved = new ThresholdStore(state, CLOCK).load().settings();

        assertAll(
                () -> assertEquals(60, cut.getBotCpuWarning()),
                () -> assertEquals(90, cut.getBotCpuCritical()),
                () -> assertEquals(50, cut.getBotMemoryWarning()),
                () -> assertEquals(80, cut.getBotMemoryCritical()),
                () -> assertEquals(70, cut.getBotFileDescriptorWarning()),
                () -> assertEquals(95, cut.getBotFileDescriptorCritical()),
                () -> assertEquals(300, cut.getBotThreadsWarning()),
                () -> assertEquals(700, cut.getBotThreadsCritical()),
                () -> assertEquals(new Threshold(60, 90), saved.of(Metric.BOT_CPU)),
                () -> assertEquals(new Threshold(300, 700, Metric.Unit.COUNT), saved.of(Metric.BOT_THREADS)),
                () -> assertEquals(
                        List.of(
                                "bot.cpu",
                                "bot.threads",
                                "bot.memory.critical",
                                "bot.fds.warning",
                                "bot.threads.critical"),
                        audit.entries().stream().map(AuditEntry::target).toList()));
    }

    @Test
    void badBotLevelsAreRefusedWithASentence() {
        JmxThresholds cut = cut();

        assertAll(
                () -> assertEquals(
                        "The warning level must be a whole number from 0 to 1000000, not 500.5.",
                        assertThrows(IllegalArgumentException.class, () -> cut.setLevels("bot.threads", 500.5, 1000))
                                .getMessage()),
                () -> assertEquals(
                        "The warning level (1200.0) must be below the critical level (1000.0); both are whole numbers "
                                + "from 0 to 1000000.",
                        assertThrows(IllegalArgumentException.class, () -> cut.setBotThreadsWarning(1200))
                                .getMessage()),
                () -> assertEquals(
                        "The critical level must be a percentage from 0 to 100, not 150.0.",
                        assertThrows(IllegalArgumentException.class, () -> cut.setLevels("bot.memory", 50, 150))
                                .getMessage()),
                () -> assertEquals(
                        "There is no metric 'bot.gpu'; the metrics are cpu, memory, disk, fds, bot.cpu, bot.memory, "
                                + "bot.fds and bot.threads.",
                        assertThrows(IllegalArgumentException.class, () -> cut.setLevels("bot.gpu", 1, 2))
                                .getMessage()),
                () -> assertEquals(500, cut.getBotThreadsWarning(), "nothing changed"),
                () -> assertFalse(Files.exists(state.resolve("thresholds.properties")), "nothing saved"));
    }

    @Test
    void overJmxBotLevelsAreAttributesAndSetLevelsTakesTheirNames() throws Exception {
        JmxThresholds cut = cut();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = MBeans.register(ThresholdsMXBean.OBJECT_NAME, cut, ThresholdsMXBean.class);
        try {
            server.setAttribute(name, new Attribute("BotThreadsWarning", 300));
            server.invoke(name, "setLevels", new Object[] {"bot.cpu", 60.0, 90.0}, new String[] {
                "java.lang.String", "double", "double"
            });

            assertAll(
                    () -> assertEquals(300, server.getAttribute(name, "BotThreadsWarning")),
                    () -> assertEquals(1000, server.getAttribute(name, "BotThreadsCritical")),
                    () -> assertEquals(60.0, server.getAttribute(name, "BotCpuWarning")),
                    () -> assertEquals(75.0, server.getAttribute(name, "BotMemoryCritical")),
                    () -> assertEquals(
                            new Threshold(60, 90),
                            new ThresholdStore(state, CLOCK).load().settings().of(Metric.BOT_CPU)));
        } finally {
            MBeans.unregister(name);
        }
    }
}
