package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.Optional;

/** Rotates one log file of another process; our own files rotate through logback instead. */
public final class FileRotation {

    /** Copy passes at most, before the sync and again before the truncation. */
    private static final int CATCH_UP_PASSES = 5;

    private FileRotation() {}

    /**
     * @return the generation written, or empty when there was nothing to rotate (empty, missing, not a
     *         regular file)
     */
    public static Optional<Path> rotate(Path file, RotationMethod method, Instant now) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile() || attributes.size() == 0) {
            return Optional.empty();
        }
        Path generation = new RotatedFiles(file).next(now);
        if (method == RotationMethod.RENAME) {
            renameAndCreate(file, generation, attributes);
        } else {
            copyAndTruncate(file, generation);
        }
        return Optional.of(generation);
    }

    private static void renameAndCreate(Path file, Path generation, PosixFileAttributes was) throws IOException {
        Files.move(file, generation, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException writerReopenedFirst) {
            return; // the writer already made its new file, with the mode it wanted
        }
        PosixFileAttributeView view =
                Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setPermissions(was.permissions());
        try {
            view.setOwner(was.owner());
            view.setGroup(was.group());
        } catch (IOException notPermitted) {
            // Only root may give a file away; otherwise the new file is ours, as logrotate's would be.
        }
    }

    /**
     * Copies, then truncates in place. Lines a writer appends between the last copy pass and the truncation
     * are lost, so that window holds as little as can be: the bulk is copied and synced first, then the lines
     * that arrived meanwhile are copied in passes that shrink to nothing, and the truncation follows the
     * last pass at once. The generation is renamed into place before the truncation, so a crash in between
     * leaves lines twice, never lost. The tail copied after the sync is synced just after the truncation: a
     * power failure in that instant could lose it, a trade for not losing lines on every rotation.
     */
    private static void copyAndTruncate(Path file, Path generation) throws IOException {
        Path temp = RotatedFiles.temp(generation);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long copied = catchUp(in, out, 0);
            // Syncing here, not between the last pass and the truncation: a sync takes as long as the disk
            // does, and every line written meanwhile would be lost.
            out.force(true);
            Files.move(temp, generation, StandardCopyOption.ATOMIC_MOVE);
            catchUp(in, out, copied);
            in.truncate(0);
            out.force(true);
        } catch (IOException | RuntimeException e) {
            DurableFiles.discard(temp, e);
            throw e;
        }
        DurableFiles.syncDirectory(generation.getParent());
    }

    /** Copies from {@code copied} on until the size stops moving (or a few passes); returns the bytes copied. */
    private static long catchUp(FileChannel in, FileChannel out, long copied) throws IOException {
        for (int pass = 0; pass < CATCH_UP_PASSES; pass++) {
            long size = in.size();
            if (size <= copied) {
                break;
            }
            while (copied < size) {
                copied += in.transferTo(copied, size - copied, out);
            }
        }
        return copied;
    }
}
