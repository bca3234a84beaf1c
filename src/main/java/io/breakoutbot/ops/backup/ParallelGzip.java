package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.jobs.NamedThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip on several cores: the stream is cut into blocks, each compressed on a pool thread into a complete gzip
 * member (RFC 1952 allows any number, and {@code gzip -d}, GNU tar and zlib read them as one stream), and the
 * members are written in order. A block whose samples do not compress is stored (deflate level 0): compressing
 * random bytes costs as much as text and saves nothing.
 *
 * <p>At most {@code 2 x threads + 1} blocks are in flight, so memory stays at a few blocks.
 */
final class ParallelGzip extends OutputStream {

    /** Level-1 output/input of the samples above which a block is stored, not compressed. */
    static final double INCOMPRESSIBLE = 0.95;

    private static final int SAMPLES = 4;
    private static final int SAMPLE = 4096;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

    private final OutputStream out;
    private final int level;
    private final int blockSize;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private byte[] block;
    private int filled;
    private boolean wroteMember;
    private boolean finished;
    private long storedBlocks;
    private long blocks;

    /**
     * @param out       receives the gzip stream; closed by {@link #close()}
     * @param level     deflate level of compressible blocks, 1 to 9
     * @param blockSize bytes per member
     * @param threads   compressing threads
     * @param factory   where they come from
     */
    ParallelGzip(OutputStream out, int level, int blockSize, int threads, ThreadFactory factory) {
        this.out = out;
        this.level = level;
        this.blockSize = blockSize;
        this.block = new byte[blockSize];
        this.maxInFlight = 2 * threads + 1;
        this.pool = Executors.newFixedThreadPool(threads, new NamedThreads(factory, "backup-gzip"));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, blockSize - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == blockSize) {
                submit();
            }
        }
    }

    /** Writes every member; the stream below stays open. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        if (filled > 0 || !wroteMember && inFlight.isEmpty()) {
            submit();
        }
        while (!inFlight.isEmpty()) {
            writeHead();
        }
        finished = true;
    }

    long blocks() {
        return blocks;
    }

    long storedBlocks() {
        return storedBlocks;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            pool.shutdownNow();
            out.close();
        }
    }

    /** Stops the threads without writing what is pending: for a write that failed. */
    void abandon() {
        inFlight.forEach(f -> f.cancel(true));
        pool.shutdownNow();
    }

    private void submit() throws IOException {
        byte[] data = block;
        int length = filled;
        inFlight.add(pool.submit(() -> member(data, length)));
        wroteMember = true;
        blocks++;
        block = new byte[blockSize];
        filled = 0;
        while (inFlight.size() > maxInFlight) {
            writeHead();
        }
    }

    private void writeHead() throws IOException {
        try {
            out.write(inFlight.removeFirst().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("compression failed", e.getCause());
        }
    }

    private byte[] member(byte[] data, int length) {
        boolean store = incompressible(data, length);
        if (store) {
            synchronized (this) {
                storedBlocks++;
            }
        }
        Deflater deflater = new Deflater(store ? Deflater.NO_COMPRESSION : level, true);
        try {
            deflater.setInput(data, 0, length);
            deflater.finish();
            byte[] buffer = new byte[length + length / 500 + 64 + HEADER.length + 8];
            System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
            int size = HEADER.length;
            while (!deflater.finished()) {
                if (size == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                size += deflater.deflate(buffer, size, buffer.length - size);
            }
            CRC32 crc = new CRC32();
            crc.update(data, 0, length);
            if (buffer.length < size + 8) {
                buffer = Arrays.copyOf(buffer, size + 8);
            }
            writeIntLe(buffer, size, (int) crc.getValue());
            writeIntLe(buffer, size + 4, length);
            return size + 8 == buffer.length ? buffer : Arrays.copyOf(buffer, size + 8);
        } finally {
            deflater.end();
        }
    }

    /** Deflates a few slices at level 1: cheap, and random data shows at once. */
    static boolean incompressible(byte[] data, int length) {
        if (length < SAMPLES * SAMPLE) {
            return false;
        }
        Deflater probe = new Deflater(1, true);
        try {
            byte[] sink = new byte[SAMPLE * 2];
            long in = 0;
            long out = 0;
            for (int i = 0; i < SAMPLES; i++) {
                int from = (int) ((long) (length - SAMPLE) * i / (SAMPLES - 1));
                probe.reset();
                probe.setInput(data, from, SAMPLE);
                probe.finish();
                while (!probe.finished()) {
                    out += probe.deflate(sink);
                }
                in += SAMPLE;
            }
            return out >= in * INCOMPRESSIBLE;
        } finally {
            probe.end();
        }
    }

    private static void writeIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
