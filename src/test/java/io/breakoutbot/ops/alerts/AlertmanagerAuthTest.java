package io.breakoutbot.ops.alerts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Alertmanager credentials file: its two forms, its mode, and a secret that never shows. */
class AlertmanagerAuthTest {

    @TempDir
    Path dir;

    Path file(String content, String mode) throws IOException {
        Path f = Files.writeString(dir.resolve("am.auth"), content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void basicAndBearer() throws IOException {
        AlertmanagerAuth basic = AlertmanagerAuth.read(file("basic ops:s3cret\n", "rw-------"));
        AlertmanagerAuth bearer = AlertmanagerAuth.read(file("\nBearer abc.def-ghi\n\n", "r--------"));
        assertAll(
                () -> assertEquals("Basic b3BzOnMzY3JldA==", basic.header()),
                () -> assertEquals("basic ***", basic.toString()),
                () -> assertEquals("Bearer abc.def-ghi", bearer.header()),
                () -> assertEquals("bearer", bearer.scheme()));
    }

    @Test
    void readableByOthersIsRefused() throws IOException {
        Path f = file("basic ops:s3cret\n", "rw-r-----");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlertmanagerAuth.read(f));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void malformedIsRefusedWithoutTheSecret() throws IOException {
        for (String content : new String[] {
            "s3cret",
            "basic s3cret",
            "bearer s3 cret",
            "basic ops:s3cret\nbearer s3cret",
            "digest ops:s3cret",
            "s3cret ops:more",
            "s3cr ops"
        }) {
            Path f = file(content, "rw-------");
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> AlertmanagerAuth.read(f), content);
            assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> AlertmanagerAuth.read(dir.resolve("missing")));
    }
}
