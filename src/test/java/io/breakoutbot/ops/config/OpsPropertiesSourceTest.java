package io.breakoutbot.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsPropertiesSourceTest {

    @TempDir
    Path home;

    @Test
    void readsTheFileBelowEnvironmentVariables() throws IOException {
        Files.writeString(
                home.resolve("ops.properties"), "# production box\nops.environment = production\nops.logs.backups=9\n");
        OpsPropertiesSource cut = new OpsPropertiesSource(home.resolve("ops.properties"));
        assertEquals(Map.of("ops.environment", "production", "ops.logs.backups", "9"), cut.getProperties());
        assertEquals(250, cut.getOrdinal());
    }

    @Test
    void missingFileIsNoSettings() {
        OpsPropertiesSource cut = new OpsPropertiesSource(home.resolve("ops.properties"));
        assertEquals(Map.of(), cut.getProperties());
        assertNull(cut.getValue("ops.environment"));
    }
}
