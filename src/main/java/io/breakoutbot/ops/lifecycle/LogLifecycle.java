package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.Deletion;
import io.breakoutbot.ops.files.SafeDelete;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Rotation, compression, retention and statistics for every log in one directory: our own four files
 * and other processes' files. Plain Java, so the server's timers and MXBean and the offline client run
 * the same code.
 *
 * <p>While the server runs, our own files are rotated and compressed by logback (see
 * {@code io.breakoutbot.ops.lifecycle.RotationPolicy}); here they only take part in retention. Offline, with no
 * writer, they are rotated like any other file.
 */
public final class LogLifecycle {

    private final Path directory;
    private final List<RotationRule> rules;
    private final Set<String> ownLogs;
    private final Runnable rollOwnLogs;
    private final boolean compress;
    private final boolean delayCompress;
    private final Clock clock;
    private final LogScanner scanner;
    private final RotationFailures failures;
    private volatile long bytesFreedLastRun;

    /**
     * @param directory     the log directory
     * @param rules         other processes' files: which, at what size, how
     * @param ownLogs       names logback writes and rotates itself; empty offline
     * @param rollOwnLogs   rotates those now, for a scheduled or forced rotation
     * @param compress      whether rotated generations are gzipped
     * @param delayCompress whether the newest generation of each log stays plain until the next rotation
     * @param clock         what "now" is for names and ages
     */
    public LogLifecycle(Path directory, List<RotationRule> rules, Set<String> ownLogs, Runnable rollOwnLogs,
                        boolean compress, boolean delayCompress, Clock clock) {
        this(directory, rules, ownLogs, rollOwnLogs, compress, delayCompress, clock, new RotationFailures());
    }

