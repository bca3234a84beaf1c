package io.breakoutbot.ops.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.startup.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's sources as opsctl reads them: MicroProfile Config's names in the environment, and where the file is. */
class ServerSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void aVariableIsFoundUnderEachOfMicroProfileConfigsNamesInItsOrder() {
        assertAll(
                () -> assertEquals(
                        Optional.of("1m"),
                        ServerSettings.variable(Map.of("OPS_ALERTS_MIN_INTERVAL", "1m"), "ops.alerts.min-interval")),
                () -> assertEquals(
                        Optional.of("2m"),
                        ServerSettings.variable(
                                Map.of("OPS_ALERTS_MIN_INTERVAL", "1m", "ops_alerts_min_interval", "2m"),
                                "ops.alerts.min-interval")),
                () -> assertEquals(
                        Optional.of("3m"),
                        ServerSettings.variable(
                                Map.of("ops_alerts_min_interval", "2m", "ops.alerts.min-interval", "3m"),
                                "ops.alerts.min-interval")),
                () -> assertEquals(
                        Optional.empty(),
                        ServerSettings.variable(Map.of("Ops_Alerts_Min_Interval", "4m"), "ops.alerts.min-interval")));
    }

    /** The file is the one in the home a system property names before OPS_HOME, as the server finds it. */
    @Test
    void theFileIsTheOneOfTheHomeTheServerWouldFind() throws IOException {
        Path byProperty = Files.createDirectories(tmp.resolve("by-property"));
        Path byVariable = Files.createDirectories(tmp.resolve("by-variable"));
        Files.writeString(byProperty.resolve("ops.properties"), "ops.archive.keep=11\n");
        Files.writeString(byVariable.resolve("ops.properties"), "ops.archive.keep=22\n");

        Settings both = ServerSettings.load(
                Map.of("ops.home", byProperty.toString()), Map.of("OPS_HOME", byVariable.toString()));
        Settings variable = ServerSettings.load(Map.of(), Map.of("OPS_HOME", byVariable.toString()));

        assertAll(
                () -> assertEquals(byProperty, both.home()),
                () -> assertEquals(11, both.retention().archiveKeep()),
                () -> assertEquals(byVariable, variable.home()),
                () -> assertEquals(22, variable.retention().archiveKeep()));
    }
}
