package io.breakoutbot.ops.lifecycle;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a process holds open for writing, as /proc tells it: this JVM's own files here. */
class OpenWritersTest {

    @TempDir
    Path logs;

    static Object key(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    void aFileOpenForWritingIsSeenUnderItsNewNameAndAReaderIsNot() throws IOException {
        Path written = Files.writeString(logs.resolve("bot.log"), "x\n");
        Path read = Files.writeString(logs.resolve("reader.log"), "x\n");
        Path closed = Files.writeString(logs.resolve("closed.log"), "x\n");
        try (FileChannel writer = FileChannel.open(written, StandardOpenOption.APPEND);
                FileChannel reader = FileChannel.open(read, StandardOpenOption.READ)) {
            Path renamed = Files.move(written, logs.resolve("bot.log.20261128-030000.000"));

            OpenWriters cut = OpenWriters.scan(logs);

            long pid = ProcessHandle.current().pid();
            assertAll(
                    () -> assertEquals(
                            Optional.of(pid), cut.writing(key(renamed)).map(OpenWriters.Writer::pid)),
                    () -> assertEquals(Optional.empty(), cut.writing(key(read))),
                    () -> assertEquals(Optional.empty(), cut.writing(key(closed))));
        }
    }

    @Test
    void withoutProcNothingIsSeen() throws IOException {
        Path written = Files.writeString(logs.resolve("bot.log"), "x\n");
        try (FileChannel writer = FileChannel.open(written, StandardOpenOption.APPEND)) {
            OpenWriters cut = OpenWriters.scan(logs.resolve("no-proc-here"), logs);

            assertEquals(Optional.empty(), cut.writing(key(written)));
        }
    }
}
