package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.files.DurableFiles;
import io.breakoutbot.ops.jobs.NamedThreads;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores an archive into a target directory, which receives the archive's top-level entries ({@code data/},
 * {@code logs/}, {@code .env}); normally {@code $OPS_HOME}. Anything else in the target is left alone.
 *
 * <ol>
 *   <li>A full verification pass (checksum, every entry's checks and limits, the manifest) writes nothing: a
 *       refused archive leaves no trace. The archive stays open, so the second pass reads the same file.</li>
 *   <li>Extraction into {@code <target>/.bot_restore_<id>.tmp/} (same file system), every entry checked again;
 *       modes and mtimes are applied afterwards, directories deepest first.</li>
 *   <li>The staged tree is checked against the manifest: type, size, SHA-256 re-read from disk, link targets,
 *       modes, mtimes, and nothing extra.</li>
 *   <li>Swap, per top-level entry: the live one is renamed into {@code .bot_restore_<id>_old.tmp/}, the staged one
 *       renamed into place. A failed rename rolls back the ones done. Only then is the old tree deleted.</li>
 * </ol>
 * Any failure before the swap (a full disk included) deletes the staging and leaves the live tree as it was.
 * A process that dies halfway leaves scratch directories that {@link RestoreLeftovers} settles, at start-up
 * and before the next restore into the same target.
 */
final class Restorer {

    private static final Logger LOG = LoggerFactory.getLogger(Restorer.class);

    private final Path directory;
    private final BackupVerifier verifier;
    private final Clock clock;
    private final ThreadFactory threads;
    private final UnaryOperator<OutputStream> sink;

    /** @param threads where the threads that check the staged tree come from */
    Restorer(Path directory, BackupVerifier verifier, Clock clock, ThreadFactory threads) {
        this(directory, verifier, clock, threads, UnaryOperator.identity());
    }

    /** @param sink wraps the stream of each staged file; tests use it to simulate a full disk */
    Restorer(
            Path directory,
            BackupVerifier verifier,
            Clock clock,
            ThreadFactory threads,
            UnaryOperator<OutputStream> sink) {
        this.directory = directory;
        this.verifier = verifier;
        this.clock = clock;
        this.threads = threads;
        this.sink = sink;
    }

    /**
     * @throws IllegalArgumentException for a bad name, a missing archive or a relative target
     */
    RestoreResult restore(String name, Path target, boolean dryRun) {
        BackupNames.require(name);
        if (target == null || !target.isAbsolute()) {
            throw new IllegalArgumentException("The restore target '" + target + "' must be an absolute path.");
        }
        Path archive = directory.resolve(name);
        if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("There is no backup " + name + " in " + directory + ".");
        }
        Path into = target.normalize();
        long t0 = System.nanoTime();
        Result r = new Result(name, into, dryRun, t0);
        try (FileChannel channel = verifier.open(archive)) {
            ArchiveReader.Outcome checked = verifier.check(channel, name, ArchiveReader.CHECK_ONLY);
            r.counts(checked);
            List<String> tops = tops(checked.manifest());
            for (String top : tops) {
                if (Files.exists(into.resolve(top), LinkOption.NOFOLLOW_LINKS)) {
                    r.replaced.add(top);
                }
            }
            requireSpace(into, checked.bytes());
            if (dryRun) {
                return r.ok("dry run: " + name + " is restorable into " + into + ": " + checked.files() + " files, "
                        + checked.bytes() + " bytes; would replace " + r.replaced);
            }
            Files.createDirectories(into);
            RestoreLeftovers.settle(into); // an earlier restore into the same place that died halfway
            String id = BackupNames.stamp(clock.instant()) + "_"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
            Path staging = into.resolve(".bot_restore_" + id + BackupNames.TEMP_SUFFIX);
            Path aside = into.resolve(".bot_restore_" + id + "_old" + BackupNames.TEMP_SUFFIX);
            Files.createDirectory(staging);
            try {
                ArchiveReader.Outcome extracted = verifier.check(channel, name, new Extraction(staging));
                if (!extracted.archiveSha256().equals(checked.archiveSha256())) {
                    throw new BadEntryException("", "the archive changed between verification and extraction");
                }
                applyMetadata(staging, checked.manifest());
                checkStaged(staging, checked.manifest(), threads);
                swap(into, staging, aside, tops);
            } catch (IOException | RuntimeException e) {
                discardTree(staging, e);
                throw e;
            }
            discardTree(staging, null);
            discardTree(aside, null);
            LOG.info(
                    "Restored {} into {}: {} files, {} bytes; replaced {}",
                    name,
                    into,
                    checked.files(),
                    checked.bytes(),
                    r.replaced);
            return r.ok("restored " + name + " into " + into + ": " + checked.files() + " files, " + checked.bytes()
                    + " bytes, every checksum verified; replaced " + r.replaced);
        } catch (BadEntryException e) {
            LOG.error("Restore of {} into {} refused: {}", name, into, e.getMessage());
            return r.failed(
                    e.entry(), "refused: " + BackupVerifier.describe(name, e) + "; nothing was changed in " + into);
        } catch (IOException e) {
            LOG.error("Restore of {} into {} failed; the live tree is untouched", name, into, e);
            return r.failed("", "failed: " + e + "; nothing was changed in " + into);
        }
    }

    private static void requireSpace(Path target, long bytes) throws IOException {
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        long usable = Files.getFileStore(existing).getUsableSpace();
        if (usable < bytes) {
            throw new IOException(
                    "the restore needs " + bytes + " bytes but only " + usable + " are free on " + existing);
        }
    }

    static List<String> tops(Manifest manifest) {
        Set<String> tops = new LinkedHashSet<>();
        for (Manifest.Entry e : manifest.entries()) {
            int slash = e.path().indexOf('/');
            tops.add(slash < 0 ? e.path() : e.path().substring(0, slash));
        }
        return new ArrayList<>(tops);
    }

    private static void discardTree(Path tree, Exception failure) {
        try {
            Trees.delete(tree);
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("Could not delete {}; delete it by hand", tree, e);
            }
        }
    }

    /** Writes checked entries below the staging directory only. */
    private final class Extraction implements ArchiveReader.Visitor {
        private final Path staging;

        Extraction(Path staging) {
            this.staging = staging;
        }

        @Override
        public void directory(Manifest.Entry entry) throws IOException {
            Files.createDirectories(staging.resolve(entry.path()));
        }

        @Override
        public OutputStream file(Manifest.Entry entry) throws IOException {
            Path file = staging.resolve(entry.path());
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            return new BufferedOutputStream(sink.apply(Channels.newOutputStream(channel)), 1 << 16);
        }

        @Override
        public void symlink(Manifest.Entry entry) throws IOException {
            Path link = staging.resolve(entry.path());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(entry.target()));
        }
    }

    private static void applyMetadata(Path staging, Manifest manifest) throws IOException {
        List<Manifest.Entry> directories = new ArrayList<>();
        for (Manifest.Entry e : manifest.entries()) {
            if (e.type().equals(Manifest.FILE)) {
                Path file = staging.resolve(e.path());
                Files.setPosixFilePermissions(file, permissions(e.permissions()));
                Files.setLastModifiedTime(file, FileTime.from(e.mtime(), TimeUnit.SECONDS));
            } else if (e.type().equals(Manifest.DIR)) {
                directories.add(e);
            }
        }
        // Deepest first: setting a directory's mtime before its children are done would not stick, and a
        // read-only directory would refuse them.
        directories.sort((a, b) -> b.path().compareTo(a.path()));
        for (Manifest.Entry e : directories) {
            Path dir = staging.resolve(e.path());
            Files.setPosixFilePermissions(dir, permissions(e.permissions()));
            Files.setLastModifiedTime(dir, FileTime.from(e.mtime(), TimeUnit.SECONDS));
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                set.add(p);
            }
        }
        return set;
    }

    /** The staged tree against the manifest, files re-read from disk on two threads. */
    static void checkStaged(Path root, Manifest manifest, ThreadFactory threads) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(2, new NamedThreads(threads, "backup-check"));
        try {
            List<Future<Void>> pending = new ArrayList<>();
            for (Manifest.Entry e : manifest.entries()) {
                pending.add(pool.submit(() -> {
                    checkOne(root, e);
                    return null;
                }));
            }
            for (Future<Void> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking the staged tree", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long present;
        try (Stream<Path> all = Files.walk(root)) {
            present = all.count() - 1;
        }
        if (present != manifest.entries().size()) {
            throw new BadEntryException(
                    "",
                    "the restored tree holds " + present + " entries, the manifest lists "
                            + manifest.entries().size());
        }
    }

    private static void checkOne(Path root, Manifest.Entry e) throws IOException {
        Path path = root.resolve(e.path());
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String type = a.isDirectory()
                ? Manifest.DIR
                : a.isSymbolicLink() ? Manifest.SYMLINK : a.isRegularFile() ? Manifest.FILE : "other";
        String sha = null;
        String target = null;
        long size = 0;
        if (a.isRegularFile()) {
            size = a.size();
            MessageDigest digest = BackupWriter.sha256();
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buffer = new byte[1 << 18];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    digest.update(buffer, 0, n);
                }
            }
            sha = HexFormat.of().formatHex(digest.digest());
        } else if (a.isSymbolicLink()) {
            target = Files.readSymbolicLink(path).toString();
        }
        int mode = e.type().equals(Manifest.SYMLINK) ? e.permissions() : BackupWriter.permissions(a);
        long mtime = e.type().equals(Manifest.SYMLINK)
                ? e.mtime()
                : a.lastModifiedTime().to(TimeUnit.SECONDS);
        Manifest.Entry actual = new Manifest.Entry(e.path(), type, size, BackupWriter.octal(mode), mtime, sha, target);
        String difference = ArchiveReader.difference(e, actual);
        if (difference != null) {
            throw new BadEntryException(e.path(), "the restored copy differs from the manifest: " + difference);
        }
    }

    private static void swap(Path into, Path staging, Path aside, List<String> tops) throws IOException {
        Files.createDirectory(aside);
        List<String> movedAside = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        try {
            for (String top : tops) {
                Path live = into.resolve(top);
                if (Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(live, aside.resolve(top), StandardCopyOption.ATOMIC_MOVE);
                    movedAside.add(top);
                }
                Files.move(staging.resolve(top), live, StandardCopyOption.ATOMIC_MOVE);
                placed.add(top);
            }
        } catch (IOException | RuntimeException e) {
            for (int i = placed.size() - 1; i >= 0; i--) {
                String top = placed.get(i);
                rollback(() -> Files.move(into.resolve(top), staging.resolve(top), StandardCopyOption.ATOMIC_MOVE), e);
            }
            for (String top : movedAside) {
                rollback(() -> Files.move(aside.resolve(top), into.resolve(top), StandardCopyOption.ATOMIC_MOVE), e);
            }
            discardTree(aside, e);
            throw e;
        }
        DurableFiles.syncDirectory(into);
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void rollback(Step step, Exception failure) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.error("Rolling back a restore swap failed; see the .bot_restore_*_old.tmp directory", e);
            failure.addSuppressed(e);
        }
    }

    /** Builds the result as the restore goes. */
    private static final class Result {
        final String name;
        final Path target;
        final boolean dryRun;
        final long t0;
        final List<String> replaced = new ArrayList<>();
        long files;
        long directories;
        long links;
        long bytes;

        Result(String name, Path target, boolean dryRun, long t0) {
            this.name = name;
            this.target = target;
            this.dryRun = dryRun;
            this.t0 = t0;
        }

        void counts(ArchiveReader.Outcome o) {
            files = o.files();
            directories = o.directories();
            links = o.links();
            bytes = o.bytes();
        }

        RestoreResult ok(String message) {
            return new RestoreResult(
                    name,
                    target.toString(),
                    dryRun,
                    true,
                    files,
                    directories,
                    links,
                    bytes,
                    BackupVerifier.ms(t0),
                    replaced,
                    "",
                    message);
        }

        RestoreResult failed(String entry, String message) {
            return new RestoreResult(
                    name,
                    target.toString(),
                    dryRun,
                    false,
                    files,
                    directories,
                    links,
                    bytes,
                    BackupVerifier.ms(t0),
                    replaced,
                    entry,
                    message);
        }
    }
}
