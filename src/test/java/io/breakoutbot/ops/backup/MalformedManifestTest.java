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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest that parses as JSON but says something impossible is a refusal naming the manifest, the entry and
 * the field: never an exception out of verify, restore or drill (over JMX, opsctl took a NumberFormatException
 * for a bad argument).
 */
class MalformedManifestTest {

    @TempDir
    Path home;

    @Test
    void aModeThatIsNotOctal() throws IOException {
        assertRefused(
                json -> json.replace("\"mode\":\"0644\"", "\"mode\":\"9zz\""),
                "entry data/a.txt: mode \"9zz\" is not octal permission bits");
    }

    @Test
    void aNegativeSize() throws IOException {
        assertRefused(json -> json.replace("\"size\":1,", "\"size\":-1,"), "entry data/a.txt: size -1 is negative");
    }

    @Test
    void aMissingField() throws IOException {
        assertRefused(json -> json.replace("\"host\":\"crafted\",", ""), "host");
    }

    @Test
    void aNullWhereAValueBelongs() throws IOException {
        assertRefused(
                json -> json.replace("\"type\":\"file\"", "\"type\":null"),
                "entry data/a.txt: type null is not file, directory or symlink");
        assertRefused(
                json -> json.replace("\"created\":\"2026-11-29T04:00:00Z\"", "\"created\":\"yesterday\""),
                "created \"yesterday\" is not an ISO-8601 instant");
    }

    private void assertRefused(UnaryOperator<String> edit, String why) throws IOException {
        CraftedArchives.listed(
                home.resolve("backups").resolve(NAME),
                tar -> {
                    tar.directory("data");
                    tar.file("data/a.txt", "a");
                },
                edit);
        Backups cut = new Backups(BackupFixture.settings(home), CLOCK, THREADS);
        VerifyResult verified = cut.verify(NAME);
        assertFalse(verified.ok(), verified.message());
        assertEquals(Manifest.PATH, verified.firstBadEntry(), verified.message());
        assertTrue(
                verified.message().startsWith(NAME + ": first bad entry " + Manifest.PATH + ": "), verified.message());
        assertTrue(verified.message().contains(why), verified.message());
        Path target = home.resolve("target");
        RestoreResult restored = cut.restore(NAME, target, false);
        assertFalse(restored.ok(), restored.message());
        assertEquals(Manifest.PATH, restored.firstBadEntry(), restored.message());
        assertTrue(Files.notExists(target), "nothing restored");
        DrillResult drilled = cut.drill();
        assertFalse(drilled.ok(), drilled.message());
        assertTrue(drilled.message().contains(why), drilled.message());
    }
}
