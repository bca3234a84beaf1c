package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Removes our own scratch trees (restore staging, the previous tree kept aside, drill scratch). The walk never
 * follows a symbolic link: a link is deleted, never what it points to. Directories restored read-only are made
 * writable by their owner first, or their children could not go.
 */
final class Trees {

    private Trees() {}

    static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                try {
                    Set<PosixFilePermission> permissions =
                            Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                    if (permissions.add(PosixFilePermission.OWNER_WRITE)
                            | permissions.add(PosixFilePermission.OWNER_EXECUTE)
                            | permissions.add(PosixFilePermission.OWNER_READ)) {
                        Files.setPosixFilePermissions(dir, permissions);
                    }
                } catch (UnsupportedOperationException notPosix) {
                    // Nothing to loosen.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
