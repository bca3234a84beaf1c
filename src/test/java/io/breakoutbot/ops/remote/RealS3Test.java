package io.breakoutbot.ops.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixture itself: it starts, refuses unsigned requests, survives a kill and stops. */
class RealS3Test {

    @TempDir
    Path dir;

    @Test
    void startsOnLoopbackWithItsBucketAndStopsOnClose() throws IOException {
        RealS3 s3;
        try (RealS3 started = new RealS3(dir)) {
            s3 = started;
            assertEquals("127.0.0.1", s3.endpoint().getHost());
            // only signed requests pass: the harness tests authentication for real
            assertEquals(403, s3.status("/" + s3.bucket()));
            assertTrue(Files.isDirectory(s3.data().resolve("backups")));
            assertEquals(s3.data().resolve("backups").resolve("h/a.tar"), s3.objectFile("h/a.tar"));
        }
        assertFalse(s3.isAlive());
        assertThrows(IOException.class, () -> s3.status("/"));
    }

    @Test
    void answersAgainAfterAKillAndARestart() throws Exception {
        try (RealS3 s3 = new RealS3(dir)) {
            s3.kill();
            assertFalse(s3.isAlive());
            assertThrows(IOException.class, () -> s3.status("/"));
            s3.restart();
            assertEquals(403, s3.status("/"));
        }
    }
}
