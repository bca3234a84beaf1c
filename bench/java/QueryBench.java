import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.breakoutbot.ops.lifecycle.GenerationSummary;
import io.breakoutbot.ops.lifecycle.Gzip;
import io.breakoutbot.ops.logs.JsonLineEncoder;
import io.breakoutbot.ops.logs.LogPage;
import io.breakoutbot.ops.logs.LogQuery;
import io.breakoutbot.ops.logs.LogSearch;
import io.breakoutbot.ops.logs.LogSegment;
import io.breakoutbot.ops.logs.LogSummaries;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * The Java half of {@code bench/query}; run with the JDK's single-file source launcher against the built classes
 * and {@code support/BenchArgs} (the shared argument walk, which the script compiles). Four modes:
 *
 * <ul>
 *   <li>{@code generate}: writes JSON lines with the real {@link JsonLineEncoder} into the four logs, rotating
 *       each at {@code --max-file-size} (errors.log, with 1% of the lines, at a sixteenth of it, so that it
 *       has generations too) under the names the rotation uses; the older half of each log's
 *       generations is gzipped with {@link Gzip#compress}, the newer half stays plain; every generation gets its
 *       summary first, as the rotation writes it. Deterministic (fixed seed).</li>
 *   <li>{@code scan}: counts the entries of one level and component by paging through {@link LogSearch} with
 *       limit 1000 until there is no next cursor; {@code --warmup} unmeasured runs (1), then {@code --runs} timed
 *       ones.</li>
 *   <li>{@code first-page}: times {@code search(levels=ERROR, limit=100)}, 10 unmeasured calls, then
 *       {@code --calls} timed ones.</li>
 *   <li>{@code no-match}: times a query for {@code --level} and {@code --component} that no generation holds:
 *       the summaries rule every generation out.</li>
 * </ul>
 * Results go to standard output and, as {@code key=value} lines, to {@code --result-file} for the script.
 * Exit codes: 0 done, 2 wrong arguments or an exception (targets are judged by the script).
 */
public class QueryBench {

    static final byte[] SECRET = "bench-query-cursor-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    static final GenerationSummary.Summarizer SUMMARIZER = new LogSummaries(ZoneOffset.UTC);
    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** Component, share in percent; api and metrics/monitoring get their own files, the rest general.log. */
    static final String[] COMPONENTS = {"api", "metrics", "monitoring", "risk", "orders", "audit", "general"};

    static final int[] SHARES = {30, 15, 5, 20, 15, 5, 10};
    static final String[] LOGGERS = {
        "io.breakoutbot.ops.api.RequestLog",
        "metrics",
        "io.breakoutbot.ops.monitoring.Sampler",
        "io.breakoutbot.bot.risk.RiskEngine",
        "io.breakoutbot.bot.orders.OrderRouter",
        "io.breakoutbot.ops.audit.Audit",
        "org.glassfish.grizzly.http.server.HttpHandler"
    };

    public static void main(String[] args) {
        int code;
        try {
            Options o = Options.parse(args);
            switch (o.mode) {
                case "generate" -> generate(o);
                case "scan" -> scan(o);
                case "first-page" -> firstPage(o);
                case "no-match" -> noMatch(o);
                default -> throw new IllegalArgumentException("mode must be generate, scan or first-page: " + o.mode);
            }
            code = 0;
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    // ------------------------------------------------------------------ generate

    static void generate(Options o) throws IOException {
        Files.createDirectories(o.dir);
        LoggerContext context = new LoggerContext();
        JsonLineEncoder encoder = new JsonLineEncoder();
        Random random = new Random(20261128);
        long target = o.megabytes * 1_000_000L;
        // About two days of logs, starting three days ago (lines average a little under 230 bytes, so
        // they end well before now: the active files are no newer than the clock).
        long lines = target / 230;
        long start = Instant.now().minusSeconds(3 * 86_400).toEpochMilli();
        long step = 2 * 86_400_000L / lines;
        long ts = start;

        Map<LogSegment, OutputStream> out = new EnumMap<>(LogSegment.class);
        Map<LogSegment, Long> size = new EnumMap<>(LogSegment.class);
        Map<LogSegment, List<Path>> generations = new EnumMap<>(LogSegment.class);
        Map<LogSegment, String> lastStamp = new EnumMap<>(LogSegment.class);
        for (LogSegment s : LogSegment.values()) {
            out.put(s, open(o.dir.resolve(s.fileName())));
            size.put(s, 0L);
            generations.put(s, new ArrayList<>());
        }
        long written = 0;
        long count = 0;
        long errorRisk = 0;
        long warnRisk = 0;
        while (written < target) {
            ts += random.nextInt((int) (2 * step) + 1);
            int c = pick(random);
            int roll = random.nextInt(1000);
            Level level = roll < 10 ? Level.ERROR : roll < 30 ? Level.WARN : roll < 80 ? Level.DEBUG : Level.INFO;
            LoggingEvent e = event(context, LOGGERS[c], COMPONENTS[c], level, ts, random);
            LogSegment segment = LogSegment.route(e);
            byte[] line = encoder.encode(e);
            out.get(segment).write(line);
            written += line.length;
            count++;
            if (COMPONENTS[c].equals("risk")) {
                errorRisk += level == Level.ERROR ? 1 : 0;
                warnRisk += level == Level.WARN ? 1 : 0;
            }
            long now = size.merge(segment, (long) line.length, Long::sum);
            // errors.log gets 1% of the lines: rotated at the same size it would never have a generation.
            if (now >= (segment == LogSegment.ERRORS ? o.maxFileSize / 16 : o.maxFileSize)) {
                // As RotationPolicy does: rename when the next event arrives, the stamp its time, seq per second.
                out.get(segment).close();
                String stamp = STAMP.format(Instant.ofEpochMilli(ts + 1));
                int seq = stamp.equals(lastStamp.get(segment))
                        ? generations.get(segment).size()
                        : 0;
                lastStamp.put(segment, stamp);
                Path generation = o.dir.resolve(segment.fileName() + "." + stamp + "." + String.format("%03d", seq));
                Files.move(o.dir.resolve(segment.fileName()), generation);
                generations.get(segment).add(generation);
                out.put(segment, open(o.dir.resolve(segment.fileName())));
                size.put(segment, 0L);
            }
        }
        for (OutputStream s : out.values()) {
            s.close();
        }
        int gz = 0;
        int plain = 0;
        for (Map.Entry<LogSegment, List<Path>> e : generations.entrySet()) {
            List<Path> g = e.getValue();
            int older = g.size() / 2;
            for (int i = 0; i < g.size(); i++) {
                // As the rotation's housekeeping does: the summary first, from the plain file, then gzip.
                GenerationSummary.ensure(g.get(i), e.getKey().fileName(), SUMMARIZER);
                if (i < older) {
                    Gzip.compress(g.get(i));
                    gz++;
                } else {
                    plain++;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "  generated %,d lines, %,d bytes (%.0f MB) of JSON lines, %s to %s%n",
                count,
                written,
                written / 1e6,
                Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(ts));
        System.out.printf(
                Locale.ROOT,
                "  4 active files, %d plain generations, %d gzipped generations (maxFileSize %,d bytes)%n",
                plain,
                gz,
                o.maxFileSize);
        System.out.printf(Locale.ROOT, "  written: %,d ERROR+risk, %,d WARN+risk%n", errorRisk, warnRisk);
        result(o, "lines=" + count, "bytes=" + written, "error_risk=" + errorRisk, "warn_risk=" + warnRisk);
    }

    static OutputStream open(Path file) throws IOException {
        return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    static int pick(Random random) {
        int r = random.nextInt(100);
        for (int i = 0; i < SHARES.length; i++) {
            r -= SHARES[i];
            if (r < 0) {
                return i;
            }
        }
        return SHARES.length - 1;
    }

    static LoggingEvent event(
            LoggerContext context, String logger, String component, Level level, long ts, Random random) {
        String message;
        List<KeyValuePair> pairs = new ArrayList<>();
        switch (component) {
            case "api" -> {
                int status = level == Level.ERROR ? 500 : random.nextInt(20) == 0 ? 404 : 200;
                int ms = random.nextInt(80);
                message = "GET /api/orders/" + random.nextInt(100_000) + " " + status + " " + ms + "ms";
                pairs.add(new KeyValuePair("method", "GET"));
                pairs.add(new KeyValuePair("status", status));
                pairs.add(new KeyValuePair("durationMs", ms));
            }
            case "risk" -> {
                message = level == Level.ERROR
                        ? "risk check failed for order " + random.nextInt(1_000_000) + ": exposure over limit"
                        : "exposure " + random.nextInt(100) + "% of limit on BTCUSDT";
                pairs.add(new KeyValuePair("symbol", "BTCUSDT"));
                pairs.add(new KeyValuePair("exposure", random.nextInt(10_000) / 100.0));
            }
            default ->
                message = "order " + random.nextInt(1_000_000) + " filled at " + (100 + random.nextInt(10_000) / 4.0)
                        + " on " + component;
        }
        LoggingEvent e =
                new LoggingEvent(QueryBench.class.getName(), context.getLogger(logger), level, message, null, null);
        e.setTimeStamp(ts);
        e.setThreadName("pool-1-thread-" + (1 + random.nextInt(8)));
        e.setMDCPropertyMap(
                component.equals("risk") || component.equals("orders") ? Map.of("component", component) : Map.of());
        pairs.forEach(e::addKeyValuePair);
        return e;
    }

    // ------------------------------------------------------------------ scan

    static void scan(Options o) throws IOException {
        LogSearch search = new LogSearch(o.dir, Clock.systemUTC(), SECRET);
        LogQuery first = new LogQuery(Set.of(o.level), Set.of(o.component), null, null, null, 1000, null);
        long[] warm = fullScan(search, first);
        for (int w = 1; w < o.warmup; w++) {
            fullScan(search, first);
        }
        double[] seconds = new double[o.runs];
        long count = -1;
        long files = 0;
        long pages = 0;
        for (int r = 0; r < o.runs; r++) {
            long t0 = System.nanoTime();
            long[] got = fullScan(search, first);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            if (count >= 0 && got[0] != count) {
                throw new IllegalStateException("runs disagree: " + count + " vs " + got[0]);
            }
            count = got[0];
            pages = got[1];
            files = got[2];
        }
        if (warm[0] != count) {
            throw new IllegalStateException("warm-up disagrees: " + warm[0] + " vs " + count);
        }
        double median = median(seconds);
        System.out.printf(
                Locale.ROOT,
                "  LogSearch %s+%s in %s: %,d entries, %d pages of <= 1000, %d file opens in all; runs %s s, median %.3f s%n",
                o.level,
                o.component,
                o.dir.getFileName(),
                count,
                pages,
                files,
                Arrays.toString(round(seconds)),
                median);
        result(
                o,
                "count=" + count,
                "median_s=" + String.format(Locale.ROOT, "%.4f", median),
                "pages=" + pages,
                "files=" + files);
    }

    /** @return entries, pages, files opened over all pages */
    static long[] fullScan(LogSearch search, LogQuery first) {
        long entries = 0;
        long pages = 0;
        long files = 0;
        LogQuery q = first;
        while (true) {
            LogPage page = search.search(q);
            entries += page.entries().size();
            pages++;
            files += page.filesRead();
            if (page.nextCursor() == null) {
                return new long[] {entries, pages, files};
            }
            q = q.withCursor(page.nextCursor());
        }
    }

    // ------------------------------------------------------------------ first page

    static void firstPage(Options o) throws IOException {
        LogSearch search = new LogSearch(o.dir, Clock.systemUTC(), SECRET);
        LogQuery q = new LogQuery(Set.of("ERROR"), Set.of(), null, null, null, 100, null);
        for (int i = 0; i < 10; i++) {
            search.search(q);
        }
        double[] ms = new double[o.calls];
        LogPage page = null;
        for (int i = 0; i < o.calls; i++) {
            long t0 = System.nanoTime();
            page = search.search(q);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = median(ms);
        double p90 = sorted[(int) Math.ceil(0.9 * sorted.length) - 1];
        System.out.printf(
                Locale.ROOT,
                "  first page in %s: %d entries, %d files opened, newest %s; median %.2f ms, p90 %.2f ms, max %.2f ms over %d calls%n",
                o.dir,
                page.entries().size(),
                page.filesRead(),
                page.entries().get(0).timestamp(),
                median,
                p90,
                sorted[sorted.length - 1],
                o.calls);
        result(
                o,
                "median_ms=" + String.format(Locale.ROOT, "%.3f", median),
                "p90_ms=" + String.format(Locale.ROOT, "%.3f", p90),
                "files=" + page.filesRead(),
                "entries=" + page.entries().size());
    }

    // ------------------------------------------------------------------ a query no generation can match

    /**
     * Times a query for {@code --level} and {@code --component} that no generation holds: its summaries rule
     * every generation out, and only the active files are read. The first call (summaries read from disk) is
     * reported apart, then 10 unmeasured calls and {@code --calls} timed ones.
     */
    static void noMatch(Options o) throws IOException {
        LogSearch search = new LogSearch(o.dir, Clock.systemUTC(), SECRET);
        LogQuery q = new LogQuery(Set.of(o.level), Set.of(o.component), null, null, null, 100, null);
        long t0 = System.nanoTime();
        LogPage page = search.search(q);
        double firstMs = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < 10; i++) {
            search.search(q);
        }
        double[] ms = new double[o.calls];
        for (int i = 0; i < o.calls; i++) {
            t0 = System.nanoTime();
            page = search.search(q);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = median(ms);
        double p90 = sorted[(int) Math.ceil(0.9 * sorted.length) - 1];
        long activeBytes = 0;
        for (LogSegment s : LogSegment.values()) {
            Path active = o.dir.resolve(s.fileName());
            activeBytes += Files.exists(active) ? Files.size(active) : 0;
        }
        System.out.printf(
                Locale.ROOT,
                "  no match, %s+%s in %s: %d entries, %d files opened (active files: %,d bytes); first call %.2f ms,"
                        + " then median %.2f ms, p90 %.2f ms over %d calls%n",
                o.level,
                o.component,
                o.dir,
                page.entries().size(),
                page.filesRead(),
                activeBytes,
                firstMs,
                median,
                p90,
                o.calls);
        result(
                o,
                "median_ms=" + String.format(Locale.ROOT, "%.3f", median),
                "first_ms=" + String.format(Locale.ROOT, "%.3f", firstMs),
                "files=" + page.filesRead(),
                "entries=" + page.entries().size());
    }

    // ------------------------------------------------------------------ helpers

    static void result(Options o, String... lines) throws IOException {
        if (o.resultFile != null) {
            Files.write(o.resultFile, List.of(lines));
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 1000) / 1000.0).toArray();
    }

    /** {@code <mode> --dir D [--megabytes M] [--max-file-size B] [--level L] [--component C] [--runs N] [--warmup N] [--calls N] [--result-file F]} */
    static final class Options {
        String mode;
        Path dir;
        long megabytes = 300;
        long maxFileSize = 10L << 20;
        String level = "ERROR";
        String component = "risk";
        int runs = 3;
        int warmup = 1;
        int calls = 50;
        Path resultFile;

        static Options parse(String[] args) {
            Options o = new Options();
            BenchArgs a = new BenchArgs(args, "usage: QueryBench generate|scan|first-page|no-match --dir D [options]");
            o.mode = a.mode();
            while (a.next()) {
                switch (a.name()) {
                    case "--dir" -> o.dir = a.path();
                    case "--megabytes" -> o.megabytes = a.positiveLong();
                    case "--max-file-size" -> o.maxFileSize = a.positiveLong();
                    case "--level" -> o.level = a.value();
                    case "--component" -> o.component = a.value();
                    case "--runs" -> o.runs = a.positiveInt();
                    case "--warmup" -> o.warmup = a.positiveInt();
                    case "--calls" -> o.calls = a.positiveInt();
                    case "--result-file" -> o.resultFile = a.path();
                    default -> throw a.unknown();
                }
            }
            BenchArgs.require("--dir", o.dir);
            return o;
        }
    }
}
