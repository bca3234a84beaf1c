package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups hold {@code .env} and the bot's data: the backup directory is {@code 0700}, archives and checksums
 * {@code 0600}, whatever the umask, and a looser mode found later is tightened again (logged).
 */
final class OwnerOnly {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    /** Given at creation, so that a file is never readable by others, not even before a chmod. */
    static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);
    /** The same for a directory the service makes for itself, which {@link #directory} then finds as it should be. */
    static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);

    private OwnerOnly() {}

    static void directory(Path directory) throws IOException {
        apply(directory, DIRECTORY_MODE);
    }

    static void file(Path file) throws IOException {
        apply(file, FILE_MODE);
    }

    private static void apply(Path path, Set<PosixFilePermission> mode) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
            LOG.warn(
                    "{} was {}; set to {}: backups hold .env",
                    path,
                    PosixFilePermissions.toString(now),
                    PosixFilePermissions.toString(mode));
        }
    }
}
