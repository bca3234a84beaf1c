package io.breakoutbot.ops.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * A file as the body of one streamed PUT, hashed (MD5 and SHA-256) as it is sent. The file is read in blocks; each
 * block is handed to the HTTP client and, at the same time, to a thread of its own that hashes it, so the sending
 * thread only copies and the digests cost no time on it when a core is free. A block is reused only after it was both
 * sent and hashed, so the digests describe exactly the bytes sent.
 *
 * <p>Each {@link #newStream()} (the SDK asks again when it retries) opens the file anew and starts the digests over.
 * The stream yields exactly the size given and fails when the file turns out shorter or longer, so a file that changes
 * during the upload never passes as the size it had. That failure is a {@link FileChangedException}, which the SDK
 * does not retry (it retries I/O errors), and it is remembered: sending a changed file again, whole, would fail the
 * same way.
 */
final class FileBody implements ContentStreamProvider, AutoCloseable {

    /** Bytes per block read from the file. */
    private static final int BLOCK = 1 << 20;
    /** Blocks in memory at once: the one being sent and those waiting to be hashed. */
    private static final int BLOCKS = 4;

    /**
     * What the last attempt sent.
     *
     * @param md5    hex MD5 of the bytes sent
     * @param sha256 hex SHA-256 of the bytes sent
     */
    record Sent(String md5, String sha256) {}

    /** The file is not the size it was said to be: it changed since, or while it was sent. */
    static final class FileChangedException extends IllegalStateException {
        FileChangedException(String message) {
            super(message);
        }
    }

    private final Path file;
    private final long bytes;
    private final ExecutorService hasher;
    private Blocks current;
    /** Why the file was found changed, once it was; null before. */
    private volatile String changed;

    /** @param bytes the file's size in bytes */
    FileBody(Path file, long bytes, ThreadFactory threads) {
        this.file = file;
        this.bytes = bytes;
        this.hasher = Executors.newSingleThreadExecutor(threads);
    }

    @Override
    public synchronized InputStream newStream() {
        closeCurrent();
        if (changed != null) {
            throw new FileChangedException(changed);
        }
        try {
            long size = Files.size(file);
            if (size != bytes) {
                throw changed(
                        file + " has " + size + " bytes, not the " + bytes + " it had; it changed before the upload.");
            }
            current = new Blocks(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return current;
    }

    private FileChangedException changed(String why) {
        changed = why;
        return new FileChangedException(why);
    }

    /**
     * The digests of the bytes the last attempt sent.
     *
     * @throws IOException when the body was not sent to its end, so the store cannot hold the whole file
     */
    synchronized Sent sent() throws IOException {
        if (current == null || current.served != bytes) {
            throw new RemoteException(
                    "The upload of " + file + " ended before its " + bytes + " bytes were sent; it is not trusted.");
        }
        current.awaitHashed();
        return new Sent(
                HexFormat.of().formatHex(current.md5.digest()), HexFormat.of().formatHex(current.sha256.digest()));
    }

    @Override
    public synchronized void close() {
        closeCurrent();
        hasher.shutdownNow();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // only read from; nothing was written that closing could lose
            }
        }
    }

    /** A block handed to the hasher, reusable once its hash is done. */
    private record Hashed(byte[] block, Future<?> done) {}

    /** The file's first {@code bytes} bytes in blocks; the file must end there. */
    private final class Blocks extends InputStream {
        final MessageDigest md5 = Bucket.digest("MD5");
        final MessageDigest sha256 = Bucket.digest("SHA-256");
        final InputStream in;
        final ArrayDeque<Hashed> hashing = new ArrayDeque<>();
        long loaded;
        long served;
        byte[] block;
        int position;
        int limit;

        Blocks(InputStream in) {
            this.in = in;
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
            if (position == limit && !load()) {
                return -1;
            }
            int n = Math.min(len, limit - position);
            System.arraycopy(block, position, b, off, n);
            position += n;
            served += n;
            return n;
        }

        /** Reads the next block and starts its hash; false at the end. Every earlier block has been sent. */
        private boolean load() throws IOException {
            if (loaded == bytes) {
                if (bytes == 0 && in.read() >= 0) {
                    throw changed(file + " is no longer empty; it changed during the upload.");
                }
                return false;
            }
            byte[] next;
            if (hashing.size() < BLOCKS) {
                next = new byte[(int) Math.min(BLOCK, bytes)];
            } else {
                Hashed oldest = hashing.poll();
                await(oldest.done());
                next = oldest.block();
            }
            int wanted = (int) Math.min(next.length, bytes - loaded);
            int n = in.readNBytes(next, 0, wanted);
            if (n < wanted) {
                throw changed(file + " ended " + (bytes - loaded - n) + " bytes short of the " + bytes
                        + " it had; it changed during the upload.");
            }
            loaded += n;
            // The file must end here: one more byte means it grew since its size was taken.
            if (loaded == bytes && in.read() >= 0) {
                throw changed(file + " is longer than the " + bytes + " bytes it had; it changed during the upload.");
            }
            hashing.add(new Hashed(next, hasher.submit(() -> {
                md5.update(next, 0, n);
                sha256.update(next, 0, n);
            })));
            block = next;
            position = 0;
            limit = n;
            return true;
        }

        void awaitHashed() throws IOException {
            while (!hashing.isEmpty()) {
                await(hashing.poll().done());
            }
        }

        private void await(Future<?> done) throws IOException {
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing " + file);
            } catch (ExecutionException e) {
                throw new IOException("Hashing " + file + " failed: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("the body is read whole, never skipped");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
