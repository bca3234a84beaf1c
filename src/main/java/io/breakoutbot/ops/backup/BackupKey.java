package io.breakoutbot.ops.backup;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The key of encrypted backups, read from a key file that holds either exactly 32 raw bytes or 64 hexadecimal
 * characters (surrounding white space allowed), e.g. made with {@code openssl rand -hex 32 > backup.key;
 * chmod 600 backup.key}. Like an SSH key, the file must not be readable by group or others.
 *
 * <p>It encrypts with Tink's streaming AEAD {@code AES256_GCM_HKDF_4KB}, the 32 bytes being the HKDF input key
 * (docs/backup-format.md has the layout and a decryptor without Java). 4 KB segments rather than 1 MB: a fresh
 * JVM's AES-GCM takes a slow path until the JIT has compiled its callers, which needs thousands of calls, so with
 * 1 MB segments the first backup after a start encrypted at a small fraction of the speed (bench/README.md).
 */
public final class BackupKey {

    static final int BYTES = 32;
    static final AesGcmHkdfStreamingParameters FORMAT = PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB;
    /** Bytes per segment on disk; the first segment shares them with the header. */
    static final int SEGMENT = FORMAT.getCiphertextSegmentSizeBytes();
    /** Header length byte, HKDF salt, nonce prefix. */
    static final int HEADER = 1 + BYTES + 7;
    /**
     * Bound into the derived key, so that a file another program encrypted with the same key does not pass for a
     * backup.
     */
    static final byte[] ASSOCIATED_DATA = Manifest.FORMAT.getBytes(StandardCharsets.US_ASCII);

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final StreamingAead aead;

    private BackupKey(byte[] bytes) {
        try {
            this.aead = AesGcmHkdfStreaming.create(
                    AesGcmHkdfStreamingKey.create(FORMAT, SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM or HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** For tests and tools: a key from its 32 bytes. */
    static BackupKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("An AES-256 key has 32 bytes, not " + bytes.length + ".");
        }
        return new BackupKey(bytes);
    }

    /** @throws IllegalArgumentException with a sentence naming the file and what is wrong */
    public static BackupKey read(Path file) {
        byte[] content;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        "Backup key file " + file + " does not exist or is not a regular file.");
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                if (!OWNER_ONLY.containsAll(permissions)) {
                    throw new IllegalArgumentException(
                            "Backup key file " + file + " must be readable by its owner only (chmod 600).");
                }
            } catch (UnsupportedOperationException notPosix) {
                // Without POSIX permissions there is nothing to check.
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Backup key file " + file + " cannot be read: " + e.getMessage() + ".", e);
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

    /**
     * Writes the header at once; {@code close()} seals the last segment and flushes, but leaves {@code out} open,
     * so that the caller can still fsync the file below.
     */
    public OutputStream encrypting(OutputStream out) throws IOException {
        try {
            return aead.newEncryptingStream(new LeftOpen(out), ASSOCIATED_DATA);
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption cannot start: " + e.getMessage(), e);
        }
    }

    /**
     * Fails with an IOException that says where and why as soon as a segment does not authenticate, and at the
     * end of {@code in} unless the segment read last was sealed as the last one (so a cut file fails too).
     */
    InputStream decrypting(InputStream in) throws IOException {
        Consumed consumed = new Consumed(in);
        InputStream plain;
        try {
            plain = aead.newDecryptingStream(consumed, ASSOCIATED_DATA);
        } catch (GeneralSecurityException e) {
            throw new IOException("decryption cannot start: " + e.getMessage(), e);
        }
        return new FilterInputStream(plain) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw consumed.explain(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw consumed.explain(e);
                }
            }
        };
    }

    /** Tink closes the stream it writes to when it is closed; the file below must stay open for its fsync. */
    private static final class LeftOpen extends FilterOutputStream {

        LeftOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * Counts what Tink has read, to name the segment that failed: Tink's own messages are multi-line dumps of its
     * buffers. Tink reads the 40-byte header, then each segment whole plus one byte more (to know whether it is the
     * last) before it decrypts that segment.
     */
    private static final class Consumed extends FilterInputStream {
        private long bytes;
        private int first = -1;
        private boolean ended;

        Consumed(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? -1 : 1, b);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            count(n, n > 0 ? b[off] & 0xff : -1);
            return n;
        }

        private void count(int n, int firstByte) {
            if (n < 0) {
                ended = true;
                return;
            }
            if (bytes == 0 && n > 0) {
                first = firstByte;
            }
            bytes += n;
        }

        IOException explain(IOException e) {
            boolean tinkRefused = e.getCause() instanceof GeneralSecurityException
                    || String.valueOf(e.getMessage()).contains("too short");
            if (!tinkRefused) {
                return e; // the file itself could not be read
            }
            if (first >= 0 && first != HEADER) {
                return new IOException(
                        String.format(
                                "not an encrypted backup in Tink's AES256_GCM_HKDF_4KB format: "
                                        + "its first byte is 0x%02x, not the header length 0x%02x",
                                first, HEADER),
                        e);
            }
            if (bytes <= HEADER) {
                return new IOException(
                        "encrypted backup is truncated: " + bytes + " bytes, shorter than its " + HEADER
                                + "-byte header and one segment",
                        e);
            }
            // The segment Tink just read ends at the last byte it read, or the one before when it read one ahead.
            long end = ended ? bytes : bytes - 1;
            long segment = (end - 1) / SEGMENT;
            return new IOException(
                    "encrypted backup fails authentication at segment " + segment
                            + ": damaged, truncated, reordered, or another key",
                    e);
        }
    }
}
