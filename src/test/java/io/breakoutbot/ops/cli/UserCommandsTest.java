package io.breakoutbot.ops.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.security.Secrets;
import io.breakoutbot.ops.security.UserFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opsctl user add|remove|list} in-process, on a real users file under a temp OPS_HOME. */
class UserCommandsTest {

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int opsctl(String stdin, String... args) {
        out.reset();
        err.reset();
        return new Opsctl(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of("OPS_HOME", home.toString()))
                .run(args);
    }

    Path users() {
        return home.resolve("state/users");
    }

    @Test
    void addWithPasswordFromStdinStoresOnlyAHashInAMode600File() throws Exception {
        assertEquals(
                0,
                opsctl("stdin-password-123\n", "user", "add", "alice", "--role", "ops-admin", "--password-stdin"),
                err.toString());
        String file = Files.readString(users());
        assertAll(
                () -> assertFalse(out.toString().contains("stdin-password-123"), "a given password is not echoed"),
                () -> assertFalse(file.contains("stdin-password-123")),
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users()))),
                () -> assertTrue(Secrets.matchesPassword(
                        "stdin-password-123",
                        new UserFile(users()).read().get(0).credential())));
    }

    @Test
    void generatedPasswordAndTokenArePrintedOnceAndMatchTheirHashes() throws Exception {
        assertEquals(0, opsctl("", "user", "add", "bob"), err.toString());
        Matcher password = Pattern.compile("password \\(shown once\\): (\\S+)").matcher(out.toString());
        assertTrue(password.find(), out.toString());
        assertEquals(0, opsctl("", "user", "add", "ci", "--token"), err.toString());
        Matcher token = Pattern.compile("token \\(shown once.*\\): (ops_\\S+)").matcher(out.toString());
        assertTrue(token.find(), out.toString());

        var read = new UserFile(users()).read();
        assertAll(
                () -> assertTrue(
                        Secrets.matchesPassword(password.group(1), read.get(0).credential())),
                () -> assertEquals("ops-reader", read.get(0).role().label(), "the default role"),
                () -> assertTrue(
                        Secrets.matchesToken(token.group(1), read.get(1).credential())),
                () -> assertFalse(Files.readString(users()).contains(token.group(1))));

        assertEquals(0, opsctl("", "user", "list"));
        assertTrue(out.toString().matches("(?s).*bob +ops-reader +password.*ci +ops-reader +token.*"), out.toString());
        assertEquals(0, opsctl("", "user", "remove", "bob"));
        assertEquals(1, new UserFile(users()).read().size());
    }

    @Test
    void mistakesGetTheirExitCodes() {
        assertAll(
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user")),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user", "remove"), "a missing NAME is a usage error"),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user", "add")),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user", "add", "x", "--token", "--password-stdin")),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user", "add", "x", "--role"), "--role without its value"),
                () -> assertEquals(Opsctl.BAD_ARGUMENT, opsctl("", "user", "add", "bad name")),
                () -> assertEquals(Opsctl.BAD_ARGUMENT, opsctl("", "user", "add", "x", "--role", "root")),
                () -> assertEquals(Opsctl.BAD_ARGUMENT, opsctl("short\n", "user", "add", "x", "--password-stdin")),
                () -> assertEquals(Opsctl.BAD_ARGUMENT, opsctl("", "user", "remove", "nobody")));
        assertEquals(0, opsctl("", "user", "add", "dup"));
        assertEquals(Opsctl.BAD_ARGUMENT, opsctl("", "user", "add", "dup"));
        assertTrue(err.toString().contains("exists"), err.toString());
    }

    /** The table's rule for the user commands: --role and the rest belong to user add, the server's options to none. */
    @Test
    void anOptionTheUserCommandDoesNotTakeIsAUsageErrorAndChangesNothing() throws Exception {
        assertEquals(0, opsctl("", "user", "add", "bob"), err.toString());
        String before = Files.readString(users());

        assertAll(
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user", "list", "--role", "ops-admin")),
                () -> assertEquals(
                        "opsctl: --role does not go with user list; it goes with user add\n" + UserCommands.USAGE_TEXT,
                        err.toString()),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user", "remove", "bob", "--token")),
                () -> assertEquals(
                        "opsctl: --token does not go with user remove; it goes with user add",
                        err.toString().lines().findFirst().orElse("")),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "user", "add", "carol", "--jmx", "127.0.0.1:9010")),
                () -> assertEquals(
                        "opsctl: --jmx does not go with user add; it goes with every action but user",
                        err.toString().lines().findFirst().orElse("")),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "--json", "user", "list")),
                () -> assertEquals(Opsctl.USAGE, opsctl("", "--stats", "--role", "ops-admin")),
                () -> assertEquals(
                        "opsctl: --role does not go with --stats; it goes with user add",
                        err.toString().lines().findFirst().orElse("")),
                () -> assertEquals("", out.toString()));
        assertEquals(before, Files.readString(users()), "bob is still there, and nobody else");
    }
}
