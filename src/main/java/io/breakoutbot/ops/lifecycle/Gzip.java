package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.files.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses a file so that a crash at any moment leaves either the original or a complete {@code .gz}:
 * the archive is written to {@code <name>.gz.tmp}, synced, renamed, and only then is the original deleted.
 */
public final class Gzip {

    public static final String SUFFIX = ".gz";

    private Gzip() {}

    /**
     * @return the {@code .gz} file that replaced {@code source}
     * @throws IOException when compression fails; {@code source} is then untouched and no temp file is left
     */
    public static Path compress(Path source) throws IOException {
        Path target = source.resolveSibling(source.getFileName() + SUFFIX);
        Path temp = RotatedFiles.temp(target);
        try (InputStream in = Files.newInputStream(source);
                FileChannel channel = FileChannel.open(
                        temp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            OutputStream raw = Channels.newOutputStream(channel);
            GZIPOutputStream gzip = new GZIPOutputStream(raw, 1 << 16);
            in.transferTo(gzip);
            gzip.finish();
            gzip.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            DurableFiles.discard(temp, e);
            throw e;
        }
        // Age rules read the modification time: compressing must not make an old file look new.
        Files.setLastModifiedTime(temp, Files.getLastModifiedTime(source));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.syncDirectory(target.getParent());
        Files.delete(source);
        return target;
    }
}
