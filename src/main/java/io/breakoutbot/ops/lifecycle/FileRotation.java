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

    private FileRotation() {
    }

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
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setPermissions(was.permissions());
        try {
            view.setOwner(was.owner());
            view.setGroup(was.group());
        } catch (IOException notPermitted) {
            // Only root may give a file away; otherwise the new file is ours, as logrotate's would be.
        }
    }

    /** Copies until the size stops moving, to keep the window in which lines can be lost short. */
    private static void copyAndTruncate(Path file, Path generation) throws IOException {
        Path temp = RotatedFiles.temp(generation);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long copied = 0;
            for (int pass = 0; pass < 5 && in.size() > copied; pass++) {
                long size = in.size();
                while (copied < size) {
                    copied += in.transferTo(copied, size - copied, out);
                }
            }
            out.force(true);
            Files.move(temp, generation, StandardCopyOption.ATOMIC_MOVE);
            in.truncate(0);
        } catch (IOException | RuntimeException e) {
            DurableFiles.discard(temp, e);
            throw e;
        }
    }
}
