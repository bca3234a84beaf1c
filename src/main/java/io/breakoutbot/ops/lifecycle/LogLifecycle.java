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
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(LogLifecycle.class);

    /**
     * Below this many usable bytes the disk is full for all practical purposes: a rotation, a gzip or a few
     * minutes of logging may no longer fit. Only then does an emergency sweep take the {@link KeepFloor}'s files.
     */
    public static final long DISK_FULL_BELOW_BYTES = 1 << 20;

    /** Bytes this process can still write on the disk that holds a directory. */
    @FunctionalInterface
    public interface FreeSpace {

        FreeSpace FILE_STORE = directory -> Files.getFileStore(directory).getUsableSpace();

        long usableBytes(Path directory) throws IOException;
    }

    private final Path directory;
    private final List<RotationRule> rules;
    private final Set<String> ownLogs;
    private final Function<Set<String>, List<String>> rollOwnLogs;
    private final boolean compress;
    private final boolean delayCompress;
    private final Clock clock;
    private final ThreadFactory threads;
    private final RotationFailures rotationFailures;
    private final KeepFloor floor;
    private final FreeSpace freeSpace;
    private final LogScanner scanner;
    private volatile long bytesFreedLastRun;
    private volatile GenerationSummary.Summarizer summarizer = GenerationSummary.Summarizer.NONE;
    /** Held while summaries are written. */
    private final Object summarizing = new Object();

    /**
     * @param directory     the log directory
     * @param rules         other processes' files: which, at what size, how
     * @param ownLogs       names logback writes and rotates itself; empty offline
     * @param rollOwnLogs   rotates the named ones of those now, for a scheduled or forced rotation, and answers
     *                      one sentence per file that could not be rotated
     * @param compress      whether rotated generations are gzipped
     * @param delayCompress whether the newest generation of each log stays plain until the next rotation
     * @param clock         what "now" is for names and ages
     * @param threads       where the threads of a large deletion come from (see {@link SafeDelete})
     */
    public LogLifecycle(
            Path directory,
            List<RotationRule> rules,
            Set<String> ownLogs,
            Function<Set<String>, List<String>> rollOwnLogs,
            boolean compress,
            boolean delayCompress,
            Clock clock,
            ThreadFactory threads) {
        this(
                directory,
                rules,
                ownLogs,
                rollOwnLogs,
                compress,
                delayCompress,
                KeepFloor.NONE,
                FreeSpace.FILE_STORE,
                clock,
                threads,
                new RotationFailures());
    }

    /**
     * @param floor     a log (the audit trail) whose young rotated files no rule deletes, short of a full disk
     * @param freeSpace tells whether the disk is full, for {@link #emergencySweep}
     * @param rotationFailures where logs that cannot be rotated are kept: ours, reported by logback's
     *                 rotation, are read from it into every result; other processes' are written to it here
     */
    public LogLifecycle(
            Path directory,
            List<RotationRule> rules,
            Set<String> ownLogs,
            Function<Set<String>, List<String>> rollOwnLogs,
            boolean compress,
            boolean delayCompress,
            KeepFloor floor,
            FreeSpace freeSpace,
            Clock clock,
            ThreadFactory threads,
            RotationFailures rotationFailures) {
        this.rotationFailures = rotationFailures;
        this.floor = floor;
        this.freeSpace = freeSpace;
        this.directory = directory.toAbsolutePath().normalize();
        this.rules = List.copyOf(rules);
        this.ownLogs = Set.copyOf(ownLogs);
        this.rollOwnLogs = rollOwnLogs;
        this.compress = compress;
        this.delayCompress = delayCompress;
        this.clock = clock;
        this.threads = threads;
        List<String> globs = new ArrayList<>(ownLogs);
        rules.forEach(r -> globs.add(r.glob()));
        this.scanner = new LogScanner(globs);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Has other processes' generations named by rotation ({@code bot.log.<yyyyMMdd-HHmmss>.<nnn>}) summarised
     * by {@code summarizer} (see {@link GenerationSummary}); our own files' are summarised by their
     * {@link RotationPolicy}. Without this, none are.
     *
     * @return this
     */
    public LogLifecycle summarizing(GenerationSummary.Summarizer summarizer) {
        this.summarizer = summarizer;
        return this;
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
            RotationRule rule = rules.stream()
                    .filter(r -> r.matches(file.name()))
                    .findFirst()
                    .orElse(null);
            if (rule == null || (!all && file.bytes() < rule.maxBytes())) {
                continue;
            }
            rotateOther(file.name(), rule.method(), now, rotated, failures);
        }
        // A log deleted since it failed to rotate no longer grows.
        rotationFailures.retain(logs::contains);
        if (all && !ownLogs.isEmpty()) {
            rotated.addAll(rollOwn(ownLogs, failures));
        }
        List<String> stillOpen = new ArrayList<>();
        summarizeDue();
        List<String> compressed = compressDue(failures, stillOpen);
        return new RotationResult(now.toString(), rotated, compressed, failures, stillOpen);
    }

    /** @throws IllegalArgumentException when {@code log} is not the plain name of a log in the directory */
    public void requireLog(String log) throws IOException {
        if (log == null
                || log.isBlank()
                || log.contains("/")
                || log.contains("\\")
                || log.equals("..")
                || log.equals(".")) {
            throw new IllegalArgumentException("'" + log + "' is not a log file name: give the name of a log in "
                    + directory + ", without a directory.");
        }
        List<String> logs = scanner.scan(directory).stream()
                .filter(LogFile::active)
                .map(LogFile::name)
                .sorted()
                .toList();
        if (!logs.contains(log)) {
            throw new IllegalArgumentException("There is no log named '" + log + "' in " + directory
                    + "; the logs are: " + String.join(", ", logs) + ".");
        }
    }

    /**
     * Rotates one log by its file name, and only that one: one of our own files through logback, like the
     * others by their rule's method.
     *
     * @throws IllegalArgumentException when {@code log} is not the plain name of a log in the directory
     * @throws IOException              when {@code log} could not be rotated, with the reason
     */
    public RotationResult rotate(String log) throws IOException {
        requireLog(log);
        Instant now = clock.instant();
        List<String> rotated = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (ownLogs.contains(log)) {
            List<String> notRotated = new ArrayList<>();
            rotated.addAll(rollOwn(Set.of(log), notRotated));
            if (!notRotated.isEmpty()) {
                // What was asked failed, as when another process's log cannot be renamed below.
                throw new IOException(String.join("; ", notRotated));
            }
        } else {
            RotationMethod method = rules.stream()
                    .filter(r -> r.matches(log))
                    .findFirst()
                    .map(RotationRule::method)
                    .orElse(RotationMethod.RENAME);
            try {
                FileRotation.rotate(directory.resolve(log), method, now)
                        .ifPresent(g -> rotated.add(log + " -> " + g.getFileName()));
                rotationFailures.rotated(log);
            } catch (IOException e) {
                rotationFailures.failed(log, now, e.getMessage());
                throw e;
            }
        }
        List<String> stillOpen = new ArrayList<>();
        summarizeDue();
        return new RotationResult(now.toString(), rotated, compressDue(failures, stillOpen), failures, stillOpen);
    }

    private void rotateOther(
            String log, RotationMethod method, Instant now, List<String> rotated, List<String> failed) {
        try {
            FileRotation.rotate(directory.resolve(log), method, now)
                    .ifPresent(g -> rotated.add(log + " -> " + g.getFileName()));
            rotationFailures.rotated(log);
        } catch (IOException e) {
            rotationFailures.failed(log, now, e.getMessage());
            failed.add("Cannot rotate " + log + ": " + e.getMessage());
        }
    }

    /**
     * Has logback rotate the named ones of our files, and says which generations that made (an empty file is
     * left alone); a file that could not be rotated, now or by logback's size trigger before, is added to
     * {@code failures}.
     */
    private List<String> rollOwn(Set<String> names, List<String> failures) throws IOException {
        Set<String> before = ownGenerations();
        List<String> now = rollOwnLogs.apply(names);
        failures.addAll(now);
        rotationFailures.current().stream()
                .filter(f -> names.contains(f.log()) && now.stream().noneMatch(n -> n.contains(f.log())))
                .map(RotationFailures.Failure::sentence)
                .forEach(failures::add);
        return ownGenerations().stream()
                .filter(g -> !before.contains(g))
                .sorted()
                .map(g -> g.replace(" ", " (by logback) -> "))
                .toList();
    }

    /** {@code <log> <order>} of each of our rotated generations: compression may rename it meanwhile. */
    private Set<String> ownGenerations() throws IOException {
        return scanner.scan(directory).stream()
                .filter(f -> f.rotated() && ownLogs.contains(f.log()))
                .map(f -> f.log() + " " + f.log() + "." + f.order())
                .collect(Collectors.toSet());
    }

    /**
     * Writes the missing or stale summaries of other processes' generations named by rotation, and deletes
     * those whose generation is gone. Before compression, which reads the plain file anyway: a summary costs a
     * read of each generation once. A generation that cannot be summarised is logged and stays unsummarised:
     * searches then read it, as they would without summaries.
     */
    void summarizeDue() throws IOException {
        if (summarizer == GenerationSummary.Summarizer.NONE) {
            return;
        }
        // One at a time: the start-up's run on its own thread and a rotation's would write the same temp files.
        synchronized (summarizing) {
            summarizeDueNow();
        }
    }

    private void summarizeDueNow() throws IOException {
        for (LogFile f : scanner.scan(directory)) {
            if (!f.rotated()
                    || ownLogs.contains(f.log())
                    || RotatedFiles.Name.parse(f.name()).isEmpty()
                    || (f.compressed() && Files.exists(directory.resolve(GenerationSummary.baseName(f.name()))))) {
                continue;
            }
            try {
                GenerationSummary.ensure(directory.resolve(f.name()), f.log(), summarizer);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot summarise {}; searches read it whole until it is: {}", f.name(), e.toString());
            }
        }
        pruneSummaries(log -> !ownLogs.contains(log));
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
                if (g.compressed()
                        || !g.modified().isBefore(quietSince)
                        || RotatedFiles.Name.parse(g.name()).isEmpty()
                        || Files.exists(directory.resolve(g.name() + Gzip.SUFFIX))) {
                    continue;
                }
                writers = writers != null ? writers : OpenWriters.scan(directory);
                Optional<OpenWriters.Writer> writer = writers.writing(g.fileKey());
                if (writer.isPresent()) {
                    stillOpen.add(
                            g.name() + " is still open for writing by " + writer.get() + ": left uncompressed, "
                                    + "as its writer did not reopen the log after the rename (rule copytruncate suits such a writer)");
                    continue;
                }
                try {
                    compressed.add(Gzip.compress(directory.resolve(g.name()))
                            .getFileName()
                            .toString());
                } catch (IOException e) {
                    failures.add("Cannot gzip " + g.name() + ", kept uncompressed: " + e.getMessage());
                }
            }
        }
        return compressed;
    }

    /**
     * Applies the three rules of {@code policy}: deletes what they select or, as a preview, only lists it.
     * The floor's young files stay, whatever the rules say.
     */
    public SweepResult sweep(RetentionPolicy policy, boolean preview) throws IOException {
        Instant now = clock.instant();
        List<LogFile> files = scanner.scan(directory);
        List<String> stillOpen = new ArrayList<>();
        List<Deletion> plan = notBeingWritten(SweepPlan.plan(files, policy, floor, false, now), stillOpen);
        long total = files.stream().mapToLong(LogFile::bytes).sum();
        if (preview) {
            long freed = plan.stream().mapToLong(d -> d.file().bytes()).sum();
            return new SweepResult(
                    directory.toString(),
                    now.toString(),
                    true,
                    plan.stream().map(RemovedFile::of).toList(),
                    stillOpen,
                    freed,
                    total - freed);
        }
        SafeDelete.Outcome outcome = SafeDelete.delete(directory, plan, threads);
        pruneSummaries();
        bytesFreedLastRun = outcome.bytesFreed();
        List<String> skipped = new ArrayList<>(stillOpen);
        skipped.addAll(outcome.skipped());
        return new SweepResult(
                directory.toString(),
                now.toString(),
                false,
                outcome.deleted().stream().map(RemovedFile::of).toList(),
                skipped,
                outcome.bytesFreed(),
                total - outcome.bytesFreed());
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
                stillOpen.add(d.file().name() + ": still open for writing by " + writer.get() + ", not deleted ("
                        + d.reason() + ")");
            } else {
                kept.add(d);
            }
        }
        return kept;
    }

    /**
     * The answer to a critical disk: {@link #sweep} with {@code policy}, the floor kept. Only when the
     * directory is still over the cap and the disk still has less than {@link #DISK_FULL_BELOW_BYTES} usable
     * does the floor give way: its files go too, oldest first, and the result's warning says how much of it.
     */
    public SweepResult emergencySweep(RetentionPolicy policy) throws IOException {
        SweepResult kept = sweep(policy, false);
        if (floor.days() == 0 || kept.bytesRemaining() <= policy.maxTotalBytes()) {
            return kept;
        }
        long usable = freeSpace.usableBytes(directory);
        if (usable >= DISK_FULL_BELOW_BYTES) {
            return kept;
        }
        Instant now = clock.instant();
        List<LogFile> files = scanner.scan(directory);
        SafeDelete.Outcome outcome = SafeDelete.delete(
                directory,
                notBeingWritten(SweepPlan.plan(files, policy, floor, true, now), new ArrayList<>()),
                threads);
        pruneSummaries();
        List<Deletion> floorFiles = outcome.deleted().stream()
                .filter(d -> d.file() instanceof LogFile f && floor.holds(f, now))
                .toList();
        String warning = floorFiles.isEmpty()
                ? ""
                : "The disk holding " + directory + " was full (" + usable
                        + " bytes usable) after every other rotated log was deleted, so " + floorFiles.size()
                        + (floorFiles.size() == 1 ? " rotated file" : " rotated files") + " of " + floor.log()
                        + " younger than the " + floor.days() + " days it is kept for "
                        + (floorFiles.size() == 1 ? "was" : "were") + " deleted too ("
                        + floorFiles.stream().mapToLong(d -> d.file().bytes()).sum() + " bytes), oldest first: "
                        + floorFiles.stream().map(d -> d.file().name()).collect(Collectors.joining(", ")) + ".";
        List<RemovedFile> removed = new ArrayList<>(kept.removed());
        outcome.deleted().stream().map(RemovedFile::of).forEach(removed::add);
        List<String> skipped = new ArrayList<>(kept.skipped());
        skipped.addAll(outcome.skipped());
        bytesFreedLastRun = kept.bytesFreed() + outcome.bytesFreed();
        return new SweepResult(
                directory.toString(),
                kept.ranAt(),
                false,
                removed,
                skipped,
                bytesFreedLastRun,
                kept.bytesRemaining() - outcome.bytesFreed(),
                warning);
    }

    /** A generation deleted takes its summary along; a summary that cannot be deleted only costs disk. */
    private List<String> pruneSummaries() {
        return pruneSummaries(log -> true);
    }

    /** @return the summaries deleted; none when {@code .summaries} cannot be read (logged) */
    private List<String> pruneSummaries(Predicate<String> logs) {
        try {
            return GenerationSummary.prune(directory, logs, clock.instant());
        } catch (IOException e) {
            LOG.warn("Cannot delete the summaries of deleted generations in {}: {}", directory, e.toString());
            return List.of();
        }
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
                .map(e -> new LogUsage(e.getKey(), e.getValue()[0], (int) e.getValue()[1], e.getValue()[2]))
                .toList();
        LogFile oldest =
                files.stream().min(Comparator.comparing(LogFile::modified)).orElse(null);
        LogFile newest =
                files.stream().max(Comparator.comparing(LogFile::modified)).orElse(null);
        return new LogStats(
                directory.toString(),
                files.stream().mapToLong(LogFile::bytes).sum(),
                files.size(),
                logs,
                unmanaged,
                oldest == null ? "" : oldest.name(),
                oldest == null ? "" : oldest.modified().toString(),
                newest == null ? "" : newest.name(),
                newest == null ? "" : newest.modified().toString(),
                bytesFreedLastRun);
    }

    /**
     * Deletes what a crash left behind: temp files of interrupted compressions and copies, and plain
     * generations whose {@code .gz} was completed (it is only renamed into place once synced) but whose
     * deletion was not. Quick: reads no file. Returns the names deleted. Summaries are {@link #refreshSummaries}'.
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

    /**
     * Deletes the summaries whose generation is gone and old temp summaries, then writes the summaries that a
     * crash, or a version without them, left missing or stale (see {@link #summarizing}). Reads each such
     * generation whole: at start it runs on a thread of its own, never on the thread that deploys.
     *
     * @return the names of the summaries deleted
     */
    public List<String> refreshSummaries() throws IOException {
        List<String> pruned = pruneSummaries();
        summarizeDue();
        return pruned;
    }
}
