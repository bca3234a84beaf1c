package io.breakoutbot.ops.backup;

import static io.breakoutbot.ops.backup.BackupFixture.THREADS;

import java.nio.file.Path;
import java.time.Clock;

/** The crash test's victim: writes backups of {@code args[0]} back to back until it is killed. */
public final class CrashChild {

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Backups backups = new Backups(BackupFixture.settings(Path.of(args[0])), Clock.systemUTC(), THREADS);
        while (true) {
            backups.backupNow();
        }
    }
}
