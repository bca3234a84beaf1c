package io.breakoutbot.ops.logs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boundary's part: parameters as the caller spells them, in and in a 400. */
class LogsResourceTest {

    @TempDir
    Path dir;

    LogsResource cut() {
        LogsResource resource = new LogsResource();
        resource.settings = new LogSettings(dir, Level.INFO, 1024 * 1024, 5, true, 1024, true, 7);
        resource.init();
        return resource;
    }

    @Test
    void sourceAndCriticalSelectTheBotsEntries() throws IOException {
        Files.writeString(
                dir.resolve("bot.log"),
                "2026-12-04T10:00:00Z CRITICAL bot.exchange: exchange disconnected\n"
                        + "2026-12-04T10:00:01Z ERROR bot.orders: rejected\n");
        Files.writeString(dir.resolve("other.log"), "2026-12-04T10:00:02Z CRITICAL other: not from the bot\n");

        LogPage page = cut().logs("critical", null, "bot.log", null, null, null, "100", null);

        assertAll(
                () -> assertEquals(
                        List.of("exchange disconnected"),
                        page.entries().stream().map(LogEntry::message).toList()),
                () -> assertEquals("CRITICAL", page.entries().get(0).level()),
                () -> assertEquals("bot.log", page.entries().get(0).source()));
    }

    /** A JAX-RS exception needs the server's runtime to be made: the name it is made with is checked here. */
    @Test
    void aBadSourceIsNamedAsSpelledInTheUrl() {
        InvalidQueryException e = assertThrows(
                InvalidQueryException.class, () -> LogQuery.newest(10).withSources(Set.of("/etc/passwd")));

        assertAll(
                () -> assertEquals("source", LogsResource.parameterName(e.parameter())),
                () -> assertEquals("level", LogsResource.parameterName("levels")),
                () -> assertEquals(
                        "source must be ops, others or the name of a log such as bot.log, not '/etc/passwd'",
                        e.getMessage()));
    }
}
