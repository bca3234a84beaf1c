package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.CLOCK;
import static io.breakoutbot.ops.backup.BackupFixture.NAME;
import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile archives are refused before anything is written, anywhere. */
class RestoreRefusalTest {

    @TempDir
    Path root;

    Path home;
    Path target;
    Map<String, String> before;

    @BeforeEach
    void live() throws IOException {
        home = Files.createDirectories(root.resolve("ops"));
        target = Files.createDirectories(home.resolve("target"));
        Files.writeString(Files.createDirectories(target.resolve("data")).resolve("live.db"), "live\n");
        Files.writeString(root.resolve("outside.txt"), "untouched\n");
    }

    RestoreResult restore(CraftedArchives.Content content) throws IOException {
        CraftedArchives.write(home.resolve("backups").resolve(NAME), content);
        return restoreWritten();
    }

    RestoreResult restoreWritten() throws IOException {
        before = BackupFixture.describe(root, false);
        before.remove("ops/backups/" + NAME);
        before.remove("ops/state");
        before.remove("ops/state/backup-state.json");
        RestoreResult result = new Backups(BackupFixture.settings(home), CLOCK, THREADS).restore(NAME, target, false);
        assertFalse(result.ok(), result.message());
        Map<String, String> after = BackupFixture.describe(root, false);
        after.remove("ops/backups/" + NAME);
        after.remove("ops/state");
        after.remove("ops/state/backup-state.json");
        assertEquals(before, after, "nothing written anywhere");
        return result;
    }

    static void assertRefused(RestoreResult result, String entry, String why) {
        assertEquals(entry, result.firstBadEntry(), result.message());
        assertTrue(result.message().contains(why), result.message());
        assertTrue(result.message().startsWith("refused: " + NAME), result.message());
    }

    @Test
    void dotDot() throws IOException {
        assertRefused(
                restore(tar -> {
                    CraftedArchives.file(tar, "data/ok.txt", "fine");
                    CraftedArchives.file(tar, "../outside.txt", "overwritten");
                }),
                "../outside.txt",
                "contains '..'");
    }

    @Test
    void dotDotInTheMiddle() throws IOException {
        assertRefused(
                restore(tar -> CraftedArchives.file(tar, "data/../../outside.txt", "x")),
                "data/../../outside.txt",
                "contains '..'");
    }

    @Test
    void absolutePath() throws IOException {
        String abs = root.resolve("outside.txt").toString();
        assertRefused(restore(tar -> CraftedArchives.file(tar, abs, "overwritten")), abs, "absolute path");
    }

    @Test
    void backslash() throws IOException {
        assertRefused(
                restore(tar -> CraftedArchives.file(tar, "data\\..\\..\\outside.txt", "x")),
                "data\\..\\..\\outside.txt",
                "backslash");
    }

    @Test
    void symlinkOutside() throws IOException {
        assertRefused(
                restore(tar -> CraftedArchives.link(tar, "data/etc", "/etc", CraftedArchives.symlink())),
                "data/etc",
                "points outside the target");
        assertRefused(
                restore(tar -> CraftedArchives.link(tar, "data/up", "../../..", CraftedArchives.symlink())),
                "data/up",
                "points outside the target");
    }

    @Test
    void writeThroughAnEarlierSymlink() throws IOException {
        assertRefused(
                restore(tar -> {
                    CraftedArchives.directory(tar, "data");
                    CraftedArchives.directory(tar, "data/real");
                    CraftedArchives.link(tar, "data/alias", "real", CraftedArchives.symlink());
                    CraftedArchives.file(tar, "data/alias/planted.txt", "through the link");
                }),
                "data/alias/planted.txt",
                "written through the symbolic link data/alias");
    }

    /**
     * Each link stays inside by its name alone; the kernel resolves {@code data/y} first and climbs out of the
     * target to {@code outside.txt}. Verify, restore and drill all refuse, whichever link comes first.
     */
    @Test
    void aChainOfLinksEscapes() throws IOException {
        assertChainRefused("data/x", "resolves outside the target", tar -> {
            tar.directory("data");
            tar.link("data/y", "..");
            tar.link("data/x", "y/../../outside.txt");
        });
        assertChainRefused("data/x", "resolves outside the target", tar -> {
            tar.directory("data");
            tar.link("data/x", "y/../../outside.txt");
            tar.link("data/y", "..");
        });
    }

