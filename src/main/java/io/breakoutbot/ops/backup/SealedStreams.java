package io.breakoutbot.ops.backup;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM in independent chunks, because Java's GCM decryption holds a whole message in memory before it
 * returns a byte. Format (all integers big-endian):
 *
 * <pre>
 * header  = "BOBAKGCM" (8 ASCII bytes) | version 0x01 | chunk size (4 bytes, plaintext bytes per chunk) | nonce prefix (8 random bytes)
 * chunk i = AES-GCM(key, nonce = prefix | i as 4 bytes, aad = header | final flag byte) = ciphertext | 16-byte tag
 * </pre>
 *
 * Every chunk but the last holds exactly {@code chunk size} plaintext bytes; the last holds 0 to chunk size bytes
 * and is sealed with final flag 1, all others with 0. So a reordered chunk fails (its counter is in the nonce), a
 * chunk from another file fails (another prefix), and a file cut anywhere fails (its new last chunk was sealed as
 * not final, or is short of its tag).
 */
final class SealedStreams {

    static final byte[] MAGIC = "BOBAKGCM".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = 21;
    static final int TAG = 16;
    static final int CHUNK = 1 << 20;
    private static final int MAX_CHUNK = 64 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedStreams() {
    }

    static OutputStream encrypt(OutputStream out, BackupKey key) throws IOException {
        return new Sealing(out, key, CHUNK);
    }

    static InputStream decrypt(InputStream in, BackupKey key) throws IOException {
        return new Opening(in, key);
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    private static byte[] nonce(byte[] header, long counter) throws IOException {
        if (counter > 0xFFFF_FFFFL) {
            throw new IOException("encrypted stream too long: more than 2^32 chunks");
        }
        byte[] nonce = new byte[12];
        System.arraycopy(header, HEADER - 8, nonce, 0, 8);
        ByteBuffer.wrap(nonce, 8, 4).putInt((int) counter);
        return nonce;
    }

    /** Buffers one chunk; a full chunk is sealed only once a further byte shows it is not the last. */
    static final class Sealing extends FilterOutputStream {
        private final BackupKey key;
        private final Cipher cipher = cipher();
        private final byte[] header = new byte[HEADER];
        private final byte[] chunk;
        private int filled;
        private long counter;
        private boolean finished;

        Sealing(OutputStream out, BackupKey key, int chunkSize) throws IOException {
            super(out);
            this.key = key;
            this.chunk = new byte[chunkSize];
            ByteBuffer h = ByteBuffer.wrap(header);
            h.put(MAGIC).put((byte) VERSION).putInt(chunkSize);
            byte[] prefix = new byte[8];
            RANDOM.nextBytes(prefix);
            h.put(prefix);
            out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == chunk.length) {
                    seal(false);
                }
                int n = Math.min(len, chunk.length - filled);
                System.arraycopy(b, off, chunk, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        /** Seals the last chunk; the stream below stays open. */
        void finish() throws IOException {
            if (!finished) {
                seal(true);
                finished = true;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                finish();
            } finally {
                super.close();
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG * 8, nonce(header, counter)));
                cipher.updateAAD(header);
                cipher.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
                out.write(cipher.doFinal(chunk, 0, filled));
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
            counter++;
            filled = 0;
        }
    }

    /** Reads one sealed chunk ahead of the caller; a chunk followed by end of file must be sealed as final. */
    static final class Opening extends InputStream {
        private final InputStream in;
        private final BackupKey key;
        private final Cipher cipher = cipher();
        private final byte[] header;
        private final byte[] sealed;
        private int carry = -1;
        private byte[] plain = new byte[0];
        private int position;
        private long counter;
        private boolean done;

        Opening(InputStream in, BackupKey key) throws IOException {
            this.in = in;
            this.key = key;
            this.header = in.readNBytes(HEADER);
            if (header.length < HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
                throw new IOException("not an encrypted backup (no BOBAKGCM header)");
            }
            if (header[8] != VERSION) {
                throw new IOException("encrypted backup format version " + header[8] + " is not supported (only " + VERSION + ")");
            }
            int chunkSize = ByteBuffer.wrap(header, 9, 4).getInt();
            if (chunkSize < 1 || chunkSize > MAX_CHUNK) {
                throw new IOException("encrypted backup header names a chunk size of " + chunkSize + " bytes");
            }
            this.sealed = new byte[chunkSize + TAG];
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (done) {
                    return -1;
                }
                open();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return plain.length - position;
        }

        private void open() throws IOException {
            int got = 0;
            if (carry >= 0) {
                sealed[got++] = (byte) carry;
                carry = -1;
            }
            got += in.readNBytes(sealed, got, sealed.length - got);
            boolean last = got < sealed.length;
            if (!last) {
                carry = in.read();
                last = carry < 0;
            }
            if (got < TAG) {
                throw new EOFException("encrypted backup is truncated at chunk " + counter);
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key.secret(), new GCMParameterSpec(TAG * 8, nonce(header, counter)));
                cipher.updateAAD(header);
                cipher.updateAAD(new byte[] {(byte) (last ? 1 : 0)});
                plain = cipher.doFinal(sealed, 0, got);
            } catch (AEADBadTagException e) {
                throw new IOException("encrypted backup fails authentication at chunk " + counter
                        + ": damaged, truncated, reordered, or another key", e);
            } catch (GeneralSecurityException e) {
                throw new IOException("decryption failed at chunk " + counter, e);
            }
            position = 0;
            counter++;
            done = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
