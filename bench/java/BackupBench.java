import com.sun.management.OperatingSystemMXBean;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.BackupSettings;
import io.breakoutbot.ops.backup.Backups;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.backup.VerifyResult;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;

/**
 * The Java half of {@code bench/backup}; run with the JDK's single-file source launcher against the built classes.
 * The script times {@code tar}; this file only does what needs the code under test.
 *
 * <ul>
 *   <li>{@code generate DIR MB}: about MB megabytes under DIR: half log-like JSON lines in {@code logs/}, half
 *       random bytes in {@code data/} (one large file, some medium, many small), and a {@code .env}. Not timed.</li>
 *   <li>{@code backup HOME BACKUPS RESULT [KEYFILE]}: one {@link Backups#backupNow()} (write, then verify), a
 *       {@link Backups#drill()}; encrypted with KEYFILE when given; writes {@code name=value} lines the script
 *       sources. Times are the library's own (write, verify, drill), measured inside this fresh JVM around each
 *       call, and the process CPU time of {@code backupNow()} (all threads).</li>
 * </ul>
 */
public final class BackupBench {

    public static void main(String[] args) throws Exception {
        // the mode and its arguments, exactly; anything else is a usage error, exit code 2 as in the other benches
        int wanted = args.length == 0
                ? -1
                : switch (args[0]) {
                    case "generate" -> 3;
                    case "backup" -> args.length == 5 ? 5 : 4; // KEYFILE is optional
                    default -> -1;
                };
        if (args.length != wanted) {
            System.err.println("usage: BackupBench generate DIR MB | BackupBench backup HOME BACKUPS RESULT [KEYFILE]");
            System.exit(2);
        }
        if (args[0].equals("generate")) {
            generate(Path.of(args[1]), Long.parseLong(args[2]) << 20);
        } else {
            backup(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), args.length == 5 ? Path.of(args[4]) : null);
        }
    }

    static void generate(Path home, long bytes) throws IOException {
        SplittableRandom random = new SplittableRandom(20261129);
        Path logs = Files.createDirectories(home.resolve("logs"));
        long text = bytes / 2;
        int logFiles = 16;
        String[] levels = {"INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
        String[] components = {"api", "orders", "risk", "monitoring", "retention", "strategy.breakout"};
        for (int f = 0; f < logFiles; f++) {
            try (OutputStream out = Files.newOutputStream(logs.resolve("bot-" + f + ".log"))) {
                StringBuilder b = new StringBuilder(1 << 16);
                long written = 0;
                long t = 1_764_000_000_000L + f * 3_600_000L;
                while (written < text / logFiles) {
                    t += random.nextInt(50);
                    b.setLength(0);
                    b.append("{\"ts\":")
                            .append(t)
                            .append(",\"level\":\"")
                            .append(levels[random.nextInt(levels.length)])
                            .append("\",\"logger\":\"io.breakoutbot.")
                            .append(components[random.nextInt(components.length)])
                            .append("\",\"thread\":\"worker-")
                            .append(random.nextInt(16))
                            .append("\",\"msg\":\"order ")
                            .append(random.nextInt(1_000_000))
                            .append(" filled at ")
                            .append(random.nextInt(60_000))
                            .append('.')
                            .append(random.nextInt(100))
                            .append(" qty ")
                            .append(random.nextInt(500))
                            .append("\",\"symbol\":\"")
                            .append((char) ('A' + random.nextInt(26)))
                            .append("BTC\"}\n");
                    byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
                    out.write(line);
                    written += line.length;
                }
            }
        }
        Path data = Files.createDirectories(home.resolve("data"));
        long binary = bytes - text;
        writeRandom(data.resolve("state.db"), binary * 4 / 10, random);
        for (int i = 0; i < 10; i++) {
            writeRandom(data.resolve("segments/seg-" + i + ".bin"), binary * 4 / 100, random);
        }
        long small = binary * 2 / 10;
        int count = (int) (small / (80 << 10));
        for (int i = 0; i < count; i++) {
            writeRandom(data.resolve("cache/" + (i % 20) + "/entry-" + i + ".bin"), 80 << 10, random);
        }
        Files.writeString(home.resolve(".env"), "TOKEN=bench\n");
        System.out.printf(
                Locale.ROOT, "  generated %s: %d log files, %d + 10 + %d binary files%n", home, logFiles, 1, count);
    }

    static void writeRandom(Path file, long size, SplittableRandom random) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] buffer = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buffer.length) {
                for (int i = 0; i < buffer.length; i += 8) {
                    long v = random.nextLong();
                    for (int k = 0; k < 8; k++) {
                        buffer[i + k] = (byte) (v >>> (8 * k));
                    }
                }
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
    }

    static void backup(Path home, Path backups, Path result, Path keyFile) throws Exception {
        BackupSettings defaults = BackupSettings.defaults(home);
        BackupSettings settings = new BackupSettings(
                defaults.sources(),
                backups,
                backups.resolveSibling("bench-state.json"),
                keyFile,
                defaults.limits(),
                defaults.retention(),
                defaults.compressionLevel(),
                defaults.blockSize(),
                "bench");
        Backups cut = new Backups(settings, Clock.systemUTC(), Executors.defaultThreadFactory());
        // CPU, unlike wall time, hardly depends on what else the shared machine runs
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        BackupRecord record = cut.backupNow();
        cpu = os.getProcessCpuTime() - cpu;
        VerifyResult verify = cut.lastVerify();
        DrillResult drill = cut.drill();
        if (!record.verified() || !verify.ok() || !drill.ok()) {
            throw new IllegalStateException("backup " + record + " verify " + verify + " drill " + drill);
        }
        Files.writeString(
                result,
                String.format(
                        Locale.ROOT,
                        "ours_name=%s%nours_write_s=%.3f%nours_verify_s=%.3f%nours_drill_s=%.3f%nours_bytes=%d%nours_files=%d%n"
                                + "ours_backup_cpu_s=%.3f%n",
                        record.name(),
                        record.durationMs() / 1000.0,
                        verify.durationMs() / 1000.0,
                        drill.durationMs() / 1000.0,
                        record.archiveBytes(),
                        record.files(),
                        cpu / 1e9));
    }
}
