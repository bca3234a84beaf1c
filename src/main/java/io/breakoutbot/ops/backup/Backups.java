package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.files.Deletion;
import io.breakoutbot.ops.files.DurableFiles;
import io.breakoutbot.ops.files.SafeDelete;
import io.breakoutbot.ops.files.ScannedFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup component's operations. {@link BackupJobs} runs them one at a time for the timer bean, the MXBean
 * and opsctl; {@link #list()} and the last results are always available.
 *
 * <p>Names are file names matched against {@code bot_backup_yyyyMMdd_HHmmss[_N].tar.gz[.enc]}, never paths.
 * The last backup, verification and drill are kept in memory and in {@code settings.stateFile()}
 * (default {@code $OPS_HOME/state/backup-state.json}).
 */
public final class Backups {

    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    private static final int REMEMBERED_VERIFIED = 1000;

    private final BackupSettings settings;
    private final Clock clock;
    private final ThreadFactory threads;
    private final BackupKey key;
    private final BackupWriter writer;
    private final BackupVerifier verifier;
    private final Restorer restorer;
    private volatile BackupState state;

    /**
     * @throws IllegalArgumentException when the key file is configured but unusable
     */
    public Backups(BackupSettings settings, Clock clock, ThreadFactory threads) {
        this(settings, clock, threads, UnaryOperator.identity());
    }

    /** @param restoreSink wraps each file a restore writes; tests use it to simulate a full disk */
    Backups(
            BackupSettings settings,
            Clock clock,
            ThreadFactory threads,
            UnaryOperator<java.io.OutputStream> restoreSink) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.key = settings.keyFile() == null ? null : BackupKey.read(settings.keyFile());
        this.threads = Objects.requireNonNull(threads, "threads");
        this.writer = new BackupWriter(settings, key, clock, threads);
        this.verifier = new BackupVerifier(settings.directory(), settings.limits(), key, clock);
        this.restorer = new Restorer(settings.directory(), verifier, clock, threads, restoreSink);
        this.state = BackupState.load(settings.stateFile(), clock.instant());
    }

    /** Writes a backup, then verifies it. @throws IOException when it cannot be written (nothing is left behind) */
    public BackupRecord backupNow() throws IOException {
        BackupRecord written = writer.write();
        VerifyResult check = verifier.verify(written.name());
        BackupRecord record = written.withVerified(check.ok());
        remember(s -> new BackupState(record, check, s.lastDrill(), verifiedWith(s, check)));
        return record;
    }

    /** @throws IllegalArgumentException when {@code name} is not a backup name */
    public VerifyResult verify(String name) {
        BackupNames.require(name);
        return unchecked(() -> {
            VerifyResult check = verifier.verify(name);
            remember(s -> new BackupState(s.lastBackup(), check, s.lastDrill(), verifiedWith(s, check)));
            return check;
        });
    }

    /**
     * Restores {@code name} into {@code target}, which receives its top-level entries ({@code data}, {@code logs},
     * {@code .env}); see {@link Restorer}.
     *
     * @throws IllegalArgumentException for a bad name, a missing archive or a relative target
     */
    public RestoreResult restore(String name, Path target, boolean dryRun) {
        BackupNames.require(name);
        return unchecked(() -> restorer.restore(name, target, dryRun));
    }

    /**
     * Restores the newest backup into scratch in the backup directory, verifies every checksum, deletes it. A
     * newest file whose manifest contradicts its name (renamed) fails the drill, and the drill goes on to the
     * newest backup that is what its name says, so that one is still checked.
     */
    public DrillResult drill() {
        return unchecked(() -> {
            Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            long t0 = System.nanoTime();
            Path scratch =
                    settings.directory().resolve(".bot_drill_" + BackupNames.stamp(start) + BackupNames.TEMP_SUFFIX);
            List<String> renamed = new ArrayList<>();
            DrillResult result = null;
            for (BackupInfo backup : list().backups()) {
                String name = backup.name();
                RestoreResult restored = drillOne(name, scratch);
                if (!restored.ok() && restored.message().contains(BackupVerifier.RENAMED)) {
                    renamed.add(name + " is not what its name says (" + restored.message() + ")");
                    continue;
                }
                String message = restored.ok()
                        ? "restored " + name + " into scratch and verified " + restored.files() + " files, "
                                + restored.bytes() + " bytes against the manifest; scratch deleted"
                        : restored.message();
                result = new DrillResult(
                        name,
                        start.toString(),
                        restored.ok() && renamed.isEmpty(),
                        BackupVerifier.ms(t0),
                        restored.files(),
                        restored.bytes(),
                        prefixed(renamed, message));
                break;
            }
            if (result == null) {
                result = new DrillResult(
                        "",
                        start.toString(),
                        false,
                        BackupVerifier.ms(t0),
                        0,
                        0,
                        prefixed(renamed, "no backup to drill in " + settings.directory()));
            }
            DrillResult done = result;
            (done.ok() ? LOG.atInfo() : LOG.atError()).log("Restore drill: {}", done.message());
            remember(s -> new BackupState(s.lastBackup(), s.lastVerify(), done, s.verified()));
            return done;
        });
    }

    /**
     * Restores an archive that lies outside the backup directory, a copy fetched from off the host, with every
     * check a local restore makes: its {@code .sha256} beside it, each entry, the limits, the manifest.
     *
     * @throws IllegalArgumentException for a file that is not named as a backup, or a relative target
     */
    public RestoreResult restoreFetched(Path archive, Path target, boolean dryRun) {
        String name = BackupNames.require(String.valueOf(archive.getFileName()));
        Path from = archive.getParent();
        Restorer fetched = new Restorer(from, new BackupVerifier(from, settings.limits(), key, clock), clock, threads);
        return unchecked(() -> fetched.restore(name, target, dryRun));
    }

    /**
     * A restore drill of a fetched copy: restored into scratch in the backup directory, verified, deleted. The
     * result is remembered as the last drill, named {@code source}.
     *
     * @param source where the copy came from, e.g. {@code s3://bucket/prefix/host/backups/<name>}
     */
    public DrillResult drillFetched(Path archive, String source) {
        String name = BackupNames.require(String.valueOf(archive.getFileName()));
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        Path scratch = settings.directory().resolve(".bot_drill_" + BackupNames.stamp(start) + BackupNames.TEMP_SUFFIX);
        Path from = archive.getParent();
        Restorer fetched = new Restorer(from, new BackupVerifier(from, settings.limits(), key, clock), clock, threads);
        RestoreResult restored;
        try {
            restored = fetched.restore(name, scratch, false);
        } finally {
            try {
                Trees.delete(scratch);
            } catch (IOException e) {
                LOG.warn("Could not delete the drill scratch {}; sweepLeftovers() will", scratch, e);
            }
        }
        DrillResult done = new DrillResult(
                source,
                start.toString(),
                restored.ok(),
                BackupVerifier.ms(t0),
                restored.files(),
                restored.bytes(),
                restored.ok()
                        ? "restored " + source + " into scratch and verified " + restored.files() + " files, "
                                + restored.bytes() + " bytes against the manifest; scratch deleted"
                        : restored.message());
        (done.ok() ? LOG.atInfo() : LOG.atError()).log("Restore drill: {}", done.message());
        remember(s -> new BackupState(s.lastBackup(), s.lastVerify(), done, s.verified()));
        return done;
    }

    /**
     * Deletes local backups beyond the newest {@code keep} whose copies are safe elsewhere; the newest local
     * backup and any backup not in {@code copiedElsewhere} stay whatever their age.
     *
     * @param copiedElsewhere names whose off-host copies were checked end to end
     * @return the names deleted, oldest first
     */
    public List<String> trimLocal(int keep, Set<String> copiedElsewhere) throws IOException {
        if (keep < 1) {
            return List.of();
        }
        Map<String, Scanned> scanned = scan();
        List<String> newestFirst = new ArrayList<>(scanned.keySet());
        newestFirst.sort(BackupNames.OLDEST_FIRST.reversed());
        List<Deletion> deletions = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        for (String name : newestFirst.subList(Math.min(keep, newestFirst.size()), newestFirst.size())) {
            if (!copiedElsewhere.contains(name)) {
                continue;
            }
            Scanned s = scanned.get(name);
            String reason = "beyond the " + keep + " local backups kept (ops.remote.keepLocal); its remote copy "
                    + "is verified";
            deletions.add(new Deletion(s.archive, reason));
            if (s.checksum != null) {
                deletions.add(new Deletion(s.checksum, reason));
            }
            chosen.add(name);
        }
        if (deletions.isEmpty()) {
            return List.of();
        }
        SafeDelete.Outcome outcome = SafeDelete.delete(settings.directory(), deletions, threads);
        Set<String> gone = new HashSet<>();
        outcome.deleted().forEach(d -> gone.add(d.file().name()));
        outcome.skipped().forEach(s -> LOG.warn("Local backup trim left {}", s));
        DurableFiles.syncDirectory(settings.directory());
        List<String> removed = new ArrayList<>();
        for (String name : chosen) {
            if (gone.contains(name)) {
                removed.add(name);
                LOG.info("Deleted the local copy of {}: its remote copy is verified (ops.remote.keepLocal)", name);
            }
        }
        java.util.Collections.reverse(removed);
        remember(s -> new BackupState(
                s.lastBackup(),
                s.lastVerify(),
                s.lastDrill(),
                s.verified().stream().filter(n -> !gone.contains(n)).toList()));
        return removed;
    }

    private RestoreResult drillOne(String name, Path scratch) {
        try {
            return restorer.restore(name, scratch, false);
        } finally {
            try {
                Trees.delete(scratch);
            } catch (IOException e) {
                LOG.warn("Could not delete the drill scratch {}; sweepLeftovers() will", scratch, e);
            }
        }
    }

    private static String prefixed(List<String> renamed, String message) {
        return renamed.isEmpty() ? message : String.join("; ", renamed) + "; then " + message;
    }

    /** The archives in the backup directory, newest first; never blocks on a running job. */
    public BackupListing list() throws IOException {
        Set<String> verified = new HashSet<>(state.verified());
        List<BackupInfo> infos = new ArrayList<>();
        long total = 0;
        for (Scanned s : scan().values()) {
            infos.add(new BackupInfo(
                    s.name,
                    BackupNames.time(s.name).toString(),
                    s.bytes,
                    BackupNames.encrypted(s.name),
                    s.checksum != null,
                    verified.contains(s.name)));
            total += s.bytes + (s.checksum == null ? 0 : s.checksum.bytes());
        }
        infos.sort(
                Comparator.comparing(BackupInfo::name, BackupNames.OLDEST_FIRST).reversed());
        return new BackupListing(settings.directory().toString(), infos, total);
    }

    /** Applies {@link BackupSettings#retention()}; see {@link BackupRetention} for the rules. */
    public RetentionResult applyRetention() throws IOException {
        Map<String, Scanned> scanned = scan();
        List<BackupRetention.Candidate> candidates = new ArrayList<>();
        for (Scanned s : scanned.values()) {
            candidates.add(
                    new BackupRetention.Candidate(s.name, s.bytes + (s.checksum == null ? 0 : s.checksum.bytes())));
        }
        BackupRetention.Plan plan = BackupRetention.plan(
                candidates, settings.retention(), clock.instant(), new HashSet<>(state.verified()));
        List<Deletion> deletions = new ArrayList<>();
        for (RetentionResult.Removal removal : plan.removed()) {
            Scanned s = scanned.get(removal.name());
            deletions.add(new Deletion(s.archive, removal.reason()));
            if (s.checksum != null) {
                deletions.add(new Deletion(s.checksum, removal.reason()));
            }
        }
        SafeDelete.Outcome outcome = SafeDelete.delete(settings.directory(), deletions, threads);
        Set<String> gone = new HashSet<>();
        outcome.deleted().forEach(d -> gone.add(d.file().name()));
        List<RetentionResult.Removal> removed = new ArrayList<>();
        for (RetentionResult.Removal removal : plan.removed()) {
            if (gone.contains(removal.name())) {
                removed.add(removal);
                LOG.info("Deleted backup {} ({} bytes): {}", removal.name(), removal.bytes(), removal.reason());
            }
        }
        if (!outcome.deleted().isEmpty()) {
            DurableFiles.syncDirectory(settings.directory());
        }
        List<String> skipped = new ArrayList<>(outcome.skipped());
        skipped.forEach(s -> LOG.warn("Backup retention left {}", s));
        tighten();
        remember(s -> new BackupState(
                s.lastBackup(),
                s.lastVerify(),
                s.lastDrill(),
                s.verified().stream().filter(n -> !gone.contains(n)).toList()));
        return new RetentionResult(removed, plan.kept(), skipped);
    }

    /**
     * Deletes what an interrupted run left in the backup directory: temp archives and checksums
     * ({@code .bot_backup_*.tmp}), drill scratch ({@code .bot_drill_*.tmp/}), copies fetched from the remote
     * ({@code .bot_fetch_*.tmp/}), and a {@code .sha256} whose archive
     * was never renamed into place; and settles the scratch of an interrupted restore into the directories
     * holding the sources ({@link RestoreLeftovers}); and sets the directory back to {@code 0700}, archives and
     * checksums to {@code 0600}, when something loosened them. Call it at start-up, before {@link BackupJobs} can
     * start a run: it does not wait for one.
     *
     * @return the names deleted or settled
     */
    public List<String> sweepLeftovers() throws IOException {
        Path dir = settings.directory();
        List<String> swept = new ArrayList<>();
        for (Path target : restoreTargets()) {
            try {
                swept.addAll(RestoreLeftovers.settle(target));
            } catch (IOException e) { // the backup directory's own leftovers are still worth sweeping
                LOG.error(
                        "Could not settle what an interrupted restore left in {}; see its .bot_restore_* directories",
                        target,
                        e);
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return swept;
        }
        tighten();
        List<Deletion> files = new ArrayList<>();
        List<Path> trees = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        }
        for (String name : names) {
            Path path = dir.resolve(name);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                continue;
            }
            boolean temp = BackupNames.TEMP.matcher(name).matches();
            boolean orphan = name.endsWith(BackupNames.CHECKSUM)
                    && BackupNames.isArchive(name.substring(0, name.length() - BackupNames.CHECKSUM.length()))
                    && !names.contains(name.substring(0, name.length() - BackupNames.CHECKSUM.length()));
            if (a.isRegularFile() && (temp && name.startsWith(".bot_backup_") || orphan)) {
                files.add(new Deletion(ScannedFile.of(name, a), orphan ? "checksum without its archive" : "temp file"));
            } else if (a.isDirectory() && temp && (name.startsWith(".bot_drill_") || name.startsWith(".bot_fetch_"))) {
                trees.add(path);
            }
        }
        SafeDelete.Outcome outcome = SafeDelete.delete(dir, files, threads);
        outcome.deleted().forEach(d -> swept.add(d.file().name()));
        outcome.skipped().forEach(s -> LOG.warn("Backup leftover not deleted: {}", s));
        for (Path tree : trees) {
            Trees.delete(tree);
            swept.add(tree.getFileName().toString());
        }
        if (!swept.isEmpty()) {
            DurableFiles.syncDirectory(dir);
            LOG.warn("Deleted {} in {}, left by backup runs that did not finish", swept, dir);
        }
        return swept;
    }

    /** The directory and every archive and checksum back to owner-only modes, if something loosened them. */
    private void tighten() throws IOException {
        OwnerOnly.directory(settings.directory());
        for (Scanned s : scan().values()) {
            OwnerOnly.file(settings.directory().resolve(s.name));
            if (s.checksum != null) {
                OwnerOnly.file(settings.directory().resolve(s.checksum.name()));
            }
        }
    }

    /** Where restores normally go: the directories holding the sources, {@code $OPS_HOME} by default. */
    private Set<Path> restoreTargets() {
        Set<Path> targets = new LinkedHashSet<>();
        settings.sources().forEach(source -> targets.add(source.getParent()));
        return targets;
    }

    public BackupRecord lastBackup() {
        return state.lastBackup();
    }

    public VerifyResult lastVerify() {
        return state.lastVerify();
    }

    public DrillResult lastDrill() {
        return state.lastDrill();
    }

    /** The newest backup that verified, by name time, or null. */
    public String newestVerified() {
        return state.verified().isEmpty() ? null : state.verified().get(0);
    }

    public BackupSettings settings() {
        return settings;
    }

    private <T> T unchecked(JobCall<T> call) {
        try {
            return call.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface JobCall<T> {
        T get() throws IOException;
    }

    private interface Change {
        BackupState apply(BackupState current);
    }

    private void remember(Change change) {
        BackupState next = change.apply(state);
        state = next;
        try {
            next.save(settings.stateFile());
        } catch (IOException e) {
            // The result stands in memory; only its survival across a restart is lost.
            LOG.error("Could not save the backup state to {}", settings.stateFile(), e);
        }
    }

    private static List<String> verifiedWith(BackupState s, VerifyResult check) {
        List<String> names = new ArrayList<>(s.verified());
        names.remove(check.name());
        if (check.ok()) {
            names.add(check.name());
        }
        names.sort(BackupNames.OLDEST_FIRST.reversed());
        return names.size() > REMEMBERED_VERIFIED ? names.subList(0, REMEMBERED_VERIFIED) : names;
    }

    /** An archive and its checksum, as listed. */
    private record Scanned(String name, long bytes, ScannedFile archive, ScannedFile checksum) {}

    private Map<String, Scanned> scan() throws IOException {
        Map<String, Scanned> found = new HashMap<>();
        Path dir = settings.directory();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, BackupNames.PREFIX + "*")) {
            for (Path p : list) {
                String name = p.getFileName().toString();
                if (!BackupNames.isArchive(name)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!a.isRegularFile()) {
                    continue;
                }
                ScannedFile checksum = null;
                try {
                    BasicFileAttributes c = Files.readAttributes(
                            dir.resolve(name + BackupNames.CHECKSUM),
                            BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (c.isRegularFile()) {
                        checksum = ScannedFile.of(name + BackupNames.CHECKSUM, c);
                    }
                } catch (NoSuchFileException none) {
                    // Listed without a checksum; verify will say so.
                }
                found.put(name, new Scanned(name, a.size(), ScannedFile.of(name, a), checksum));
            }
        }
        return found;
    }
}
