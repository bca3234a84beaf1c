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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links that lead through other links: kept when they stay inside, never written when they would not. */
class LinkChainTest {

    @TempDir
    Path root;

    @Test
    void chainsThatStayInsideAreRestoredAndResolveInside() throws IOException {
        Path home = Files.createDirectories(root.resolve("ops"));
        Path target = Files.createDirectories(home.resolve("target"));
        CraftedArchives.listed(home.resolve("backups").resolve(NAME), tar -> {
            tar.directory("data");
            tar.directory("data/sub");
            tar.file("data/sub/f", "inside\n");
            tar.link("data/a", "b/f");
            tar.link("data/b", "sub");
            tar.link("data/up", "b/..");
            tar.link("data/c", "a");
        });
        RestoreResult result = new Backups(BackupFixture.settings(home), CLOCK, THREADS).restore(NAME, target, false);
        assertTrue(result.ok(), result.message());
        Path inside = target.toRealPath();
        for (String link : List.of("data/a", "data/b", "data/up", "data/c")) {
            Path restored = target.resolve(link);
            assertTrue(Files.isSymbolicLink(restored), link);
            Path resolved = restored.toRealPath(); // readlink -f
            assertTrue(resolved.startsWith(inside), link + " resolves to " + resolved);
        }
        assertEquals("inside\n", Files.readString(target.resolve("data/c")));
        assertEquals(inside.resolve("data"), target.resolve("data/up").toRealPath());
    }

    @Test
    void aBackupLeavesOutAChainThatEscapesAndStillVerifies() throws IOException {
        Path home = Files.createDirectories(root.resolve("ops"));
        Path data = Files.createDirectories(home.resolve("data"));
        Files.writeString(data.resolve("kept.txt"), "kept\n");
        Files.createSymbolicLink(data.resolve("x"), Path.of("y/../../outside"));
        Files.createSymbolicLink(data.resolve("y"), Path.of(".."));
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve(".env"), "TOKEN=secret\n");
        Backups backups = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        BackupRecord record = backups.backupNow();
        assertTrue(record.verified(), backups.lastVerify().message());
        assertTrue(
                record.skipped().stream()
                        .anyMatch(s -> s.startsWith(
                                "data/x: symbolic link to y/../../outside " + "resolves outside the target")),
                record.skipped().toString());
        Path target = Files.createDirectories(root.resolve("restored"));
        assertTrue(backups.restore(record.name(), target, false).ok());
        assertTrue(Files.exists(target.resolve("data/y"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.notExists(target.resolve("data/x"), LinkOption.NOFOLLOW_LINKS));
    }
}
