package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.Deletion;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decides what a sweep deletes, without touching the disk: the three rules of a {@link RetentionPolicy}
 * applied to one scan. Only rotated files are ever candidates, never an active log or an unmanaged file.
 *
 * <p>A rotated file of the {@link KeepFloor} (the audit trail) younger than its days is left alone by
 * every rule, unless the disk is full.
 *
 * <p>A rotated file modified in the last {@link #QUIET} is left alone by every rule: a process that has
 * not yet reopened its log after a rename may still be writing to it. The same check protects against a
 * clock that jumped back, which makes every file look recently modified rather than old.
 */
public final class SweepPlan {

    public static final Duration QUIET = Duration.ofSeconds(60);

    private SweepPlan() {}

    public static List<Deletion> plan(List<LogFile> files, RetentionPolicy policy, Instant now) {
        return plan(files, policy, KeepFloor.NONE, false, now);
    }

    /**
     * @param floor    a log whose young rotated files no rule deletes
     * @param diskFull whether the disk is full: then the size cap may take the floor's files too, the very
     *                 last, oldest first, once every other rotated file is gone
     */
    public static List<Deletion> plan(
            List<LogFile> files, RetentionPolicy policy, KeepFloor floor, boolean diskFull, Instant now) {
        Map<String, Deletion> doomed = new LinkedHashMap<>();
        Instant quietSince = now.minus(QUIET);
        List<LogFile> rotated = files.stream()
                .filter(LogFile::rotated)
                .filter(f -> f.modified().isBefore(quietSince))
                .toList();
        List<LogFile> candidates =
                rotated.stream().filter(f -> !floor.holds(f, now)).toList();

        // The floor's young files count towards the newest kept, even though no rule deletes them.
        Map<String, List<LogFile>> byLog = rotated.stream().collect(Collectors.groupingBy(LogFile::log));
        byLog.forEach((log, generations) -> generations.stream()
                .sorted(Comparator.comparing(LogFile::order, RotatedFiles.ageOrder(now))
                        .reversed())
                .skip(policy.backups())
                .filter(f -> !floor.holds(f, now))
                .forEach(f -> doomed.putIfAbsent(
                        f.name(),
                        new Deletion(f, "beyond the " + policy.backups() + " newest rotated files of " + log))));

        Instant ageLimit = now.minus(Duration.ofDays(policy.maxAgeDays()));
        candidates.stream()
                .filter(f -> f.modified().isBefore(ageLimit))
                .forEach(f -> doomed.putIfAbsent(
                        f.name(),
                        new Deletion(
                                f,
                                "last modified " + f.modified() + ", more than " + days(policy.maxAgeDays())
                                        + " ago")));

        long total = files.stream().mapToLong(LogFile::bytes).sum()
                - doomed.values().stream().mapToLong(d -> d.file().bytes()).sum();
        if (total > policy.maxTotalBytes()) {
            List<LogFile> bySacrifice = new ArrayList<>(candidates);
            bySacrifice.removeIf(f -> doomed.containsKey(f.name()));
            bySacrifice.sort(Comparator.comparingInt((LogFile f) -> rank(f.log(), policy.deleteFirst()))
                    .thenComparing(LogFile::order, RotatedFiles.ageOrder(now)));
            if (diskFull) {
                rotated.stream()
                        .filter(f -> floor.holds(f, now))
                        .sorted(Comparator.comparing(LogFile::order, RotatedFiles.ageOrder(now)))
                        .forEach(bySacrifice::add);
            }
            for (LogFile f : bySacrifice) {
                if (total <= policy.maxTotalBytes()) {
                    break;
                }
                String over = "directory holds " + total + " bytes, over the cap of " + policy.maxTotalBytes();
                doomed.put(
                        f.name(),
                        new Deletion(
                                f,
                                floor.holds(f, now)
                                        ? "the disk is full and every other "
                                                + "rotated file is gone: " + over + "; younger than the "
                                                + days(floor.days()) + " "
                                                + floor.log() + " is kept for"
                                        : over));
                total -= f.bytes();
            }
        }
        return List.copyOf(doomed.values());
    }

    private static String days(int days) {
        return days == 1 ? "1 day" : days + " days";
    }

    /**
     * Position in the deletion order: a named log where it is named, any other where {@code *} stands;
     * without a {@code *}, logs not named go first, before every named one.
     */
    static int rank(String log, List<String> deleteFirst) {
        Path name = Path.of(log);
        int wildcard = -1;
        for (int i = 0; i < deleteFirst.size(); i++) {
            String entry = deleteFirst.get(i).trim();
            if (entry.equals("*")) {
                wildcard = i;
            } else if (FileSystems.getDefault().getPathMatcher("glob:" + entry).matches(name)) {
                return i;
            }
        }
        return wildcard;
    }

    /**
     * For a directory of plain files (reports, backtest results): every file is a candidate, beyond the
     * {@code keep} newest or older than {@code maxAgeDays}; files in their quiet period stay.
     */
    public static List<Deletion> planDirectory(List<LogFile> files, DirectoryPolicy policy, Instant now) {
        Map<String, Deletion> doomed = new LinkedHashMap<>();
        Instant quietSince = now.minus(QUIET);
        List<LogFile> quiet =
                files.stream().filter(f -> f.modified().isBefore(quietSince)).toList();
        quiet.stream()
                .sorted(Comparator.comparing(LogFile::modified).reversed())
                .skip(policy.keep())
                .forEach(f ->
                        doomed.putIfAbsent(f.name(), new Deletion(f, "beyond the " + policy.keep() + " newest files")));
        Instant ageLimit = now.minus(Duration.ofDays(policy.maxAgeDays()));
        quiet.stream()
                .filter(f -> f.modified().isBefore(ageLimit))
                .forEach(f -> doomed.putIfAbsent(
                        f.name(),
                        new Deletion(
                                f,
                                "last modified " + f.modified() + ", more than " + days(policy.maxAgeDays())
                                        + " ago")));
        return List.copyOf(doomed.values());
    }
}
