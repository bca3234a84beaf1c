package io.breakoutbot.ops.remote;

import io.breakoutbot.ops.PlainThreads;
import io.breakoutbot.ops.audit.RecordedAudit;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupSettings;
import io.breakoutbot.ops.backup.Backups;
import io.breakoutbot.ops.backup.RetentionRules;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The remote crash test's victim, a JVM that {@link RemoteCrashTest} kills with SIGKILL. Arguments: a mode, the host's
 * home, the S3 endpoint and the key prefix. Modes:
 *
 * <ul>
 *   <li>{@code sync}: one {@link RemoteCopies#sync()} of the home's backups, with the second thread the upload asks
 *       for (its second part sender) held forever, so the multipart upload stops at a known point: part 1 and part 3
 *       stored, part 2 never sent, the upload never completed. The test kills it there.</li>
 *   <li>{@code archive NAME}: the backup NAME's archive object uploaded through {@link Bucket#put}, its {@code .sha256}
 *       not, then the file {@code stored} in the home and a wait to be killed: what a crash between the two leaves.
 *   </li>
 * </ul>
 */
public final class RemoteCrashChild {

    static final String HOST = "alpha";
    static final String STORED = "stored";

    private RemoteCrashChild() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        RemoteSettings settings = settings(home, URI.create(args[2]), args[3]);
        if (args[0].equals("sync")) {
            RemoteCopies copies = new RemoteCopies(
                    settings,
                    jobs(home),
                    logArchives(home),
                    Clock.systemUTC(),
                    new SecondThreadHeld(),
                    new RecordedAudit(),
                    why -> {});
            RemoteCopies.SyncResult result = copies.sync();
            System.out.println("the pass ended, which the test does not expect: " + result);
            System.exit(1);
        } else {
            String name = args[4];
            Path archive = home.resolve("backups").resolve(name);
            try (Bucket bucket = new Bucket(settings, new PlainThreads());
                    InputStream in = Files.newInputStream(archive)) {
                bucket.put(settings.hostPrefix() + RemoteCopies.BACKUPS + name, in, Files.size(archive), Map.of());
            }
            Files.writeString(home.resolve(STORED), name);
            while (true) {
                LockSupport.park();
            }
        }
    }

    /** The settings the child and the test share: part size {@link RemoteSettings#MIN_PART}, host {@link #HOST}. */
    static RemoteSettings settings(Path home, URI endpoint, String prefix) {
        return new RemoteSettings(
                "backups",
                prefix,
                endpoint,
                "us-east-1",
                true,
                home.resolve("s3.credentials"),
                HOST,
                Duration.ofDays(8),
                0,
                RemoteSettings.MIN_PART,
                // a multipart upload, whose parts a kill leaves on the store
                RemoteSettings.MIN_PART,
                Duration.ofSeconds(60),
                Duration.ofMinutes(1),
                home.resolve("state/remote-state.json"),
                RemoteSettings.Drills.ALTERNATE);
    }

    static BackupJobs jobs(Path home) {
        BackupSettings backup = BackupSettings.defaults(home).withRetention(new RetentionRules(10, 0, 0, 0, 0));
        return new BackupJobs(
                new Backups(backup, Clock.systemUTC(), new PlainThreads()), new RecordedAudit(), Clock.systemUTC());
    }

    static RemoteCopies.LogArchives logArchives(Path home) {
        return new RemoteCopies.LogArchives(home.resolve("archives"), 10, 30);
    }

    /** Plain threads, except the second, which never runs what it was made for. */
    static final class SecondThreadHeld implements ThreadFactory {
        private final AtomicInteger made = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            int number = made.incrementAndGet();
            Runnable body = number == 2
                    ? () -> {
                        while (true) {
                            LockSupport.park();
                        }
                    }
                    : task;
            Thread thread = new Thread(body, "remote-crash-child-" + number);
            thread.setDaemon(true);
            return thread;
        }
    }
}
