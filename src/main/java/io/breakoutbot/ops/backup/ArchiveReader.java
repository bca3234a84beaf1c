package io.breakoutbot.ops.backup;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an archive in one pass and checks everything a restore must trust, entry by entry, before a visitor
 * sees the entry: safe names, links that stay inside, no write through an earlier link, no duplicates, the
 * limits (entries, declared bytes, decompressed bytes per archive byte); then hashes each file as it streams, and
 * at the end resolves every link through the others ({@link EntryNames#linkEscape}), compares what it saw with
 * the manifest and hands back the SHA-256 of the archive file.
 *
 * <p>gzip is read with commons-compress, which reads every member and fails on bad CRCs and trailing garbage:
 * Java 17's {@code GZIPInputStream} may stop quietly at a member boundary when its source reports nothing
 * available, and ignores what follows.
 */
final class ArchiveReader {

    /** Largest manifest accepted, bytes; about 500 bytes an entry, so well above the default entry limit. */
    static final int MAX_MANIFEST = 256 << 20;
    /** Decompressed bytes allowed beyond the ratio, for tiny archives (tar pads to 10 KiB). */
    private static final long SLACK = 1 << 20;

    private static final int BUFFER = 1 << 18;

    /** Sees each entry once it passed the checks. */
    interface Visitor {
        void directory(Manifest.Entry entry) throws IOException;

        /** @return where the content goes, or null to only hash it; closed by the reader */
        OutputStream file(Manifest.Entry entry) throws IOException;

        void symlink(Manifest.Entry entry) throws IOException;
    }

    /** Checks and hashes, writes nothing. */
    static final Visitor CHECK_ONLY = new Visitor() {
        @Override
        public void directory(Manifest.Entry entry) {}

        @Override
        public OutputStream file(Manifest.Entry entry) {
            return null;
        }

        @Override
        public void symlink(Manifest.Entry entry) {}
    };

    /**
     * @param manifest      as stored
     * @param archiveSha256 hex SHA-256 of the archive file
     * @param files         regular files
     * @param directories   directories
     * @param links         symbolic links
     * @param bytes         bytes of regular files
     */
    record Outcome(Manifest manifest, String archiveSha256, long files, long directories, long links, long bytes) {

        long entries() {
            return files + directories + links;
        }
    }

    private final RestoreLimits limits;
    private final BackupKey key;

    ArchiveReader(RestoreLimits limits, BackupKey key) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.key = key;
    }

    /**
     * Reads {@code channel} from its start; the channel stays open.
     *
     * @param encrypted whether the archive is sealed ({@code .enc})
     * @throws BadEntryException when the archive fails a check, naming the entry when there is one
     * @throws IOException       when the file cannot be read
     */
    Outcome read(FileChannel channel, boolean encrypted, Visitor visitor) throws IOException {
        if (encrypted && key == null) {
            throw new BadEntryException("", "the archive is encrypted and no backup key file is configured");
        }
        long archiveSize = channel.size();
        long maxDecompressed = saturatedAdd(saturatedMultiply(limits.maxRatio(), archiveSize), SLACK);
        channel.position(0);
        MessageDigest archiveSha = BackupWriter.sha256();
        // The digest sits below the buffer: gzip marks and resets its input, and must not make bytes count twice.
        InputStream raw = new BufferedInputStream(
                new DigestInputStream(new Unclosed(Channels.newInputStream(channel)), archiveSha), BUFFER);
        Pass pass = new Pass(visitor, archiveSize, maxDecompressed);
        try {
            InputStream compressed = encrypted ? key.decrypting(raw) : raw;
            Counted tarBytes = new Counted(new GzipCompressorInputStream(compressed, true), maxDecompressed, limits);
            TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, "UTF-8");
            pass.entries(tar);
            byte[] sink = new byte[BUFFER];
            while (tarBytes.read(sink) >= 0) {
                // Reads the rest (tar padding, further members) so every gzip CRC is checked.
            }
            while (raw.read(sink) >= 0) {
                // The archive's hash covers every byte of the file.
            }
        } catch (BadEntryException e) {
            throw e.entry().isEmpty() ? new BadEntryException(pass.at, e.getMessage(), e) : e;
        } catch (IOException e) {
            throw new BadEntryException(pass.at, "the archive is damaged or truncated: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // commons-compress reports some malformed headers as IllegalArgumentException and friends.
            throw new BadEntryException(pass.at, "the archive is malformed: " + e, e);
        }
        pass.compareWithManifest();
        return new Outcome(
                pass.manifest,
                HexFormat.of().formatHex(archiveSha.digest()),
                pass.files,
                pass.directories,
                pass.links,
                pass.bytes);
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** One reading of one archive. */
    private final class Pass {
        final Visitor visitor;
        final long archiveSize;
        final long maxDecompressed;
        final Map<String, String> types = new HashMap<>();
        final Map<String, String> targets = new LinkedHashMap<>();
        final List<Manifest.Entry> seen = new ArrayList<>();
        final byte[] buffer = new byte[BUFFER];
        Manifest manifest;
        String at = "";
        long count;
        long declared;
        long files;
        long directories;
        long links;
        long bytes;

        Pass(Visitor visitor, long archiveSize, long maxDecompressed) {
            this.visitor = visitor;
            this.archiveSize = archiveSize;
            this.maxDecompressed = maxDecompressed;
        }

        void entries(TarArchiveInputStream tar) throws IOException {
            String previous = "";
            while (true) {
                at = previous.isEmpty() ? "(first entry)" : "(entry after " + previous + ")";
                TarArchiveEntry entry = tar.getNextEntry();
                if (entry == null) {
                    checkLinkChains();
                    return;
                }
                at = EntryNames.printable(entry.getName());
                entry(tar, entry);
                previous = at;
            }
        }

        private void entry(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
            if (++count > limits.maxEntries()) {
                throw new BadEntryException(
                        at, "the archive has more than " + limits.maxEntries() + " entries, the configured limit");
            }
            if (manifest != null) {
                throw new BadEntryException(at, "an entry follows the manifest, which must be last");
            }
            String path = EntryNames.check(entry.getName());
            long size = entry.getSize();
            if (size < 0) {
                throw new BadEntryException(at, "the entry declares a negative size");
            }
            declared = saturatedAdd(declared, size);
            if (declared > limits.maxTotalBytes()) {
                throw new BadEntryException(
                        at, "the entries declare more than " + limits.maxTotalBytes() + " bytes, the configured limit");
            }
            if (declared > maxDecompressed) {
                throw new BadEntryException(
                        at,
                        "the entries declare " + declared + " bytes for an archive of " + archiveSize
                                + " bytes, over the compression ratio limit of " + limits.maxRatio());
            }
            byte flag = entry.getLinkFlag();
            if (path.equals(Manifest.PATH) && (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM)) {
                readManifest(tar, size);
                return;
            }
            if (path.equals(Manifest.DIRECTORY) || path.startsWith(Manifest.DIRECTORY + "/")) {
                throw new BadEntryException(at, Manifest.DIRECTORY + " is reserved for the manifest");
            }
            if (types.containsKey(path)) {
                throw new BadEntryException(at, "the entry appears twice");
            }
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                String parentType = types.get(parent);
                if (Manifest.SYMLINK.equals(parentType)) {
                    throw new BadEntryException(at, "the entry would be written through the symbolic link " + parent);
                }
                if (Manifest.FILE.equals(parentType)) {
                    throw new BadEntryException(at, "the entry lies below the file " + parent);
                }
            }
            int mode = entry.getMode() & 0777;
            long mtime = entry.getModTime().toInstant().getEpochSecond();
            String octal = BackupWriter.octal(mode);
            Manifest.Entry result;
            if (flag == TarConstants.LF_DIR) {
                result = new Manifest.Entry(path, Manifest.DIR, 0, octal, mtime, null, null);
                visitor.directory(result);
                directories++;
            } else if (flag == TarConstants.LF_SYMLINK) {
                String target = entry.getLinkName();
                if (!EntryNames.linkStaysInside(path, target)) {
                    throw new BadEntryException(
                            at, "symbolic link to " + EntryNames.printable(target) + " points outside the target");
                }
                result = new Manifest.Entry(path, Manifest.SYMLINK, 0, octal, mtime, null, target);
                targets.put(path, target);
                visitor.symlink(result);
                links++;
            } else if (flag == TarConstants.LF_LINK) {
                String target = entry.getLinkName();
                try {
                    EntryNames.check(target);
                } catch (BadEntryException outside) {
                    throw new BadEntryException(
                            at, "hard link to " + EntryNames.printable(target) + " points outside the target");
                }
                throw new BadEntryException(
                        at, "hard link to " + EntryNames.printable(target) + ": backups never contain hard links");
            } else if ((flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM) && !entry.isSparse()) {
                Manifest.Entry partial = new Manifest.Entry(path, Manifest.FILE, size, octal, mtime, null, null);
                result = new Manifest.Entry(path, Manifest.FILE, size, octal, mtime, content(tar, partial), null);
                files++;
                bytes += size;
            } else {
                throw new BadEntryException(
                        at, "unsupported entry type '" + (char) flag + "' (device, fifo, sparse file or other)");
            }
            types.put(path, result.type());
            seen.add(result);
        }

        /**
         * Every link resolved against the whole tree, once it is known: a link may lead through one that comes
         * later in the archive.
         */
        private void checkLinkChains() throws BadEntryException {
            for (Map.Entry<String, String> link : targets.entrySet()) {
                String escape = EntryNames.linkEscape(
                        link.getKey(), link.getValue(), targets::get, top -> types.containsKey(top));
                if (escape != null) {
                    throw new BadEntryException(
                            EntryNames.printable(link.getKey()),
                            "symbolic link to " + EntryNames.printable(link.getValue()) + " " + escape);
                }
            }
        }

        private String content(TarArchiveInputStream tar, Manifest.Entry partial) throws IOException {
            long size = partial.size();
            MessageDigest sha = BackupWriter.sha256();
            long got = 0;
            try (OutputStream out = visitor.file(partial)) {
                int n;
                while ((n = tar.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                    if (out != null) {
                        out.write(buffer, 0, n);
                    }
                    got += n;
                }
            }
            if (got != size) {
                throw new BadEntryException(at, "the entry holds " + got + " of its " + size + " bytes");
            }
            return HexFormat.of().formatHex(sha.digest());
        }

        private void readManifest(TarArchiveInputStream tar, long size) throws IOException {
            if (size > MAX_MANIFEST) {
                throw new BadEntryException(at, "the manifest declares " + size + " bytes, over " + MAX_MANIFEST);
            }
            byte[] json = tar.readNBytes((int) size);
            if (json.length != size) {
                throw new BadEntryException(at, "the manifest is truncated");
            }
            Manifest parsed;
            try {
                parsed = BackupJson.read(new java.io.ByteArrayInputStream(json), Manifest.class);
            } catch (IOException e) {
                throw new BadEntryException(at, "the manifest cannot be read: " + e.getMessage(), e);
            }
            if (!Manifest.FORMAT.equals(parsed.format()) || parsed.version() != Manifest.VERSION) {
                throw new BadEntryException(
                        at,
                        "the manifest is format " + parsed.format() + " version " + parsed.version()
                                + "; this program reads " + Manifest.FORMAT + " version " + Manifest.VERSION);
            }
            String problem = parsed.problem();
            if (problem != null) {
                throw new BadEntryException(at, "the manifest is malformed: " + problem);
            }
            manifest = parsed;
        }

        void compareWithManifest() throws BadEntryException {
            if (manifest == null) {
                throw new BadEntryException(
                        "",
                        "the archive has no manifest (" + Manifest.PATH
                                + "): truncated, or not written by breakout-ops");
            }
            Map<String, Manifest.Entry> listed = new LinkedHashMap<>();
            for (Manifest.Entry e : manifest.entries()) {
                listed.put(e.path(), e);
            }
            for (Manifest.Entry actual : seen) {
                Manifest.Entry expected = listed.remove(actual.path());
                if (expected == null) {
                    throw new BadEntryException(actual.path(), "the entry is not listed in the manifest");
                }
                String difference = difference(expected, actual);
                if (difference != null) {
                    throw new BadEntryException(actual.path(), "the entry differs from the manifest: " + difference);
                }
            }
            if (!listed.isEmpty()) {
                String missing = listed.keySet().iterator().next();
                throw new BadEntryException(missing, "the manifest lists the entry but the archive lacks it");
            }
        }
    }

    /** @return what differs, or null */
    static String difference(Manifest.Entry expected, Manifest.Entry actual) {
        if (!expected.type().equals(actual.type())) {
            return "type " + actual.type() + ", manifest says " + expected.type();
        }
        if (expected.size() != actual.size()) {
            return "size " + actual.size() + ", manifest says " + expected.size();
        }
        if (!Objects.equals(expected.sha256(), actual.sha256())) {
            return "SHA-256 " + actual.sha256() + ", manifest says " + expected.sha256();
        }
        if (!Objects.equals(expected.target(), actual.target())) {
            return "link target " + actual.target() + ", manifest says " + expected.target();
        }
        if (expected.permissions() != actual.permissions()) {
            return "mode " + actual.mode() + ", manifest says " + expected.mode();
        }
        if (expected.mtime() != actual.mtime()) {
            return "mtime " + actual.mtime() + ", manifest says " + expected.mtime();
        }
        return null;
    }

    /** Counts decompressed bytes and stops a decompression bomb. */
    private static final class Counted extends FilterInputStream {
        private final long max;
        private final RestoreLimits limits;
        private long count;

        Counted(InputStream in, long max, RestoreLimits limits) {
            super(in);
            this.max = max;
            this.limits = limits;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        private void add(long n) throws BadEntryException {
            count += n;
            if (count > max) {
                throw new BadEntryException(
                        "",
                        "the archive decompresses to more than " + limits.maxRatio()
                                + " times its size, the configured compression ratio limit");
            }
        }
    }

    /** Keeps the caller's channel open when the stream chain is dropped. */
    private static final class Unclosed extends FilterInputStream {
        Unclosed(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
