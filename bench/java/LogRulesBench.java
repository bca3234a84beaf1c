import io.breakoutbot.ops.alerts.AlertmanagerPayload;
import io.breakoutbot.ops.alerts.LogRule;
import io.breakoutbot.ops.alerts.LogRuleEngine;
import io.breakoutbot.ops.logs.LineLevel;
import io.breakoutbot.ops.logs.LogFollower;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The Java half of {@code bench/logrules}; run with the JDK's single-file source launcher against the built
 * classes and {@code support/BenchArgs}. Two modes, run as two processes side by side:
 *
 * <ul>
 *   <li>{@code write}: waits for {@code --go} to exist, then appends {@code --lines} lines to
 *       {@code --dir}/bot.log as a Python bot with a JSON formatter writes them, renaming bot.log to
 *       bot.log.1 (the older ones shifted to .2, .3, ...) {@code --rotations} times at even intervals, and
 *       reopening a new bot.log after each, as a rotating handler does. Deterministic (fixed seed).</li>
 *   <li>{@code follow}: a {@link LogFollower} on {@code --dir} and a {@link LogRuleEngine} with
 *       {@code --rule}; writes {@code --ready}, then polls without pause (a short park when a poll finds
 *       nothing, or {@code --interval-ms} after each poll that found lines, as the service's timer polls) until
 *       the process {@code --writer-pid} has ended and one more poll finds nothing.</li>
 * </ul>
 * Results go to standard output and, as {@code key=value} lines, to {@code --result-file} for the script.
 * Exit codes: 0 done, 2 wrong arguments or an exception (targets are judged by the script).
 */
public class LogRulesBench {

    static final String[] LOGGERS = {"bot.strategy", "bot.orders", "bot.risk", "bot.feed", "bot.portfolio"};

    public static void main(String[] args) {
        int code;
        try {
            Options o = Options.parse(args);
            switch (o.mode) {
                case "write" -> write(o);
                case "follow" -> follow(o);
                default -> throw new IllegalArgumentException("mode must be write or follow: " + o.mode);
            }
            code = 0;
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    static final class Options {
        String mode;
        Path dir;
        Path go;
        Path ready;
        Path resultFile;
        long lines = 1_000_000;
        int rotations = 20;
        long writerPid;
        String rule;
        long intervalMs;

        static Options parse(String[] args) {
            BenchArgs a = new BenchArgs(args, "usage: LogRulesBench write|follow --dir D [options]");
            Options o = new Options();
            o.mode = a.mode();
            while (a.next()) {
                switch (a.name()) {
                    case "--dir" -> o.dir = a.path();
                    case "--go" -> o.go = a.path();
                    case "--ready" -> o.ready = a.path();
                    case "--result-file" -> o.resultFile = a.path();
                    case "--lines" -> o.lines = a.positiveLong();
                    case "--rotations" -> o.rotations = a.positiveInt();
                    case "--writer-pid" -> o.writerPid = a.positiveLong();
                    case "--rule" -> o.rule = a.value();
                    case "--interval-ms" -> o.intervalMs = a.positiveLong();
                    default -> throw a.unknown();
                }
            }
            BenchArgs.require("--dir", o.dir);
            BenchArgs.require("--result-file", o.resultFile);
            if (o.mode.equals("write")) {
                BenchArgs.require("--go", o.go);
            } else {
                BenchArgs.require("--ready", o.ready);
                BenchArgs.require("--rule", o.rule);
                if (o.writerPid == 0) {
                    throw new IllegalArgumentException("--writer-pid is required");
                }
            }
            return o;
        }
    }

    // ------------------------------------------------------------------ write

    static void write(Options o) throws IOException {
        Path log = o.dir.resolve("bot.log");
        Random random = new Random(42);
        while (!Files.exists(o.go)) {
            LockSupport.parkNanos(1_000_000);
        }
        long start = System.currentTimeMillis();
        long expected = 0;
        long bytes = 0;
        int rotations = 0;
        long perFile = o.lines / (o.rotations + 1);
        StringBuilder line = new StringBuilder(256);
        OutputStream out = open(log);
        try {
            for (long i = 0; i < o.lines; i++) {
                if (i > 0 && i % perFile == 0 && rotations < o.rotations) {
                    out.close();
                    shift(o.dir, ++rotations);
                    out = open(log);
                }
                line.setLength(0);
                expected += line(line, i, random) ? 1 : 0;
                byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
                out.write(b);
                bytes += b.length;
            }
        } finally {
            out.close();
        }
        long end = System.currentTimeMillis();
        System.out.printf(
                "  writer: %,d lines, %,d bytes, %d rotations in %.3f s; %,d lines should match%n",
                o.lines, bytes, rotations, (end - start) / 1e3, expected);
        Files.writeString(
                o.resultFile,
                "write_start_ms=%d%nwrite_end_ms=%d%nwrite_lines=%d%nwrite_bytes=%d%nwrite_rotations=%d%nexpected=%d%n"
                        .formatted(start, end, o.lines, bytes, rotations, expected));
    }

    static OutputStream open(Path log) throws IOException {
        return new BufferedOutputStream(
                Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024);
    }

    /** bot.log.N becomes bot.log.N+1, ..., bot.log becomes bot.log.1, as a numbered rotation does. */
    static void shift(Path dir, int generations) throws IOException {
        for (int g = generations - 1; g >= 1; g--) {
            Path from = dir.resolve("bot.log." + g);
            if (Files.exists(from)) {
                Files.move(from, dir.resolve("bot.log." + (g + 1)));
            }
        }
        Files.move(dir.resolve("bot.log"), dir.resolve("bot.log.1"));
    }

    /**
     * One line as Python's logging with a JSON formatter writes it. Levels: 1% DEBUG, 85% INFO, 8% WARNING,
     * 5% ERROR, 1% CRITICAL. "exchange ... disconnect" also shows up in INFO and WARNING lines, which the
     * rule's level term must skip, and ERROR lines without it, which its message term must skip.
     *
     * @return whether the line is one {@code level>=ERROR message~"(?i)exchange.*disconnect"} matches
     */
    static boolean line(StringBuilder b, long i, Random random) {
        int roll = random.nextInt(100);
        String level;
        String message;
        boolean match = false;
        int n = random.nextInt(1_000_000);
        if (roll < 1) {
            level = "DEBUG";
            message = "tick BTCUSDT bid 43125.50 ask 43125.90 depth " + n;
        } else if (roll < 86) {
            level = "INFO";
            message = roll < 3
                    ? "Exchange binance disconnected for planned maintenance, session " + n
                    : "signal BTCUSDT breakout above 43125.50 on volume " + n + ", order " + i + " placed";
        } else if (roll < 94) {
            level = "WARNING";
            message = roll < 88
                    ? "exchange kraken reconnecting after disconnect, attempt " + (n % 5)
                    : "slippage 0.12% on order " + i + " above the 0.10% limit";
        } else if (roll < 99) {
            level = "ERROR";
            match = roll < 96;
            message = match
                    ? "Exchange binance DISCONNECTED: websocket closed with code 1006 after " + n + " ms"
                    : "order " + i + " rejected: insufficient margin " + n;
        } else {
            level = "CRITICAL";
            match = true;
            message = "exchange bybit disconnect storm: trading halted, position " + n;
        }
        long ms = 1_764_842_400_000L + i;
        b.append("{\"asctime\": \"2026-12-04 10:")
                .append(two((ms / 60_000) % 60))
                .append(':')
                .append(two((ms / 1000) % 60))
                .append(',')
                .append(String.format("%03d", ms % 1000))
                .append("\", \"levelname\": \"")
                .append(level)
                .append("\", \"name\": \"")
                .append(LOGGERS[(int) (i % LOGGERS.length)])
                .append("\", \"message\": \"")
                .append(message)
                .append("\", \"process\": 4242}\n");
        return match;
    }

    static String two(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }

    // ------------------------------------------------------------------ follow

    static void follow(Options o) throws IOException {
        List<LogRule> rules = LogRule.parseAll(o.rule);
        AlertmanagerPayload payload = new AlertmanagerPayload("bench", "");
        LogRuleEngine engine = new LogRuleEngine(rules, Clock.systemUTC(), payload::fingerprint);
        long[] notices = {0};
        LogFollower follower = new LogFollower(o.dir);
        LogFollower.LineSink sink = (file, line) ->
                notices[0] += engine.accept(file, line, LineLevel.of(line)).size();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        Files.writeString(o.ready, "ready\n");
        ProcessHandle writer = ProcessHandle.of(o.writerPid).orElse(null);
        long polls = 0;
        long idle = 0;
        while (true) {
            boolean writerDone = writer == null || !writer.isAlive();
            long n = follower.poll(sink);
            polls++;
            if (n == 0) {
                if (writerDone) {
                    break;
                }
                idle++;
                LockSupport.parkNanos(1_000_000);
            } else if (o.intervalMs > 0) {
                LockSupport.parkNanos(o.intervalMs * 1_000_000);
            }
        }
        long end = System.currentTimeMillis();
        long cpu = os.getProcessCpuTime() - cpu0;
        notices[0] += engine.tick().size();
        follower.close();
        long matched = engine.matchedLines().values().iterator().next();
        System.out.printf(
                "  ours: %,d lines, %,d bytes, %,d matched, %d rotations seen, %d cut, %d truncations, %,d polls (%,d idle), "
                        + "CPU %.3f s, %d notice(s)%n",
                follower.lines(),
                follower.bytes(),
                matched,
                follower.rotations(),
                follower.cutLines(),
                follower.truncations(),
                polls,
                idle,
                cpu / 1e9,
                notices[0]);
        Files.writeString(
                o.resultFile,
                "ours_end_ms=%d%nours_lines=%d%nours_bytes=%d%nours_count=%d%nours_cpu_s=%.3f%nours_rotations=%d%nours_notices=%d%n"
                        .formatted(
                                end,
                                follower.lines(),
                                follower.bytes(),
                                matched,
                                cpu / 1e9,
                                follower.rotations(),
                                notices[0]));
    }
}
