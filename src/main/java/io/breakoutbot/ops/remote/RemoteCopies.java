package io.breakoutbot.ops.remote;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.backup.BackupInfo;
import io.breakoutbot.ops.backup.BackupJobs;
import io.breakoutbot.ops.backup.BackupKey;
import io.breakoutbot.ops.backup.BackupListing;
import io.breakoutbot.ops.backup.BackupNames;
import io.breakoutbot.ops.backup.BackupRetention;
import io.breakoutbot.ops.backup.OffHost;
import io.breakoutbot.ops.backup.OffHostStatus;
import io.breakoutbot.ops.backup.RetentionResult;
import io.breakoutbot.ops.files.DurableFiles;
import io.breakoutbot.ops.jobs.JobBusyException;
import io.breakoutbot.ops.jobs.JobRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's verified backups and its log archives in the bucket, below {@code <prefix>/<host>/backups/}
 * and {@code <prefix>/<host>/logs/}, and serves them back for restores and drills.
 *
 * <p>A {@link #sync() pass} compares what is here with what is there and uploads what is missing, newest first:
 * the archive, checked end to end ({@link Bucket}), then its {@code .sha256}. The {@code .sha256} object is written
 * last and deleted first, so a copy that has one is complete, and nothing half-uploaded is ever listed as a copy.
 * The state of the copies is derived from the two listings each pass, so a crash at any point costs no more than
 * the upload in flight: the next pass aborts its unfinished multipart upload and starts that file again. Then
 * remote retention applies the local rules to the remote copies (the log archives' rules to the log archives),
 * and {@code keepLocal} trims local backups whose remote copies are verified.
 *
 * <p>A failed pass leaves everything local as it was, and the next one waits twice as long as the one before,
 * from {@code interval} up to an hour.
 */
public final class RemoteCopies implements OffHost, AutoCloseable {

    static final String BACKUPS = "backups/";
    static final String LOGS = "logs/";
    static final Pattern LOG_ARCHIVE = Pattern.compile("logs_archive_(\\d{8}_\\d{6})(?:_(\\d{1,4}))?\\.tar\\.gz");
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCopies.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** A {@code .sha256} line is a hash, two spaces and a name: far below this. */
    private static final int CHECKSUM_MAX = 1024;

    private static final int REMEMBERED = 1000;
    /** The actor of the passes in the audit trail. */
    static final String SCHEDULER = "scheduler";

    /**
     * The log archives' place and rules, as the log lifecycle keeps them locally.
     *
     * @param directory where {@code logs_archive_*.tar.gz} files are
     * @param keep      the newest this many are always kept
     * @param days      older than this many days, and not among the newest {@code keep}, they go
     */
    public record LogArchives(Path directory, int keep, int days) {}

    /**
     * What one pass did.
     *
     * @param uploaded   names uploaded, in order
     * @param bytes      bytes uploaded
     * @param pending    local archives still without a remote copy
     * @param removed    remote copies deleted by retention, with why
     * @param trimmed    local backups deleted by {@code keepLocal}
     * @param aborted    unfinished multipart uploads aborted
     * @param failure    why the pass stopped, null when it completed
     */
    public record SyncResult(
            List<String> uploaded,
            long bytes,
            int pending,
            List<RetentionResult.Removal> removed,
            List<String> trimmed,
            List<String> aborted,
            String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private final RemoteSettings settings;
    private final Bucket bucket;
    private final BackupJobs backups;
    private final LogArchives logArchives;
    private final BackupKey key;
    private final Clock clock;
    private final ThreadFactory threads;
    private final Consumer<String> onFailure;
    private final ReentrantLock passLock = new ReentrantLock();
    private final JobRunner runner;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong failedPasses = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicReference<Instant> nextAttempt = new AtomicReference<>(Instant.EPOCH);
    private volatile RemoteState state;
    private volatile int pending;

    /**
     * @param onFailure told why a pass failed, for the alert: at the first failure after a success, and when the
     *                  reason changes
     * @throws IllegalArgumentException when the credentials or the backup key are unusable
     */
    public RemoteCopies(
            RemoteSettings settings,
            BackupJobs backups,
            LogArchives logArchives,
            Clock clock,
            ThreadFactory threads,
            Audit audit,
            Consumer<String> onFailure) {
        this(settings, new Bucket(settings, threads), backups, logArchives, clock, threads, audit, onFailure);
    }

    RemoteCopies(
            RemoteSettings settings,
            Bucket bucket,
            BackupJobs backups,
            LogArchives logArchives,
            Clock clock,
            ThreadFactory threads,
            Audit audit,
            Consumer<String> onFailure) {
        this.settings = settings;
        this.runner = new JobRunner(running -> "Remote job '" + running.job() + "'", audit, clock, run -> {});
        this.bucket = bucket;
        this.backups = backups;
        this.logArchives = logArchives;
        Path keyFile = backups.backups().settings().keyFile();
        this.key = keyFile == null ? null : BackupKey.read(keyFile);
        this.clock = clock;
        this.threads = threads;
        this.onFailure = onFailure;
        this.state = RemoteState.load(settings.stateFile(), clock.instant());
    }

    public RemoteSettings settings() {
        return settings;
    }

    /** Whether the next pass is due: the interval passed, or the back-off after a failure did. */
    public boolean due() {
        return !clock.instant().isBefore(nextAttempt.get());
    }

    /**
     * One pass: abort what a crash left, upload what is missing, apply remote retention and {@code keepLocal}.
     * Passes never overlap; one asked for while another runs returns at once with that as its failure.
     */
    public SyncResult sync() {
        if (!passLock.tryLock()) {
            return new SyncResult(List.of(), 0, pending, List.of(), List.of(), List.of(), "a pass is running");
        }
        passes.incrementAndGet();
        List<String> uploaded = new ArrayList<>();
        long[] bytes = {0};
        List<String> aborted = List.of();
        try {
            aborted = bucket.abortUnfinished(settings.hostPrefix());
            if (!aborted.isEmpty()) {
                LOG.warn("Aborted unfinished uploads {}, left by a pass that did not end; they start again", aborted);
            }
            Remote there = remote();
            List<Local> missing = missing(there);
            pending = missing.size();
            if (!missing.isEmpty()) {
                Remote[] after = {there};
                // through the job runner, so that every object that leaves the host is in the audit trail
                runner.run(
                        new JobRunner.Request(
                                "remote-upload",
                                SCHEDULER,
                                settings.location(),
                                Map.of(
                                        "objects",
                                        missing.stream().map(Local::remoteName).toList())),
                        Duration.ZERO,
                        () -> {
                            for (Local local : missing) {
                                long sent = upload(local);
                                uploaded.add(local.remoteName);
                                bytes[0] += sent;
                                pending--;
                                after[0] = after[0].with(local.folder, local.remoteName, sent);
                            }
                            return uploaded;
                        },
                        done -> JobRunner.Outcome.success(done.size() + " objects, " + bytes[0] + " bytes"));
                there = after[0];
            }
            List<RetentionResult.Removal> removed = new ArrayList<>(retainBackups(there));
            removed.addAll(retainLogArchives(there));
            List<String> trimmed = trimLocal(there);
            remember(s -> new RemoteState(s.lastUpload(), s.lastUploadAt(), "", 0, s.verifiedBackups()));
            nextAttempt.set(clock.instant().plus(settings.interval()));
            return new SyncResult(uploaded, bytes[0], pending, removed, trimmed, aborted, null);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            String before = state.lastFailure();
            failedPasses.incrementAndGet();
            RemoteState failed = remember(
                    s -> new RemoteState(s.lastUpload(), s.lastUploadAt(), why, s.failures() + 1, s.verifiedBackups()));
            Duration wait = backoff(failed.failures());
            nextAttempt.set(clock.instant().plus(wait));
            LOG.error("Off-host copy to {} failed: {}; next attempt in {}", settings.location(), why, wait);
            // Once per run of failures, and again when the reason changes: health.remote stays on meanwhile.
            if (!why.equals(before)) {
                onFailure.accept(why);
            }
            return new SyncResult(uploaded, bytes[0], pending, List.of(), List.of(), aborted, why);
        } finally {
            passLock.unlock();
        }
    }

    /** The interval doubled for each failure in a row after the first, at most an hour (or the interval). */
    Duration backoff(int failures) {
        Duration wait = settings.interval();
        Duration cap = MAX_BACKOFF.compareTo(wait) > 0 ? MAX_BACKOFF : wait;
        for (int i = 1; i < failures && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /** A local archive to copy. */
    private record Local(String folder, String remoteName, Path file, String sha256Line) {}

    /** The listing of this host's folder: names with their sizes, and which have a {@code .sha256}. */
    private record Remote(Map<String, Map<String, Long>> folders) {
        Map<String, Long> folder(String folder) {
            return folders.getOrDefault(folder, Map.of());
        }

        boolean complete(String folder, String name) {
            Map<String, Long> f = folder(folder);
            return f.containsKey(name) && f.containsKey(name + BackupNames.CHECKSUM);
        }

        Remote with(String folder, String name, long bytes) {
            Map<String, Map<String, Long>> copy = new TreeMap<>(folders);
            Map<String, Long> f = new TreeMap<>(folder(folder));
            f.put(name, bytes);
            f.put(name + BackupNames.CHECKSUM, 0L);
            copy.put(folder, f);
            return new Remote(copy);
        }
    }

    private Remote remote() throws IOException {
        Map<String, Map<String, Long>> folders = new TreeMap<>();
        String base = settings.hostPrefix();
        for (Bucket.Listed o : bucket.list(base)) {
            String rest = o.key().substring(base.length());
            int slash = rest.indexOf('/');
            if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
                continue; // not ours: we write exactly one level of folders
            }
            folders.computeIfAbsent(rest.substring(0, slash + 1), f -> new TreeMap<>())
                    .put(rest.substring(slash + 1), o.bytes());
        }
        return new Remote(folders);
    }

    /** Verified local backups and every log archive without a complete remote copy, newest first. */
    private List<Local> missing(Remote there) throws IOException {
        List<Local> missing = new ArrayList<>();
        Path backupDir = backups.backups().settings().directory();
        for (BackupInfo b : backups.list().backups()) {
            if (b.verified() && b.checksum() && !there.complete(BACKUPS, b.name())) {
                Path checksum = backupDir.resolve(b.name() + BackupNames.CHECKSUM);
                String line = Files.readString(checksum, StandardCharsets.UTF_8);
                missing.add(new Local(BACKUPS, b.name(), backupDir.resolve(b.name()), line));
            }
        }
        for (String name : localLogArchives()) {
            String remoteName = name + (key == null ? "" : ".enc");
            if (!there.complete(LOGS, remoteName)) {
                missing.add(new Local(LOGS, remoteName, logArchives.directory().resolve(name), null));
            }
        }
        return missing;
    }

    /** The log archives here, newest first; symlinks and anything not named like one are left alone. */
    private List<String> localLogArchives() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(logArchives.directory(), LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logArchives.directory(), "logs_archive_*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (LOG_ARCHIVE.matcher(name).matches()
                        && Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                                .isRegularFile()) {
                    names.add(name);
                }
            }
        }
        names.sort(Comparator.comparing(RemoteCopies::logArchiveOrder).reversed());
        return names;
    }

    /** Uploads one archive, then its {@code .sha256}; the archive only counts once the second is there. */
    private long upload(Local local) throws IOException {
        String objectKey = settings.hostPrefix() + local.folder + local.remoteName;
        BasicFileAttributes a = Files.readAttributes(local.file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException(local.file + " is not a regular file; it is not uploaded.");
        }
        long t0 = System.nanoTime();
        Bucket.Stored stored;
        String line;
        if (local.sha256Line != null) {
            String expected = local.sha256Line.strip().split("\\s+")[0];
            stored = bucket.put(objectKey, local.file, a.size(), Map.of("sha256", expected));
            if (!stored.sha256().equalsIgnoreCase(expected)) {
                bucket.delete(objectKey);
                throw new IOException("The backup " + local.file + " no longer matches its .sha256 (" + expected
                        + ", read " + stored.sha256() + "); its remote copy was deleted. Verify it.");
            }
            line = local.sha256Line;
        } else {
            stored = key == null ? plain(objectKey, local.file, a.size()) : encrypted(objectKey, local.file);
            line = stored.sha256() + "  " + local.remoteName + "\n";
        }
        bucket.putText(objectKey + BackupNames.CHECKSUM, line);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        uploads.incrementAndGet();
        uploadedBytes.addAndGet(stored.bytes());
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        remember(s -> new RemoteState(
                local.remoteName,
                now,
                s.lastFailure(),
                s.failures(),
                BACKUPS.equals(local.folder)
                        ? withVerified(s.verifiedBackups(), local.remoteName)
                        : s.verifiedBackups()));
        LOG.info(
                "Uploaded {} ({} bytes in {} ms) to {}{}",
                local.remoteName,
                stored.bytes(),
                ms,
                settings.location(),
                local.folder);
        return stored.bytes();
    }

    private Bucket.Stored plain(String objectKey, Path file, long size) throws IOException {
        return bucket.put(objectKey, file, size, Map.of());
    }

    /** The log archive encrypted with the backup key as it is read; the ciphertext never touches the disk. */
    private Bucket.Stored encrypted(String objectKey, Path file) throws IOException {
        PipedInputStream ciphertext = new PipedInputStream(1 << 20);
        PipedOutputStream sink = new PipedOutputStream(ciphertext);
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread encrypter = threads.newThread(() -> {
            try (OutputStream out = key.encrypting(sink);
                    InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            } catch (IOException e) {
                failed.set(e);
            } catch (RuntimeException e) {
                failed.set(new IOException(e.toString(), e));
            } finally {
                try {
                    sink.close();
                } catch (IOException e) {
                    failed.compareAndSet(null, e);
                }
            }
        });
        encrypter.start();
        try (InputStream in = ciphertext) {
            Bucket.Stored stored = bucket.put(objectKey, in, Files.size(file) + (Files.size(file) >> 6), Map.of());
            encrypter.join();
            if (failed.get() != null) {
                bucket.delete(objectKey);
                throw new IOException(
                        "Could not encrypt " + file + ": " + failed.get().getMessage(), failed.get());
            }
            return stored;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while encrypting " + file);
        } finally {
            encrypter.interrupt();
        }
    }

    /** Applies the backup retention rules to the remote copies; the newest verified one always stays. */
    private List<RetentionResult.Removal> retainBackups(Remote there) throws IOException {
        Map<String, Long> folder = there.folder(BACKUPS);
        List<BackupRetention.Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, Long> e : folder.entrySet()) {
            if (BackupNames.isArchive(e.getKey()) && there.complete(BACKUPS, e.getKey())) {
                candidates.add(new BackupRetention.Candidate(
                        e.getKey(), e.getValue() + folder.getOrDefault(e.getKey() + BackupNames.CHECKSUM, 0L)));
            }
        }
        Set<String> verified = new HashSet<>(state.verifiedBackups());
        BackupRetention.Plan plan =
                BackupRetention.plan(candidates, backups.backups().settings().retention(), clock.instant(), verified);
        for (RetentionResult.Removal removal : plan.removed()) {
            deletePair(BACKUPS, removal.name(), removal.reason());
        }
        orphans(there, BACKUPS, BackupNames::isArchive);
        if (!plan.removed().isEmpty()) {
            Set<String> gone = new HashSet<>();
            plan.removed().forEach(r -> gone.add(r.name()));
            remember(s -> new RemoteState(
                    s.lastUpload(),
                    s.lastUploadAt(),
                    s.lastFailure(),
                    s.failures(),
                    s.verifiedBackups().stream().filter(n -> !gone.contains(n)).toList()));
        }
        return plan.removed();
    }

    /** The log archives' rule: beyond the newest {@code keep} and older than {@code days}, a copy goes. */
    private List<RetentionResult.Removal> retainLogArchives(Remote there) throws IOException {
        List<String> newestFirst = new ArrayList<>();
        for (String name : there.folder(LOGS).keySet()) {
            if (isLogArchiveCopy(name) && there.complete(LOGS, name)) {
                newestFirst.add(name);
            }
        }
        newestFirst.sort(Comparator.comparing(RemoteCopies::logArchiveOrder).reversed());
        Instant limit = clock.instant().minus(Duration.ofDays(logArchives.days()));
        List<RetentionResult.Removal> removed = new ArrayList<>();
        for (String name : newestFirst.subList(Math.min(logArchives.keep(), newestFirst.size()), newestFirst.size())) {
            if (logArchiveTime(name).isBefore(limit)) {
                String why = "beyond the newest " + logArchives.keep() + " log archives and older than "
                        + logArchives.days() + " days";
                deletePair(LOGS, name, why);
                removed.add(new RetentionResult.Removal(name, there.folder(LOGS).get(name), why));
            }
        }
        orphans(there, LOGS, RemoteCopies::isLogArchiveCopy);
        return removed;
    }

    /**
     * Deletes a {@code .sha256} object whose archive is gone, and an archive object without a {@code .sha256}
     * that this pass did not upload (a crash between the two, whose local file has gone since).
     */
    private void orphans(Remote there, String folder, java.util.function.Predicate<String> isCopy) throws IOException {
        Map<String, Long> f = there.folder(folder);
        for (String name : f.keySet()) {
            if (name.endsWith(BackupNames.CHECKSUM)) {
                String archive = name.substring(0, name.length() - BackupNames.CHECKSUM.length());
                if (isCopy.test(archive) && !f.containsKey(archive)) {
                    bucket.delete(settings.hostPrefix() + folder + name);
                    LOG.warn("Deleted {}{}: its archive is not in the bucket", folder, name);
                }
            } else if (isCopy.test(name) && !f.containsKey(name + BackupNames.CHECKSUM)) {
                bucket.delete(settings.hostPrefix() + folder + name);
                LOG.warn("Deleted {}{}: its upload never finished and it is no longer here to finish", folder, name);
            }
        }
    }

    private void deletePair(String folder, String name, String why) throws IOException {
        String key = settings.hostPrefix() + folder + name;
        bucket.delete(key + BackupNames.CHECKSUM); // first, so a half-deleted copy never lists as complete
        bucket.delete(key);
        LOG.info("Deleted the remote copy {}{}: {}", folder, name, why);
    }

    private List<String> trimLocal(Remote there) throws IOException {
        if (settings.keepLocal() == 0) {
            return List.of();
        }
        Set<String> safe = new HashSet<>();
        for (String name : state.verifiedBackups()) {
            if (there.complete(BACKUPS, name)) {
                safe.add(name);
            }
        }
        try {
            return backups.trimLocal(SCHEDULER, settings.keepLocal(), safe);
        } catch (JobBusyException busy) {
            LOG.info("Local backups not trimmed this pass: {}", busy.getMessage());
            return List.of();
        }
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public String location() {
        return settings.location();
    }

    @Override
    public BackupListing list() throws IOException {
        Remote there = remote();
        Set<String> verified = new HashSet<>(state.verifiedBackups());
        Map<String, Long> folder = there.folder(BACKUPS);
        List<BackupInfo> infos = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : folder.entrySet()) {
            String name = e.getKey();
            if (!BackupNames.isArchive(name)) {
                continue;
            }
            boolean complete = there.complete(BACKUPS, name);
            infos.add(new BackupInfo(
                    name,
                    BackupNames.time(name).toString(),
                    e.getValue(),
                    name.endsWith(".enc"),
                    complete,
                    complete && verified.contains(name)));
            total += e.getValue() + folder.getOrDefault(name + BackupNames.CHECKSUM, 0L);
        }
        infos.sort(
                Comparator.comparing(BackupInfo::name, BackupNames.OLDEST_FIRST).reversed());
        return new BackupListing(settings.location() + BACKUPS, infos, total);
    }

    @Override
    public Path fetch(String name, Path directory) throws IOException {
        BackupNames.require(name);
        String key = settings.hostPrefix() + BACKUPS + name;
        String line = bucket.readText(key + BackupNames.CHECKSUM, CHECKSUM_MAX);
        if (line == null) {
            throw new IllegalArgumentException("There is no complete remote copy of " + name + " in "
                    + settings.location() + BACKUPS + " (its .sha256 is missing).");
        }
        String expected = line.strip().split("\\s+")[0];
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new IOException("The remote " + name + ".sha256 does not hold a SHA-256; the copy is not used.");
        }
        Path target = directory.resolve(name);
        Path temp = directory.resolve("." + name + ".part");
        MessageDigest sha = Bucket.digest("SHA-256");
        try (InputStream in = bucket.open(key);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long free = Files.getFileStore(directory).getUsableSpace();
            long size = in instanceof software.amazon.awssdk.core.ResponseInputStream<?> r
                            && r.response() instanceof software.amazon.awssdk.services.s3.model.GetObjectResponse g
                    ? g.contentLength()
                    : -1;
            if (size > free) {
                throw new IOException("The remote copy of " + name + " needs " + size + " bytes but only " + free
                        + " are free in " + directory + ".");
            }
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                java.nio.ByteBuffer chunk = java.nio.ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true);
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            Files.deleteIfExists(temp);
            throw bucket.translate("read " + key, e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(expected)) {
            Files.deleteIfExists(temp);
            throw new IOException("The remote copy of " + name + " does not match its .sha256 (" + expected + ", read "
                    + actual + "); it is not restored.");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.replace(
                directory.resolve(name + BackupNames.CHECKSUM),
                directory.resolve("." + name + BackupNames.CHECKSUM + ".part"),
                line.getBytes(StandardCharsets.UTF_8));
        LOG.info("Fetched {} from {}, SHA-256 {} as its .sha256 says", name, settings.location(), actual);
        return target;
    }

    @Override
    public OffHostStatus status() {
        RemoteState s = state;
        String newest = s.verifiedBackups().isEmpty() ? "" : s.verifiedBackups().get(0);
        Instant at = newest.isEmpty() ? null : BackupNames.time(newest);
        Instant next = nextAttempt.get();
        return new OffHostStatus(
                true,
                settings.location(),
                s.lastUpload(),
                s.lastUploadAt(),
                newest,
                at == null ? "" : at.toString(),
                at == null
                        ? -1
                        : Math.max(0, Duration.between(at, clock.instant()).toSeconds()),
                pending,
                s.lastFailure(),
                Instant.EPOCH.equals(next)
                        ? ""
                        : next.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    @Override
    public boolean drillRemote(boolean lastWasRemote) {
        return switch (settings.drills()) {
            case REMOTE -> true;
            case LOCAL -> false;
            case ALTERNATE -> !lastWasRemote;
        };
    }

    /** When the newest verified remote backup was taken, or null. */
    public Instant newestVerifiedAt() {
        List<String> names = state.verifiedBackups();
        return names.isEmpty() ? null : BackupNames.time(names.get(0));
    }

    /** Why the last pass failed, or null when it succeeded or none ran. */
    public String lastFailure() {
        String failure = state.lastFailure();
        return failure.isEmpty() ? null : failure;
    }

    /** Passes run since start, failed ones included. */
    public long passes() {
        return passes.get();
    }

    /** Objects uploaded since start. */
    public long uploads() {
        return uploads.get();
    }

    /** Passes failed since start. */
    public long failedPasses() {
        return failedPasses.get();
    }

    /** Bytes uploaded since start. */
    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    /** Local archives without a remote copy, as the last pass counted them. */
    public int pending() {
        return pending;
    }

    /** When the last upload finished, or null. */
    public Instant lastUploadAt() {
        String at = state.lastUploadAt();
        return at.isEmpty() ? null : Instant.parse(at);
    }

    @Override
    public void close() {
        bucket.close();
    }

    private interface Change {
        RemoteState apply(RemoteState current);
    }

    private synchronized RemoteState remember(Change change) {
        RemoteState next = change.apply(state);
        state = next;
        try {
            next.save(settings.stateFile());
        } catch (IOException e) {
            // The result stands in memory; only its survival across a restart is lost.
            LOG.error("Could not save the remote state to {}", settings.stateFile(), e);
        }
        return next;
    }

    private static List<String> withVerified(List<String> names, String name) {
        List<String> next = new ArrayList<>(names);
        next.remove(name);
        next.add(name);
        next.sort(BackupNames.OLDEST_FIRST.reversed());
        return next.size() > REMEMBERED ? next.subList(0, REMEMBERED) : next;
    }

    private static boolean isLogArchiveCopy(String name) {
        return LOG_ARCHIVE
                .matcher(name.endsWith(".enc") ? name.substring(0, name.length() - 4) : name)
                .matches();
    }

    private static Instant logArchiveTime(String name) {
        Matcher m = LOG_ARCHIVE.matcher(name.endsWith(".enc") ? name.substring(0, name.length() - 4) : name);
        if (!m.matches()) {
            return Instant.EPOCH;
        }
        try {
            return LocalDateTime.parse(m.group(1), STAMP).toInstant(ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String logArchiveOrder(String name) {
        Matcher m = LOG_ARCHIVE.matcher(name.endsWith(".enc") ? name.substring(0, name.length() - 4) : name);
        return m.matches()
                ? m.group(1) + String.format("_%05d", m.group(2) == null ? 0 : Integer.parseInt(m.group(2)))
                : "";
    }
}
