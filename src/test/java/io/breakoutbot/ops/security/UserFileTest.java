package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFileTest {

    @TempDir
    Path dir;

    @Test
    void writesMode600WithHashesOnlyAndLeavesNoTempFile() throws Exception {
        UserFile cut = new UserFile(dir.resolve("state/users"));
        cut.add("alice", Role.ADMIN, Secrets.hashPassword("alice-plain-secret", 1000));
        cut.add("ci", Role.READER, Secrets.hashToken("ops_token-plain"));

        String text = Files.readString(cut.path());
        try (Stream<Path> files = Files.list(cut.path().getParent())) {
            assertEquals(
                    List.of("users"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertAll(
                () -> assertEquals(
                        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cut.path()))),
                () -> assertFalse(text.contains("alice-plain-secret")),
                () -> assertFalse(text.contains("token-plain")),
                () -> assertTrue(text.contains("alice ops-admin pbkdf2-sha256:1000:"), text),
                () -> assertTrue(text.contains("ci ops-reader token-sha256:"), text),
                () -> assertEquals(
                        List.of("alice", "ci"),
                        cut.read().stream().map(User::name).toList()));
    }

    @Test
    void addRefusesAnExistingNameAndRemoveTakesOnlyThatUser() throws Exception {
        UserFile cut = new UserFile(dir.resolve("users"));
        cut.add("alice", Role.ADMIN, Secrets.hashToken("a"));
        cut.add("bob", Role.READER, Secrets.hashToken("b"));

        assertThrows(IllegalArgumentException.class, () -> cut.add("alice", Role.READER, Secrets.hashToken("c")));
        assertTrue(cut.remove("alice"));
        assertFalse(cut.remove("alice"));
        assertEquals(List.of("bob"), cut.read().stream().map(User::name).toList());
    }

    @Test
    void missingFileIsNoUsersAndABadLineNamesItsNumber() throws Exception {
        assertEquals(List.of(), new UserFile(dir.resolve("absent")).read());
        Path file = Files.writeString(dir.resolve("users"), "# comment\nalice ops-admin plain-password\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new UserFile(file).read());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("plain-password"), "a secret in the file is not repeated in messages");
    }

    @Test
    void namesAndRolesAreChecked() {
        assertAll(
                () -> assertThrows(IllegalArgumentException.class, () -> User.checkName("a b")),
                () -> assertThrows(IllegalArgumentException.class, () -> User.checkName("")),
                () -> assertThrows(IllegalArgumentException.class, () -> User.checkName("x".repeat(65))),
                () -> assertEquals("ci-bot@host.1", User.checkName("ci-bot@host.1")),
                () -> assertThrows(IllegalArgumentException.class, () -> Role.of("root")),
                () -> assertEquals(java.util.Set.of("ops-admin", "ops-reader"), Role.ADMIN.groups()),
                () -> assertEquals(java.util.Set.of("ops-reader"), Role.READER.groups()));
    }
}