    @Test
    void aLinkToALinkEscapes() throws IOException {
        assertChainRefused("data/a", "resolves outside the target", tar -> {
            tar.directory("data");
            tar.directory("data/sub");
            tar.link("data/b", "..");
            tar.link("data/c", "b");
            tar.link("data/a", "c/../../outside.txt");
        });
    }

    @Test
    void aLinkAfterADirectoryOfTheSameNameIsRefused() throws IOException {
        assertChainRefused("data/y", "appears twice", tar -> {
            tar.directory("data");
            tar.directory("data/y");
            tar.link("data/x", "y/../../outside.txt");
            tar.link("data/y", "..");
        });
    }

    @Test
    void aLinkThroughANameTheArchiveDoesNotHoldIsRefused() throws IOException {
        // target/other is the live tree's, left alone by the restore: it may be a link to anywhere.
        assertChainRefused("data/x", "resolves through other, which the archive does not hold", tar -> {
            tar.directory("data");
            tar.link("data/x", "../other/file");
        });
    }

    @Test
    void aLoopOfLinksIsRefused() throws IOException {
        assertChainRefused("data/a", "a loop", tar -> {
            tar.directory("data");
            tar.link("data/a", "b");
            tar.link("data/b", "a");
        });
    }

    private void assertChainRefused(String entry, String why, CraftedArchives.ListedContent content)
            throws IOException {
        CraftedArchives.listed(home.resolve("backups").resolve(NAME), content);
        assertRefused(restoreWritten(), entry, why);
        Backups backups = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        VerifyResult verified = backups.verify(NAME);
        assertFalse(verified.ok(), verified.message());
        assertEquals(entry, verified.firstBadEntry(), verified.message());
        DrillResult drilled = backups.drill();
        assertFalse(drilled.ok(), drilled.message());
        assertTrue(drilled.message().contains(why), drilled.message());
        assertEquals("untouched\n", Files.readString(root.resolve("outside.txt")));
    }

    @Test
    void hardlinkOutside() throws IOException {
        assertRefused(
                restore(tar ->
                        CraftedArchives.link(tar, "data/passwd", "../../../etc/passwd", CraftedArchives.hardlink())),
                "data/passwd",
                "hard link to ../../../etc/passwd points outside the target");
    }

    @Test
    void duplicateEntry() throws IOException {
        assertRefused(
                restore(tar -> {
                    CraftedArchives.file(tar, "data/a", "1");
                    CraftedArchives.file(tar, "data/a", "2");
                }),
                "data/a",
                "appears twice");
    }

    @Test
    void aMillionEntriesAreRefusedAtTheLimitNotAtTheEnd() throws IOException {
        CraftedArchives.manyEntries(home.resolve("backups").resolve(NAME), 1_000_000);
        RestoreResult result = restoreWritten();
        assertTrue(
                result.message().contains("configured limit")
                        || result.message().contains("ratio limit"),
                result.message());
        // The entries are data/f0000000 to data/f0999999, in order: the one refused at says how far it read.
        int refusedAt = Integer.parseInt(result.firstBadEntry().substring("data/f".length()));
        assertTrue(
                refusedAt <= RestoreLimits.DEFAULTS.maxEntries(),
                "read on to " + result.firstBadEntry() + " past the limit of " + RestoreLimits.DEFAULTS.maxEntries());
    }

    @Test
    void aHugeDeclaredSizeIsRefusedAtItsHeader() throws IOException {
        CraftedArchives.declaring(home.resolve("backups").resolve(NAME), "data/huge.bin", (8L << 30) - 1);
        RestoreResult result = restoreWritten();
        assertRefused(result, "data/huge.bin", "over the compression ratio limit");
    }

    @Test
    void theSizeLimitApplies() throws IOException {
        CraftedArchives.write(
                home.resolve("backups").resolve(NAME), tar -> CraftedArchives.file(tar, "data/a", "x".repeat(5000)));
        BackupSettings tight = BackupFixture.settings(home).withLimits(new RestoreLimits(100, 4096, 500));
        RestoreResult result = new Backups(tight, CLOCK, THREADS).restore(NAME, target, true);
        assertFalse(result.ok());
        assertTrue(result.message().contains("declare more than 4096 bytes"), result.message());
    }

    @Test
    void anArchiveWithoutManifestIsRefused() throws IOException {
        RestoreResult result = restore(tar -> CraftedArchives.file(tar, "data/ok.txt", "fine"));
        assertTrue(result.message().contains("no manifest"), result.message());
    }
}
