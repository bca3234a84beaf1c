package io.breakoutbot.ops.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Hostile archives, written with a correct .sha256 so that only the entry checks can stop them. */
final class CraftedArchives {

    interface Content {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** Writes entries that a manifest will list exactly as the reader sees them. */
    interface ListedContent {
        void write(Listed tar) throws IOException;
    }

    /** A tar stream that lists what it writes, with fixed modes and mtimes. */
    static final class Listed {
        static final long MTIME = 1_700_000_000L;
        final TarArchiveOutputStream tar;
        final List<Manifest.Entry> entries = new ArrayList<>();

        Listed(TarArchiveOutputStream tar) {
            this.tar = tar;
        }

        void file(String name, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            put(new TarArchiveEntry(name, true), 0100644, bytes);
            entries.add(new Manifest.Entry(name, Manifest.FILE, bytes.length, "0644", MTIME, hex(sha256(bytes)), null));
        }

        void directory(String name) throws IOException {
            put(new TarArchiveEntry(name + "/", true), 040755, new byte[0]);
            entries.add(new Manifest.Entry(name, Manifest.DIR, 0, "0755", MTIME, null, null));
        }

        void link(String name, String target) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
            e.setLinkName(target);
            put(e, 0120777, new byte[0]);
            entries.add(new Manifest.Entry(name, Manifest.SYMLINK, 0, "0777", MTIME, null, target));
        }

        private void put(TarArchiveEntry e, int mode, byte[] bytes) throws IOException {
            e.setMode(mode);
            e.setModTime(MTIME * 1000);
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
    }

    private CraftedArchives() {}

    /** An archive whose manifest matches its entries, so that only the entry and link checks can stop it. */
    static void listed(Path archive, ListedContent content) throws IOException {
        listed(archive, content, UnaryOperator.identity());
    }

    /** @param json edits the manifest's JSON text before it is stored */
    static void listed(Path archive, ListedContent content, UnaryOperator<String> json) throws IOException {
        write(archive, tar -> {
            Listed listed = new Listed(tar);
            content.write(listed);
            Manifest manifest = new Manifest(
                    Manifest.FORMAT,
                    Manifest.VERSION,
                    BackupFixture.NOW.toString(),
                    "crafted",
                    archive.getFileName().toString(),
                    List.of(),
                    listed.entries,
                    List.of(),
                    List.of());
            file(tar, Manifest.PATH, json.apply(new String(BackupJson.write(manifest), StandardCharsets.UTF_8)));
        });
    }

    static void write(Path archive, Content content) throws IOException {
        Files.createDirectories(archive.getParent());
        try (OutputStream file = Files.newOutputStream(archive);
                GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            content.write(tar);
        }
        checksum(archive);
    }

    static void checksum(Path archive) throws IOException {
        Files.writeString(
                archive.resolveSibling(archive.getFileName() + ".sha256"),
                hex(sha256(Files.readAllBytes(archive))) + "  " + archive.getFileName() + "\n");
    }

    private static byte[] sha256(byte[] bytes) {
        return BackupWriter.sha256().digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true));
        tar.closeArchiveEntry();
    }

    /** A single header that declares {@code size} bytes, followed by none of them. */
    static void declaring(Path archive, String name, long size) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(size);
        byte[] header = new byte[512];
        e.writeEntryHeader(
                header, org.apache.commons.compress.archivers.zip.ZipEncodingHelper.getZipEncoding("UTF-8"), true);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(header);
        }
        Files.createDirectories(archive.getParent());
        Files.write(archive, gz.toByteArray());
        checksum(archive);
    }

    /** {@code count} empty files as raw ustar headers (commons-compress would take most of a minute for a million). */
    static void manyEntries(Path archive, int count) throws IOException {
        Files.createDirectories(archive.getParent());
        byte[] header = new byte[512];
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, "00000000000");
        put(header, 136, "14717000000");
        header[156] = '0';
        put(header, 257, "ustar");
        put(header, 263, "00");
        try (OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(archive), 1 << 16);
                GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                }) {
            put(header, 0, "data/f0000000");
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            int base = 0;
            for (int at = 0; at < 512; at++) {
                base += (at >= 6 && at < 13) ? 0 : header[at] & 0xff;
            }
            byte[] block = new byte[512 * 1024];
            int filled = 0;
            for (int i = 0; i < count; i++) {
                int sum = base;
                for (int d = 12, v = i; d >= 6; d--, v /= 10) {
                    header[d] = (byte) ('0' + v % 10);
                    sum += header[d];
                }
                for (int d = 153, v = sum; d >= 148; d--, v >>= 3) {
                    header[d] = (byte) ('0' + (v & 7));
                }
                header[154] = 0;
                header[155] = ' ';
                System.arraycopy(header, 0, block, filled, 512);
                filled += 512;
                if (filled == block.length) {
                    gzip.write(block);
                    filled = 0;
                }
                java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            }
            gzip.write(block, 0, filled);
            gzip.write(new byte[1024]);
        }
        checksum(archive);
    }

    private static void put(byte[] header, int at, String ascii) {
        byte[] bytes = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, at, bytes.length);
        header[at + bytes.length] = 0;
    }

    static byte symlink() {
        return TarConstants.LF_SYMLINK;
    }

    static byte hardlink() {
        return TarConstants.LF_LINK;
    }
}
