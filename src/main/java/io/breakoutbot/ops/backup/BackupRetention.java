package io.breakoutbot.ops.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which backups go; deciding only, so it is tested without files. The rules, together:
 * <ol>
 *   <li><b>keep rules</b> (like restic's {@code forget}): a backup is kept when keep-last, keep-daily or keep-weekly
 *       selects it; one none selects goes. With all three at 0 the keep rules are off and select everything.</li>
 *   <li><b>max age</b>: a backup older than {@code maxAgeDays} goes, even when a keep rule selected it.</li>
 *   <li><b>size cap</b>: while the rest takes more than {@code maxTotalBytes}, the oldest goes.</li>
 *   <li><b>never</b>: the newest backup and the newest verified backup, whatever the rules say.</li>
 * </ol>
 * Days and weeks are UTC (the names' time) and ISO weeks; "newest of a day" is by name time and sequence.
 */
public final class BackupRetention {

    /**
     * @param name  archive name
     * @param bytes archive and its checksum, bytes
     */
    public record Candidate(String name, long bytes) {}

    /**
     * @param removed in the order to delete, oldest first
     * @param kept    newest first
     */
    public record Plan(List<RetentionResult.Removal> removed, List<String> kept) {}

    private BackupRetention() {}

    /**
     * @param verified names whose copies are known good; the newest of them is never removed
     */
    public static Plan plan(List<Candidate> backups, RetentionRules rules, Instant now, Set<String> verified) {
        List<Candidate> newestFirst = new ArrayList<>(backups);
        newestFirst.sort(
                Comparator.comparing(Candidate::name, BackupNames.OLDEST_FIRST).reversed());
        Set<String> protectedNames = new HashSet<>();
        if (!newestFirst.isEmpty()) {
            protectedNames.add(newestFirst.get(0).name());
        }
        newestFirst.stream()
                .filter(c -> verified.contains(c.name()))
                .findFirst()
                .ifPresent(c -> protectedNames.add(c.name()));

        Set<String> selected = select(newestFirst, rules);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Candidate c : newestFirst) {
            if (!selected.contains(c.name()) && !protectedNames.contains(c.name())) {
                reasons.put(
                        c.name(),
                        "not selected by keep-last " + rules.keepLast() + ", keep-daily " + rules.keepDaily()
                                + ", keep-weekly " + rules.keepWeekly());
            }
        }
        if (rules.maxAgeDays() > 0) {
            Instant cutoff = now.minus(Duration.ofDays(rules.maxAgeDays()));
            for (Candidate c : newestFirst) {
                if (!reasons.containsKey(c.name())
                        && !protectedNames.contains(c.name())
                        && BackupNames.time(c.name()).isBefore(cutoff)) {
                    reasons.put(c.name(), "older than " + rules.maxAgeDays() + " days");
                }
            }
        }
        if (rules.maxTotalBytes() > 0) {
            long total = newestFirst.stream()
                    .filter(c -> !reasons.containsKey(c.name()))
                    .mapToLong(Candidate::bytes)
                    .sum();
            for (int i = newestFirst.size() - 1; i >= 0 && total > rules.maxTotalBytes(); i--) {
                Candidate c = newestFirst.get(i);
                if (!reasons.containsKey(c.name()) && !protectedNames.contains(c.name())) {
                    reasons.put(c.name(), "backups take " + total + " bytes, over the cap of " + rules.maxTotalBytes());
                    total -= c.bytes();
                }
            }
        }
        List<RetentionResult.Removal> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Candidate c : newestFirst) {
            String reason = reasons.get(c.name());
            if (reason == null) {
                kept.add(c.name());
            } else {
                removed.add(0, new RetentionResult.Removal(c.name(), c.bytes(), reason));
            }
        }
        return new Plan(removed, kept);
    }

    private static Set<String> select(List<Candidate> newestFirst, RetentionRules rules) {
        Set<String> selected = new HashSet<>();
        if (rules.keepRulesOff()) {
            newestFirst.forEach(c -> selected.add(c.name()));
            return selected;
        }
        Set<LocalDate> days = new HashSet<>();
        Set<String> weeks = new HashSet<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            String name = newestFirst.get(i).name();
            LocalDate day = LocalDate.ofInstant(BackupNames.time(name), ZoneOffset.UTC);
            String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            if (i < rules.keepLast()) {
                selected.add(name);
            }
            if (!days.contains(day) && days.size() < rules.keepDaily()) {
                days.add(day);
                selected.add(name);
            }
            if (!weeks.contains(week) && weeks.size() < rules.keepWeekly()) {
                weeks.add(week);
                selected.add(name);
            }
        }
        return selected;
    }
}
