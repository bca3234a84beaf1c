package io.breakoutbot.ops.bot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart command as a real script: success, failure with its output's tail, a timeout, and its output
 * log, appended run after run and never deleted under a bot that inherited it.
 */
class RestartRunnerTest {

    @TempDir
    Path dir;

    Path log;
    final Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void where() {
        log = dir.resolve("logs").resolve(BotSettings.RESTART_LOG);
    }

    Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    RestartRunner runner(Path script, Duration timeout, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(script.toString()));
        argv.addAll(List.of(args));
        return new RestartRunner(new RestartCommand(argv), timeout, log, clock);
    }

    @Test
    void exitZeroIsADoneRestartWithItsOutput() throws IOException {
        Path marker = dir.resolve("restarted");
        Path script = script("restart.sh", "echo \"restarting $1\"\ntouch \"$2\"\necho done >&2\n");

        RestartResult cut = runner(script, Duration.ofSeconds(30), "breakout bot", marker.toString())
                .run("ops-admin");

        assertTrue(cut.succeeded());
        assertEquals(0, cut.exitCode());
        assertEquals("restarting breakout bot\ndone\n", cut.outputTail(), "arguments are passed as words, no shell");
        assertTrue(Files.exists(marker));
        assertEquals("ops-admin", cut.actor());
        assertEquals(
                "2026-12-04T10:00:00Z restart by ops-admin: " + script + " breakout bot " + marker + "\n"
                        + "restarting breakout bot\ndone\n",
                Files.readString(log),
                "the output stays in the log, after its header line");
    }

    @Test
    void eachRunIsAppendedAndItsTailIsItsOwn() throws IOException {
        Path script = script("restart.sh", "echo \"run $1\"\n");

        runner(script, Duration.ofSeconds(30), "one").run("ops-admin");
        RestartResult second = runner(script, Duration.ofSeconds(30), "two").run(Bot.CHECK_ACTOR);

        assertEquals("run two\n", second.outputTail());
        assertEquals(
                "2026-12-04T10:00:00Z restart by ops-admin: " + script + " one\nrun one\n"
                        + "2026-12-04T10:00:00Z restart by bot-check: " + script + " two\nrun two\n",
                Files.readString(log));
    }

    @Test
    void aBotStartedInTheBackgroundWritesIntoAFileThatStaysVisible() throws IOException {
        Path go = dir.resolve("go");
        // The bot keeps the inherited descriptor and writes after the command has ended.
        Path script = script(
                "restart.sh",
                "( while [ ! -e " + go + " ]; do sleep 0.05; done; echo 'bot: exchange connected' >&2 ) &\n"
                        + "echo started\n");

        RestartResult cut = runner(script, Duration.ofSeconds(30)).run(Bot.CHECK_ACTOR);
        Files.createFile(go);

        assertEquals("started\n", cut.outputTail());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(log).endsWith("started\nbot: exchange connected\n"));
        try (var files = Files.list(log.getParent())) {
            assertEquals(List.of(log), files.toList(), "one file, nothing hidden or deleted");
        }
    }

    @Test
    void exitOneKeepsTheLastTwoKilobytesOfOutput() throws IOException {
        Path script = script(
                "restart.sh",
                "i=0\nwhile [ $i -lt 300 ]; do echo \"line $i of noise\"; i=$((i+1)); done\n"
                        + "echo 'FATAL: config.yaml not found' >&2\nexit 1\n");

        RestartResult cut = runner(script, Duration.ofSeconds(30)).run(Bot.CHECK_ACTOR);

        assertFalse(cut.succeeded());
        assertEquals(1, cut.exitCode());
        assertEquals(RestartRunner.TAIL_BYTES, cut.outputTail().length());
        assertTrue(cut.outputTail().endsWith("line 299 of noise\nFATAL: config.yaml not found\n"), cut.outputTail());
        assertTrue(cut.describe().startsWith("exit code 1 after "), cut.describe());
    }

    @Test
    void aCommandOverItsTimeoutIsKilled() throws IOException {
        Path script = script("restart.sh", "echo waiting\nexec sleep 30\n");

        RestartResult cut = runner(script, Duration.ofMillis(500)).run(Bot.CHECK_ACTOR);

        assertTrue(cut.timedOut());
        assertEquals(-1, cut.exitCode());
        assertEquals("waiting\n", cut.outputTail());
        assertTrue(cut.durationMs() >= 500 && cut.durationMs() < 10_000, "took " + cut.durationMs());
        assertTrue(cut.describe().startsWith("killed after "), cut.describe());
    }

    @Test
    void aCommandThatCannotStartSaysWhy() throws IOException {
        Path script = script("restart.sh", "exit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-------"));

        RestartResult cut = runner(script, Duration.ofSeconds(5)).run(Bot.CHECK_ACTOR);

        assertFalse(cut.succeeded());
        assertTrue(cut.error().contains("Permission denied"), cut.error());
        assertTrue(cut.describe().startsWith("could not start: "), cut.describe());
    }
}
