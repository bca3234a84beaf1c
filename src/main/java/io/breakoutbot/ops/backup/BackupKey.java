package io.breakoutbot.ops.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key of encrypted backups, read from a key file that holds either exactly 32 raw bytes or 64
 * hexadecimal characters (surrounding white space allowed), e.g. made with {@code openssl rand -hex 32 > backup.key;
 * chmod 600 backup.key}. Like an SSH key, the file must not be readable by group or others.
 */
public final class BackupKey {

    static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final SecretKey key;

    private BackupKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
    }

    SecretKey secret() {
        return key;
    }

    /** For tests and tools: a key from its 32 bytes. */
    static BackupKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("An AES-256 key has 32 bytes, not " + bytes.length + ".");
        }
        return new BackupKey(bytes.clone());
    }

    /** @throws IllegalArgumentException with a sentence naming the file and what is wrong */
    public static BackupKey read(Path file) {
        byte[] content;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("Backup key file " + file + " does not exist or is not a regular file.");
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    throw new IllegalArgumentException("Backup key file " + file
                            + " must be readable by its owner only (chmod 600).");
                }
            } catch (UnsupportedOperationException notPosix) {
                // Without POSIX permissions there is nothing to check.
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Backup key file " + file + " cannot be read: " + e.getMessage() + ".", e);
        }
        if (content.length == BYTES) {
            return new BackupKey(content);
        }
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (text.matches("[0-9a-fA-F]{64}")) {
            return new BackupKey(HexFormat.of().parseHex(text));
        }
        throw new IllegalArgumentException("Backup key file " + file + " must hold 32 raw bytes or 64 hexadecimal "
                + "characters (openssl rand -hex 32), but holds " + content.length + " bytes.");
    }
}
