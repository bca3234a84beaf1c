package io.breakoutbot.ops.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.PlainThreads;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The body of a streamed PUT: the bytes of the file, their digests, and a file that changes on the way. */
class FileBodyTest {

    @TempDir
    Path dir;

    @Test
    void aRetryReadsTheFileAgainAndTheDigestsAreOfTheLastAttempt() throws Exception {
        byte[] content = content(3 << 20);
        Path file = Files.write(dir.resolve("archive"), content);
        try (FileBody body = new FileBody(file, content.length, new PlainThreads())) {
            try (InputStream first = body.newStream()) {
                first.readNBytes(1000); // an attempt that broke off
            }
            byte[] sent;
            try (InputStream second = body.newStream()) {
                sent = second.readAllBytes();
            }
            FileBody.Sent digests = body.sent();

            assertArrayEquals(content, sent);
            assertEquals(hex("MD5", content), digests.md5());
            assertEquals(hex("SHA-256", content), digests.sha256());
        }
    }

    @Test
    void aFileThatGrowsWhileSentFailsAndIsNotSentAgain() throws Exception {
        byte[] content = content(3 << 20);
        Path file = Files.write(dir.resolve("archive"), content);
        try (FileBody body = new FileBody(file, content.length, new PlainThreads())) {
            InputStream stream = body.newStream();
            stream.readNBytes(1000);
            Files.write(file, new byte[] {'x'}, StandardOpenOption.APPEND);

            FileBody.FileChangedException grown =
                    assertThrows(FileBody.FileChangedException.class, stream::readAllBytes);
            FileBody.FileChangedException again = assertThrows(FileBody.FileChangedException.class, body::newStream);

            assertTrue(grown.getMessage().contains("changed during the upload"), grown.getMessage());
            assertEquals(grown.getMessage(), again.getMessage(), "a retry fails at once, sending nothing");
        }
    }

    @Test
    void aFileOfAnotherSizeThanSaidFailsBeforeAByteIsSent() throws Exception {
        Path file = Files.write(dir.resolve("archive"), content(1000));
        try (FileBody body = new FileBody(file, 999, new PlainThreads())) {
            FileBody.FileChangedException e = assertThrows(FileBody.FileChangedException.class, body::newStream);
            assertTrue(e.getMessage().contains("has 1000 bytes, not the 999"), e.getMessage());
        }
    }

    static byte[] content(int bytes) {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        return content;
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
