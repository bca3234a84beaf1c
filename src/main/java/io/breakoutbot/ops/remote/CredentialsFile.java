package io.breakoutbot.ops.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** The credentials file must be the owner's alone, as ssh insists for its keys: a secret others can read is out. */
final class CredentialsFile {

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private CredentialsFile() {}

    /** @throws IllegalArgumentException when it is missing, not a regular file, or readable by group or others */
    static void check(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("The credentials file " + file + " does not exist or is not a file.");
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("The credentials file " + file + " cannot be read: " + e.getMessage());
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IllegalArgumentException("The credentials file " + file + " is readable by others ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(permissions) + "); chmod 600 it.");
        }
    }
}
