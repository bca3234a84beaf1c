package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.audit.RecordedAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
