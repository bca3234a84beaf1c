package io.breakoutbot.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in bot behaves like the bot from outside: its log lines, its health, its pid file, its restart. */
class StandinBotTest {

    static final Pattern JSON_LINE =
            Pattern.compile("\\{\"timestamp\": \"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\", "
                    + "\"level\": \"(INFO|WARNING|ERROR|CRITICAL)\", \"logger\": \"[^\"]+\", \"message\": \".*\"}");

    @TempDir
    Path home;

    StandinBot cut;

    @AfterEach
    void stopTheBot() {
        if (cut != null) {
            cut.close();
        }
    }

    @Test
    void writesJsonLinesAndAnswersHealth() throws IOException {
        cut = StandinBot.start(home);

        cut.log("ERROR", "Exchange disconnected: binance websocket closed");
        cut.log("CRITICAL", "Order book \"lost\"");

        assertEquals(200, cut.healthStatus());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> lines(cut.logFile()).stream().anyMatch(l -> l.contains("\"level\": \"CRITICAL\"")));
        List<String> lines = lines(cut.logFile());
        for (String line : lines) {
            assertTrue(JSON_LINE.matcher(line).matches(), "one JSON object per line: " + line);
        }
        String all = String.join("\n", lines);
        assertTrue(
                all.contains("\"level\": \"ERROR\", \"logger\": \"breakout.bot\", "
                        + "\"message\": \"Exchange disconnected: binance websocket closed\"}\n"),
                all);
        assertTrue(
                all.contains("\"level\": \"CRITICAL\", \"logger\": \"breakout.bot\", "
                        + "\"message\": \"Order book \\\"lost\\\"\"}"),
                all);
        assertTrue(StandinBot.alive(cut.pid()), "bot.pid names the running bot");
    }

    @Test
    void heartbeatsAreInfoLines() throws IOException {
        cut = StandinBot.start(home, StandinBot.freePort(), Duration.ofMillis(100));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> lines(cut.logFile()).stream().anyMatch(l -> l.contains("\"message\": \"heartbeat 3\"")));
        for (String line : lines(cut.logFile())) {
            if (line.contains("heartbeat")) {
                assertTrue(line.contains("\"level\": \"INFO\""), line);
            }
        }
    }

    @Test
    void aRenamedLogIsFollowedByANewOne() throws IOException {
        cut = StandinBot.start(home);
        cut.log("INFO", "before the rotation");
        Path rotated = home.resolve("logs/bot.log.1");

        Files.move(cut.logFile(), rotated);
        cut.log("ERROR", "after the rotation");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> lines(cut.logFile()).stream().anyMatch(l -> l.contains("after the rotation")));
        assertTrue(lines(rotated).stream().anyMatch(l -> l.contains("before the rotation")));
        assertFalse(lines(rotated).stream().anyMatch(l -> l.contains("after the rotation")));
        for (String line : lines(cut.logFile())) {
            assertTrue(JSON_LINE.matcher(line).matches(), line);
        }
    }

    @Test
    void aCleanExitRemovesThePidFileAndKill9LeavesIt() throws IOException {
        cut = StandinBot.start(home);
        cut.exit(3);
        assertFalse(Files.exists(cut.pidFile()), "a clean exit removes bot.pid");

        cut = StandinBot.start(home);
        long pid = cut.pid();
        cut.kill9();
        assertFalse(StandinBot.alive(pid));
        assertEquals(pid + "\n", Files.readString(cut.pidFile()), "kill -9 leaves bot.pid");
        assertEquals(0, cut.healthStatus());
    }

    @Test
    void aHungOrStoppedBotIsAliveButDoesNotAnswer() throws IOException {
        cut = StandinBot.start(home);

        cut.stop();
        assertEquals(0, cut.healthStatus());
        cut.cont();
        cut.awaitHealthy();

        cut.hang();
        assertEquals(0, cut.healthStatus());
        assertTrue(StandinBot.alive(cut.pid()));
        cut.log("INFO", "control still answers");
    }

    @Test
    void theRestartScriptBringsAKilledBotBack() throws Exception {
        cut = StandinBot.start(home);
        long before = cut.pid();
        cut.kill9();

        Process restart = new ProcessBuilder(
                        StandinBot.RESTART.toString(), home.toString(), Integer.toString(cut.port()))
                .redirectErrorStream(true)
                .start();
        byte[] output = restart.getInputStream().readAllBytes();
        assertTrue(restart.waitFor(15, TimeUnit.SECONDS));

        assertEquals(0, restart.exitValue(), new String(output));
        cut.awaitHealthy();
        assertNotEquals(before, cut.pid());
        assertEquals(200, cut.healthStatus());
        long restarted = cut.pid();
        cut.close();
        assertFalse(StandinBot.alive(restarted), "a restarted bot stops too");
        assertFalse(Files.exists(cut.pidFile()));
    }

    @Test
    void theRestartScriptNeverSignalsAnotherProgramNamedByAStalePidFile() throws Exception {
        cut = StandinBot.start(home);
        cut.close();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(cut.pidFile(), other.pid() + "\n");

            Process restart = new ProcessBuilder(
                            StandinBot.RESTART.toString(), home.toString(), Integer.toString(cut.port()))
                    .redirectErrorStream(true)
                    .start();
            byte[] output = restart.getInputStream().readAllBytes();
            assertTrue(restart.waitFor(15, TimeUnit.SECONDS));

            assertEquals(0, restart.exitValue(), new String(output));
            cut.awaitHealthy();
            assertNotEquals(other.pid(), cut.pid());
            assertTrue(other.isAlive(), "the program that got the old pid was left alone");
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
