package io.breakoutbot.ops.lifecycle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which files at the top of a directory some process holds open for writing, read from Linux's
 * {@code /proc}: every process's {@code fd} links, and for a link into the directory, the access mode in
 * its {@code fdinfo}. A writer that never reopens its log (Python's plain {@code FileHandler}) keeps
 * writing to the file after a rename; compressing or deleting that generation would lose every line it
 * writes afterwards. Readers ({@code tail -f}, {@code less}) do not count: they lose nothing.
 *
 * <p>Only the processes whose {@code fd} directory can be read are seen: all of them for root, otherwise
 * those of the same user (another user's, or all with {@code /proc} mounted {@code hidepid}, are counted as
 * unreadable). Without {@code /proc} nothing is seen.
 */
final class OpenWriters {

    /** A process that holds a file open for writing. */
    record Writer(long pid, String command) {

        @Override
        public String toString() {
            return "pid " + pid + (command.isEmpty() ? "" : " (" + command + ")");
        }
    }

    private static final Path PROC = Path.of("/proc");
    /** O_ACCMODE of open(2): O_WRONLY is 1, O_RDWR 2. */
    private static final int ACCESS_MODE = 3;

    private final Map<Object, Writer> byFile;
    private final int unreadable;

    private OpenWriters(Map<Object, Writer> byFile, int unreadable) {
        this.byFile = byFile;
        this.unreadable = unreadable;
    }

    /** Reads {@code /proc} now. */
    static OpenWriters scan(Path directory) throws IOException {
        return scan(PROC, directory);
    }

    static OpenWriters scan(Path proc, Path directory) throws IOException {
        Map<Object, Writer> byFile = new HashMap<>();
        int unreadable = 0;
        if (!Files.isDirectory(proc)) {
            return new OpenWriters(byFile, 0);
        }
        // The links name the file's path now, renames included, from the root and without links.
        String prefix = directory.toRealPath() + "/";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, OpenWriters::isPid)) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        String target = target(fd);
                        if (target == null
                                || !target.startsWith(prefix)
                                || target.indexOf('/', prefix.length()) >= 0
                                || !writable(process.resolve("fdinfo").resolve(fd.getFileName()))) {
                            continue;
                        }
                        try {
                            // Through the link: the open file itself, whatever its name is now.
                            Object key = Files.readAttributes(fd, BasicFileAttributes.class)
                                    .fileKey();
                            byFile.putIfAbsent(
                                    key,
                                    new Writer(
                                            Long.parseLong(process.getFileName().toString()), command(process)));
                        } catch (IOException closedMeanwhile) {
                            // nothing open to protect
                        }
                    }
                } catch (NoSuchFileException exited) {
                    // gone since the listing
                } catch (IOException e) {
                    unreadable++; // another user's process, or hidepid
                }
            }
        }
        return new OpenWriters(byFile, unreadable);
    }

    /** @return the process writing the file with this identity (device and inode), if one is seen */
    Optional<Writer> writing(Object fileKey) {
        return Optional.ofNullable(byFile.get(fileKey));
    }

    /** Processes whose open files could not be read: a writer among them is not seen. */
    int unreadable() {
        return unreadable;
    }

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
            return null;
        }
    }

    /** From the {@code flags:} line of fdinfo, in octal. */
    private static boolean writable(Path fdinfo) {
        try {
            for (String line : Files.readAllLines(fdinfo)) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring("flags:".length()).trim(), 8) & ACCESS_MODE) != 0;
                }
            }
        } catch (IOException | NumberFormatException closedMeanwhile) {
            // not known to write
        }
        return false;
    }

    private static String command(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim();
        } catch (IOException gone) {
            return "";
        }
    }
}
