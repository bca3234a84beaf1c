package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.THREADS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM writing backups, at 20 random points of its writing. After each: every archive under a final name verifies
 * (so none is partial), every archive of before the kill is byte for byte what it was, and sweepLeftovers() removes
 * the temp files; then the next victim starts.
 */
class BackupCrashTest {

    static final int KILLS = 20;

    @TempDir
    Path home;

    @Test
    void killedAtRandomPointsLeavesEveryEarlierBackupVerifying() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        for (int i = 0; i < 4; i++) {
            Files.write(data.resolve("blob" + i + ".bin"), BackupFixture.random(2 << 20, i));
            Files.writeString(
                    Files.createDirectories(home.resolve("logs")).resolve("app" + i + ".log"),
                    BackupFixture.text(20_000),
                    StandardCharsets.UTF_8);
        }
        Files.writeString(home.resolve(".env"), "TOKEN=secret\n");
        Random random = new Random(42);
        Map<String, String> known = new HashMap<>();
        Backups parent = new Backups(BackupFixture.settings(home), Clock.systemUTC(), THREADS);
        int swept = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashChild.class.getName(),
                            home.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // A random point in the writing, measured in bytes the child has put into the backup directory
            // (about 1.5 archives' worth at most), not in wall time, which a busy machine would skew.
            long target = bytesIn(home.resolve("backups")) + random.nextInt(12 << 20);
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> bytesIn(home.resolve("backups")) >= target);
            child.destroyForcibly().waitFor();

            for (Map.Entry<String, String> earlier : known.entrySet()) {
                assertEquals(
                        earlier.getValue(),
                        sha256(home.resolve("backups").resolve(earlier.getKey())),
                        "kill " + kill + ": " + earlier.getKey() + " changed");
            }
            for (String name : archives()) {
                if (!known.containsKey(name)) {
                    VerifyResult check = parent.verify(name);
                    assertTrue(check.ok(), "kill " + kill + ": " + check.message());
                    known.put(name, sha256(home.resolve("backups").resolve(name)));
                }
            }
            List<String> removed = parent.sweepLeftovers();
            swept += removed.size();
            try (Stream<Path> left = Files.list(home.resolve("backups"))) {
                List<String> names = left.map(p -> p.getFileName().toString()).toList();
                for (String n : names) {
                    assertTrue(
                            BackupNames.isArchive(n)
                                    || n.endsWith(".sha256") && known.containsKey(n.replace(".sha256", "")),
                            "kill " + kill + ": leftover " + n + " after sweeping " + removed);
                }
            }
        }
        assertTrue(known.size() >= 3, "some backups completed between kills: " + known.size());
        assertTrue(swept >= 5, "some kills hit a backup in progress: " + swept + " leftovers swept");
    }

    /** Bytes of every file in {@code dir}, temp files included; a file renamed away meanwhile counts as 0. */
    private static long bytesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                try {
                    total += Files.size(file);
                } catch (java.nio.file.NoSuchFileException renamed) {
                    // renamed into place or swept between the listing and the size
                }
            }
        }
        return total;
    }

    private List<String> archives() throws IOException {
        try (Stream<Path> all = Files.list(home.resolve("backups"))) {
            return all.map(p -> p.getFileName().toString())
                    .filter(BackupNames::isArchive)
                    .sorted()
                    .toList();
        }
    }

    private static String sha256(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            return BackupVerifier.sha256(ch);
        }
    }
}
