package io.breakoutbot.ops.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    @TempDir
    Path dir;

    @Test
    void checksPasswordsAndTokensAndPicksUpChangesWithoutRestart() throws Exception {
        UserFile file = new UserFile(dir.resolve("users"));
        UserStore cut = new UserStore(file, new MutableClock(java.time.Instant.parse("2026-11-28T12:00:00Z")));
        assertEquals(List.of(), cut.users(), "no file, no users");

        file.add("alice", Role.ADMIN, Secrets.hashPassword("alice-secret-1", 1000));
        String token = Secrets.newToken();
        file.add("ci", Role.READER, Secrets.hashToken(token));

        assertAll(
                () -> assertEquals(
                        Optional.of("alice"),
                        cut.checkPassword("alice", "alice-secret-1").map(User::name)),
                () -> assertEquals(Optional.empty(), cut.checkPassword("alice", "wrong")),
                () -> assertEquals(Optional.empty(), cut.checkPassword("nobody", "alice-secret-1")),
                () -> assertEquals(Optional.empty(), cut.checkPassword("ci", token), "a token user has no password"),
                () -> assertEquals(Optional.of("ci"), cut.checkToken(token).map(User::name)),
                () -> assertEquals(Optional.empty(), cut.checkToken("ops_guess")));

        file.remove("alice");
        assertEquals(
                Optional.empty(),
                cut.checkPassword("alice", "alice-secret-1"),
                "a removed user is refused at once, the remembered match forgotten");
    }

    @Test
    void rememberedMatchesExpire() throws Exception {
        UserFile file = new UserFile(dir.resolve("users"));
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-28T12:00:00Z"));
        UserStore cut = new UserStore(file, clock);
        file.add("alice", Role.READER, Secrets.hashPassword("alice-secret-1", 1000));
        assertTrue(cut.checkPassword("alice", "alice-secret-1").isPresent());
        clock.advance(UserStore.REMEMBER.plus(Duration.ofSeconds(1)));
        assertTrue(cut.checkPassword("alice", "alice-secret-1").isPresent(), "checked again with PBKDF2");
    }

    @Test
    void aBrokenFileKeepsTheUsersLoadedBefore() throws Exception {
        UserFile file = new UserFile(dir.resolve("users"));
        UserStore cut = new UserStore(file, new MutableClock(java.time.Instant.parse("2026-11-28T12:00:00Z")));
        file.add("alice", Role.READER, Secrets.hashPassword("alice-secret-1", 1000));
        assertEquals(1, cut.users().size());
        Files.writeString(file.path(), "garbage\n");
        assertEquals(List.of("alice"), cut.users().stream().map(User::name).toList());
    }
}
