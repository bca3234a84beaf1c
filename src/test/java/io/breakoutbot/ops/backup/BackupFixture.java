package io.breakoutbot.ops.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.breakoutbot.ops.PlainThreads;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A small $OPS_HOME with everything a backup must carry: modes, mtimes, empty dirs, Unicode, long paths, links. */
final class BackupFixture {

    static final Instant NOW = Instant.parse("2026-11-29T04:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String NAME = "bot_backup_20261129_040000.tar.gz";
    static final String UNICODE = "Grüße/日本語 ファイル.txt";
    static final String LONG = "deep/" + "a".repeat(60) + "/" + "b".repeat(60) + "/" + "c".repeat(30) + ".json";
    /** Where the tests' backups take their threads, as the server's take the container's. */
    static final ThreadFactory THREADS = new PlainThreads();

    private BackupFixture() {}

    /**
     * A restore sink that stops at its first write: {@code entered} counts down, and the write waits (10 s at
     * most) for {@code release}, so a test can try other jobs while a restore holds the lock.
     */
    static UnaryOperator<OutputStream> heldAtFirstWrite(CountDownLatch entered, CountDownLatch release) {
        return out -> new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write(b, off, len);
            }
        };
    }

    static BackupSettings settings(Path home) {
        return BackupSettings.defaults(home).withRetention(RetentionRules.DEFAULTS);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String text(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("{\"ts\":\"2026-11-28T10:00:")
                    .append(i % 60)
                    .append("Z\",\"level\":\"INFO\",\"msg\":\"order ")
                    .append(i)
                    .append(" filled\"}\n");
        }
        return b.toString();
    }

    /** Writes the tree under {@code home}. */
    static void tree(Path home) throws IOException {
        Path data = Files.createDirectories(home.resolve("data"));
        write(data.resolve("orders/2026.db"), random(300_000, 1), "rw-r-----", 1_700_000_000L);
        Path empty = Files.createDirectories(data.resolve("empty"));
        write(data.resolve(UNICODE), "Grüße\n".getBytes(StandardCharsets.UTF_8), "rw-r--r--", 1_700_000_100L);
        write(data.resolve(LONG), "{\"long\":true}\n".getBytes(StandardCharsets.UTF_8), "rw-r--r--", 1_700_000_200L);
        write(data.resolve("zero.bin"), new byte[0], "rw-------", 1_700_000_300L);
        Files.createSymbolicLink(data.resolve("current.db"), Path.of("orders/2026.db"));
        Path logs = Files.createDirectories(home.resolve("logs"));
        write(logs.resolve("general.log"), text(3000).getBytes(StandardCharsets.UTF_8), "rw-r--r--", 1_700_000_400L);
        write(
                logs.resolve("general.log.gz.tmp"),
                "partial".getBytes(StandardCharsets.UTF_8),
                "rw-r--r--",
                1_700_000_500L);
        write(home.resolve(".env"), "TOKEN=secret\n".getBytes(StandardCharsets.UTF_8), "rw-------", 1_700_000_600L);
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rwxr-x---"));
        for (Path dir : List.of(empty, data.resolve("orders"), data.resolve("Grüße"), data.resolve("deep"))) {
            Files.setLastModifiedTime(dir, FileTime.from(1_690_000_000L, TimeUnit.SECONDS));
        }
    }

    static void write(Path file, byte[] bytes, String mode, long mtime) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        Files.setLastModifiedTime(file, FileTime.from(mtime, TimeUnit.SECONDS));
    }

    /** Every path below {@code root}, with type, mode, mtime (not for dirs' roots) and content or link target. */
    static TreeMap<String, String> describe(Path root, boolean withDirMtimes) throws IOException {
        TreeMap<String, String> result = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String d;
                if (a.isSymbolicLink()) {
                    d = "link -> " + Files.readSymbolicLink(p);
                } else if (a.isDirectory()) {
                    d = "dir " + PosixFilePermissions.toString(a.permissions())
                            + (withDirMtimes ? " " + a.lastModifiedTime().to(TimeUnit.SECONDS) : "");
                } else {
                    d = "file " + PosixFilePermissions.toString(a.permissions()) + " "
                            + a.lastModifiedTime().to(TimeUnit.SECONDS) + " "
                            + java.util.HexFormat.of()
                                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                            .digest(Files.readAllBytes(p)));
                }
                result.put(root.relativize(p).toString(), d);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertEquals(describe(expected, true), describe(actual, true));
    }

    static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual.toString());
    }

    /** Runs a command, returns its output; fails the test on a non-zero exit. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertEquals(0, rc, String.join(" ", command) + " failed: " + out);
        return out;
    }
}