    /**
     * @param failures where logs that cannot be rotated are kept: ours, reported by logback's rotation,
     *                 are read from it into every result; other processes' are written to it here
     */
    public LogLifecycle(Path directory, List<RotationRule> rules, Set<String> ownLogs, Runnable rollOwnLogs,
                        boolean compress, boolean delayCompress, Clock clock, RotationFailures failures) {
        this.directory = directory.toAbsolutePath().normalize();
        this.rules = List.copyOf(rules);
        this.ownLogs = Set.copyOf(ownLogs);
        this.rollOwnLogs = rollOwnLogs;
        this.compress = compress;
        this.delayCompress = delayCompress;
        this.clock = clock;
        this.failures = failures;
        List<String> globs = new ArrayList<>(ownLogs);
        rules.forEach(r -> globs.add(r.glob()));
        this.scanner = new LogScanner(globs);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Rotates other processes' files that reached their rule's size, or every non-empty log when
     * {@code all} (the daily schedule, {@code rotateNow}), then compresses what is due.
     */
    public RotationResult rotate(boolean all) throws IOException {
        Instant now = clock.instant();
        List<String> rotated = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Set<String> logs = new HashSet<>(ownLogs);
        for (LogFile file : scanner.scan(directory)) {
            if (!file.active() || ownLogs.contains(file.name())) {
                continue;
            }
            logs.add(file.name());
            RotationRule rule = rules.stream().filter(r -> r.matches(file.name())).findFirst().orElse(null);
            if (rule == null || (!all && file.bytes() < rule.maxBytes())) {
                continue;
            }
            rotateOther(file.name(), rule.method(), now, rotated, failures);
        }
        // A log deleted since it failed to rotate no longer grows.
        this.failures.retain(logs::contains);
        if (all && !ownLogs.isEmpty()) {
            rotated.addAll(rollOwn(failures));
        }
        List<String> stillOpen = new ArrayList<>();
        List<String> compressed = compressDue(failures, stillOpen);
        return new RotationResult(now.toString(), rotated, compressed, failures, stillOpen);
    }

    /** @throws IllegalArgumentException when {@code log} is not the plain name of a log in the directory */
    public void requireLog(String log) throws IOException {
        if (log == null || log.isBlank() || log.contains("/") || log.contains("\\") || log.equals("..") || log.equals(".")) {
            throw new IllegalArgumentException("'" + log + "' is not a log file name: give the name of a log in "
                    + directory + ", without a directory.");
        }
        List<String> logs = scanner.scan(directory).stream().filter(LogFile::active).map(LogFile::name).sorted().toList();
        if (!logs.contains(log)) {
            throw new IllegalArgumentException("There is no log named '" + log + "' in " + directory
                    + "; the logs are: " + String.join(", ", logs) + ".");
        }
    }

    /**
     * Rotates one log by its file name. Our own four files rotate together, through logback.
     *
     * @throws IllegalArgumentException when {@code log} is not the plain name of a log in the directory
     */
    public RotationResult rotate(String log) throws IOException {
        requireLog(log);
        Instant now = clock.instant();
        List<String> rotated = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (ownLogs.contains(log)) {
            rotated.addAll(rollOwn(failures));
        } else {
            RotationMethod method = rules.stream().filter(r -> r.matches(log)).findFirst()
                    .map(RotationRule::method).orElse(RotationMethod.RENAME);
            rotateOther(log, method, now, rotated, failures);
        }
        List<String> stillOpen = new ArrayList<>();
        return new RotationResult(now.toString(), rotated, compressDue(failures, stillOpen), failures, stillOpen);
    }

    private void rotateOther(String log, RotationMethod method, Instant now, List<String> rotated, List<String> failed) {
        try {
            FileRotation.rotate(directory.resolve(log), method, now)
                    .ifPresent(g -> rotated.add(log + " -> " + g.getFileName()));
            failures.rotated(log);
        } catch (IOException e) {
            failures.failed(log, now, e.getMessage());
            failed.add("Cannot rotate " + log + ": " + e.getMessage());
        }
    }

    /**
     * Has logback rotate our files, and says which generations that made (an empty file is left alone);
     * adds to {@code failed} each of our files that logback could not rotate, now or before.
     */
    private List<String> rollOwn(List<String> failed) throws IOException {
        Set<String> before = ownGenerations();
        rollOwnLogs.run();
        failures.current().stream().filter(f -> ownLogs.contains(f.log())).map(RotationFailures.Failure::sentence)
                .forEach(failed::add);
        return ownGenerations().stream().filter(g -> !before.contains(g)).sorted()
                .map(g -> g.replace(" ", " (by logback) -> ")).toList();
    }

    /** {@code <log> <order>} of each of our rotated generations: compression may rename it meanwhile. */
    private Set<String> ownGenerations() throws IOException {
        return scanner.scan(directory).stream().filter(f -> f.rotated() && ownLogs.contains(f.log()))
                .map(f -> f.log() + " " + f.log() + "." + f.order()).collect(Collectors.toSet());
    }

    /**
     * Gzips rotated generations of other processes' files once nobody can still be writing them: quiet
     * for {@link SweepPlan#QUIET}, with {@code delayCompress} not the newest of their log, and held open for
     * writing by no process (see {@link OpenWriters}); those are named in {@code stillOpen}.
     */
    List<String> compressDue(List<String> failures, List<String> stillOpen) throws IOException {
        if (!compress) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant quietSince = now.minus(SweepPlan.QUIET);
        Map<String, List<LogFile>> byLog = scanner.scan(directory).stream()
                .filter(f -> f.rotated() && !ownLogs.contains(f.log()))
                .collect(Collectors.groupingBy(LogFile::log));
        List<String> compressed = new ArrayList<>();
        OpenWriters writers = null;
        for (List<LogFile> generations : byLog.values()) {
            generations.sort(Comparator.comparing(LogFile::order, RotatedFiles.ageOrder(now)));
            int last = generations.size() - (delayCompress ? 1 : 0);
            for (LogFile g : generations.subList(0, Math.max(0, last))) {
                // Numbered generations (bot.log.1) belong to the writer's own rotation, which renames only
                // plain names: compressing them would leave bot.log.1 and bot.log.1.gz side by side.
                if (g.compressed() || !g.modified().isBefore(quietSince)
                        || RotatedFiles.Name.parse(g.name()).isEmpty()
                        || Files.exists(directory.resolve(g.name() + Gzip.SUFFIX))) {
                    continue;
                }
                writers = writers != null ? writers : OpenWriters.scan(directory);
                Optional<OpenWriters.Writer> writer = writers.writing(g.fileKey());
                if (writer.isPresent()) {
                    stillOpen.add(g.name() + " is still open for writing by " + writer.get() + ": left uncompressed, "
                            + "as its writer did not reopen the log after the rename (rule copytruncate suits such a writer)");
                    continue;
                }
                try {
                    compressed.add(Gzip.compress(directory.resolve(g.name())).getFileName().toString());
                } catch (IOException e) {
                    failures.add("Cannot gzip " + g.name() + ", kept uncompressed: " + e.getMessage());
                }
            }
        }
        return compressed;
    }

    /**
     * Applies the three rules of {@code policy}: deletes what they select or, as a preview, only lists it.
     */
    public SweepResult sweep(RetentionPolicy policy, boolean preview) throws IOException {
        Instant now = clock.instant();
        List<LogFile> files = scanner.scan(directory);
        List<String> stillOpen = new ArrayList<>();
        List<Deletion> plan = notBeingWritten(SweepPlan.plan(files, policy, now), stillOpen);
        long total = files.stream().mapToLong(LogFile::bytes).sum();
        if (preview) {
            long freed = plan.stream().mapToLong(d -> d.file().bytes()).sum();
            return new SweepResult(directory.toString(), now.toString(), true,
                    plan.stream().map(RemovedFile::of).toList(), stillOpen, freed, total - freed);
        }
        SafeDelete.Outcome outcome = SafeDelete.delete(directory, plan);
        bytesFreedLastRun = outcome.bytesFreed();
        List<String> skipped = new ArrayList<>(stillOpen);
        skipped.addAll(outcome.skipped());
        return new SweepResult(directory.toString(), now.toString(), false,
                outcome.deleted().stream().map(RemovedFile::of).toList(), skipped,
                outcome.bytesFreed(), total - outcome.bytesFreed());
    }

    /**
     * Leaves out of {@code plan} the files a process still writes to (deleting one would lose what it writes
     * next, and free no space while it is open), naming them in {@code stillOpen}.
     */
    private List<Deletion> notBeingWritten(List<Deletion> plan, List<String> stillOpen) throws IOException {
        if (plan.isEmpty()) {
            return plan;
        }
        OpenWriters writers = OpenWriters.scan(directory);
        List<Deletion> kept = new ArrayList<>();
        for (Deletion d : plan) {
            Optional<OpenWriters.Writer> writer = writers.writing(d.file().fileKey());
            if (writer.isPresent()) {
                stillOpen.add(d.file().name() + ": still open for writing by " + writer.get()
                        + ", not deleted (" + d.reason() + ")");
            } else {
                kept.add(d);
            }
        }
        return kept;
    }

    public LogStats stats() throws IOException {
        List<LogFile> files = scanner.scan(directory);
        Map<String, long[]> usage = new TreeMap<>();
        long unmanaged = 0;
        for (LogFile f : files) {
            if (!f.managed()) {
                unmanaged += f.bytes();
                continue;
            }
            long[] u = usage.computeIfAbsent(f.log(), k -> new long[3]);
            if (f.active()) {
                u[0] += f.bytes();
            } else {
                u[1]++;
                u[2] += f.bytes();
            }
        }
        List<LogUsage> logs = usage.entrySet().stream()
                .map(e -> new LogUsage(e.getKey(), e.getValue()[0], (int) e.getValue()[1], e.getValue()[2])).toList();
        LogFile oldest = files.stream().min(Comparator.comparing(LogFile::modified)).orElse(null);
        LogFile newest = files.stream().max(Comparator.comparing(LogFile::modified)).orElse(null);
        return new LogStats(directory.toString(), files.stream().mapToLong(LogFile::bytes).sum(), files.size(), logs,
                unmanaged, oldest == null ? "" : oldest.name(), oldest == null ? "" : oldest.modified().toString(),
                newest == null ? "" : newest.name(), newest == null ? "" : newest.modified().toString(),
                bytesFreedLastRun);
    }

    /**
     * Deletes what a crash left behind: temp files of interrupted compressions and copies, and plain
     * generations whose {@code .gz} was completed (it is only renamed into place once synced) but whose
     * deletion was not. Returns their names.
     */
    public List<String> sweepLeftovers() throws IOException {
        Set<String> logs;
        try (Stream<LogFile> files = scanner.scan(directory).stream()) {
            logs = files.filter(LogFile::managed).map(LogFile::log).collect(Collectors.toSet());
        }
        List<String> swept = new ArrayList<>();
        for (String log : logs) {
            RotatedFiles rotated = new RotatedFiles(directory.resolve(log));
            List<Path> redundant = new ArrayList<>(rotated.leftovers());
            rotated.oldestFirst(clock.instant()).stream()
                    .filter(g -> g.plain() != null && g.compressed() != null)
                    .forEach(g -> redundant.add(g.plain()));
            for (Path file : redundant) {
                if (Files.deleteIfExists(file)) {
                    swept.add(file.getFileName().toString());
                }
            }
        }
        return swept;
    }
}
