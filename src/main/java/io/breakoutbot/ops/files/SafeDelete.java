package io.breakoutbot.ops.files;

import io.breakoutbot.ops.jobs.NamedThreads;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Deletes planned files without ever leaving the directory or following a link. Each file is deleted
 * by name relative to an open handle on the directory (a {@link SecureDirectoryStream} on Linux), so a
 * directory swapped for a symbolic link cannot redirect it, and only when it is still the same regular
 * file the scan saw (same device and inode): a file replaced by a link, or rewritten as a new file,
 * since the scan is left alone and reported.
 */
public final class SafeDelete {

    /** Plans this large are deleted by {@link #WORKERS} threads. */
    public static final int PARALLEL_FROM = 1000;

    static final int WORKERS = 4;

    private SafeDelete() {}

    /**
     * @param deleted what went, with its size
     * @param skipped names left in place, each with why
     */
    public record Outcome(List<Deletion> deleted, List<String> skipped) {

        public long bytesFreed() {
            return deleted.stream().mapToLong(d -> d.file().bytes()).sum();
        }
    }

    /**
     * @param threads where the {@link #WORKERS} threads of a plan of {@link #PARALLEL_FROM} files or more come from
     */
    public static Outcome delete(Path directory, List<Deletion> plan, ThreadFactory threads) throws IOException {
        try (DirectoryStream<Path> handle = Files.newDirectoryStream(directory)) {
            if (plan.size() < PARALLEL_FROM) {
                return deleteAll(handle, directory, plan);
            }
            // A file system may make each unlink wait for the disk (ext4 with discard frees the blocks
            // synchronously, after the directory lock is released): a few threads overlap those waits.
            // Each keeps the checks of a single one; the chunks keep the plan's order in the outcome.
            int size = (plan.size() + WORKERS - 1) / WORKERS;
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS, new NamedThreads(threads, "safe-delete"));
            try {
                List<Future<Outcome>> chunks = new ArrayList<>();
                for (int from = 0; from < plan.size(); from += size) {
                    List<Deletion> chunk = plan.subList(from, Math.min(plan.size(), from + size));
                    chunks.add(workers.submit(() -> deleteAll(handle, directory, chunk)));
                }
                List<Deletion> deleted = new ArrayList<>();
                List<String> skipped = new ArrayList<>();
                for (Future<Outcome> chunk : chunks) {
                    Outcome outcome = chunk.get();
                    deleted.addAll(outcome.deleted());
                    skipped.addAll(outcome.skipped());
                }
                return new Outcome(deleted, skipped);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while deleting in " + directory, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } finally {
                workers.shutdownNow();
            }
        }
    }

    private static Outcome deleteAll(DirectoryStream<Path> handle, Path directory, List<Deletion> plan) {
        List<Deletion> deleted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Deletion d : plan) {
            String name = d.file().name();
            if (name.contains("/") || name.equals("..") || name.equals(".")) {
                skipped.add(name + ": not a plain file name");
                continue;
            }
            try {
                String changed = changedSinceScan(handle, directory, d.file());
                if (changed != null) {
                    skipped.add(name + ": " + changed);
                } else {
                    unlink(handle, directory, name);
                    deleted.add(d);
                }
            } catch (NoSuchFileException gone) {
                skipped.add(name + ": already gone");
            } catch (IOException e) {
                skipped.add(name + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        return new Outcome(deleted, skipped);
    }

    private static String changedSinceScan(DirectoryStream<Path> handle, Path directory, ScannedFile scanned)
            throws IOException {
        Path name = Path.of(scanned.name());
        BasicFileAttributes now = handle instanceof SecureDirectoryStream<Path> secure
                ? secure.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes()
                : Files.readAttributes(directory.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!now.isRegularFile()) {
            return "no longer a regular file (a link or directory took its place); not deleted";
        }
        if (scanned.fileKey() != null && !Objects.equals(scanned.fileKey(), now.fileKey())) {
            return "replaced by another file since the scan; not deleted";
        }
        return null;
    }

    private static void unlink(DirectoryStream<Path> handle, Path directory, String name) throws IOException {
        if (handle instanceof SecureDirectoryStream<Path> secure) {
            secure.deleteFile(Path.of(name));
        } else {
            // Without directory handles (not Linux), the link check above and a no-follow delete remain.
            Files.delete(directory.resolve(name));
        }
    }
}
