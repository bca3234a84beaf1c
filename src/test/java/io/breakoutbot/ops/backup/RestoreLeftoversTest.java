package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.NAME;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restore killed at each point of its swap, rebuilt on disk step by step as {@link Restorer} takes them
 * (live entry aside, staged entry into place, per top-level entry), then settled as at start-up.
 */
class RestoreLeftoversTest {

    static final List<String> TOPS = List.of("data", "logs", ".env");
    static final String ID = "20261129_040000_1f";

    @TempDir
    Path root;

    /** A home with a backup, a live tree changed since, and the staged tree a restore would swap in. */
    Path home(String name) throws IOException {
        Path home = Files.createDirectories(root.resolve(name));
        BackupFixture.tree(home);
        Files.delete(home.resolve("logs/general.log.gz.tmp"));
        new Backups(BackupFixture.settings(home), CLOCK, THREADS).backupNow();
        Path staging = home.resolve(".bot_restore_" + ID + ".tmp");
        RestoreResult staged = new Backups(BackupFixture.settings(home), CLOCK, THREADS).restore(NAME, staging, false);
        assertTrue(staged.ok(), staged.message());
        Files.writeString(home.resolve("data/orders/2026.db"), "overwritten\n");
        Files.writeString(home.resolve("data/new-since.txt"), "new\n");
        Files.writeString(home.resolve("unrelated.txt"), "mine\n");
        return home;
    }

    static Map<String, String> entries(Path dir) throws IOException {
        Map<String, String> all = new TreeMap<>();
        for (String top : TOPS) {
            BackupFixture.describe(dir.resolve(top), true).forEach((k, v) -> all.put(top + "/" + k, v));
            if (Files.isRegularFile(dir.resolve(top))) {
                all.put(top, Files.readString(dir.resolve(top)));
            }
        }
        return all;
    }

    static List<String> leftovers(Path home) throws IOException {
        try (Stream<Path> all = Files.list(home)) {
            return all.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".bot_"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "killed after {0} of 6 renames")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void aSwapKilledAtAnyRenameIsFinishedAtStartUp(int renames) throws IOException {
        Path home = home("home");
        Path staging = home.resolve(".bot_restore_" + ID + ".tmp");
        Map<String, String> restored = entries(staging);
        Path aside = Files.createDirectory(home.resolve(".bot_restore_" + ID + "_old.tmp"));
        for (int step = 0; step < renames; step++) {
            String top = TOPS.get(step / 2);
            if (step % 2 == 0) {
                Files.move(home.resolve(top), aside.resolve(top), StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(staging.resolve(top), home.resolve(top), StandardCopyOption.ATOMIC_MOVE);
            }
        }

        List<String> swept = new Backups(BackupFixture.settings(home), CLOCK, THREADS).sweepLeftovers();

        assertEquals(restored, entries(home), "the restored tree, whole");
        assertEquals(List.of(), leftovers(home));
        assertTrue(
                swept.containsAll(List.of(
                        staging.getFileName().toString(), aside.getFileName().toString())),
                swept::toString);
        assertEquals("mine\n", Files.readString(home.resolve("unrelated.txt")));
    }

    @Test
    void aRestoreKilledBeforeItsSwapLeavesTheLiveTreeAndLosesItsStaging() throws IOException {
        Path home = home("home");
        Files.delete(home.resolve(".bot_restore_" + ID + ".tmp/.env")); // killed while extracting
        Map<String, String> live = entries(home);

        new Backups(BackupFixture.settings(home), CLOCK, THREADS).sweepLeftovers();

        assertEquals(live, entries(home));
        assertEquals(List.of(), leftovers(home));
    }

    @Test
    void theNextRestoreIntoTheSameTargetSettlesFirst() throws IOException {
        Path home = home("home");
        Map<String, String> restored = entries(home.resolve(".bot_restore_" + ID + ".tmp"));
        Files.createDirectory(home.resolve(".bot_restore_" + ID + "_old.tmp"));
        Files.move(home.resolve("data"), home.resolve(".bot_restore_" + ID + "_old.tmp/data"));

        RestoreResult result = new Backups(BackupFixture.settings(home), CLOCK, THREADS).restore(NAME, home, false);

        assertTrue(result.ok(), result.message());
        assertEquals(List.of(), leftovers(home));
        assertEquals(restored, entries(home));
        assertEquals("mine\n", Files.readString(home.resolve("unrelated.txt")));
    }

    @Test
    void anEntryMadeAfterTheCrashStopsEverythingOfThatRestore() throws IOException {
        Path home = home("home");
        Path aside = Files.createDirectory(home.resolve(".bot_restore_" + ID + "_old.tmp"));
        Files.move(home.resolve("data"), aside.resolve("data"));
        Files.createDirectory(home.resolve("data")); // somebody's, after the crash
        Files.writeString(home.resolve("data/theirs.txt"), "theirs\n");
        Map<String, String> before = BackupFixture.describe(home, true);

        new Backups(BackupFixture.settings(home), CLOCK, THREADS).sweepLeftovers();

        Map<String, String> after = BackupFixture.describe(home, true);
        after.remove("state/backup-state.json");
        before.remove("state/backup-state.json");
        assertEquals(before, after, "nothing moved, nothing deleted");
    }

    @Test
    void aLinkNamedLikeScratchIsNeitherFollowedNorDeleted() throws IOException {
        Path home = home("home");
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere/data"));
        Files.writeString(elsewhere.resolve("keep.txt"), "keep\n");
        Files.delete(home.resolve(".bot_restore_" + ID + ".tmp/.env"));
        Files.createSymbolicLink(home.resolve(".bot_restore_x_old.tmp"), root.resolve("elsewhere"));

        new Backups(BackupFixture.settings(home), CLOCK, THREADS).sweepLeftovers();

        assertEquals("keep\n", Files.readString(elsewhere.resolve("keep.txt")));
        assertTrue(Files.isSymbolicLink(home.resolve(".bot_restore_x_old.tmp")));
        assertEquals(List.of(".bot_restore_x_old.tmp"), leftovers(home));
        assertTrue(Files.exists(home.resolve("data"), LinkOption.NOFOLLOW_LINKS));
    }
}
