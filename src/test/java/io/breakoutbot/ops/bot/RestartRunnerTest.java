package io.breakoutbot.ops.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart command as a real script: success, failure with its output's tail, and a timeout. */
class RestartRunnerTest {

    @TempDir
    Path dir;

    Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    RestartRunner runner(Path script, Duration timeout, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(script.toString()));
        argv.addAll(List.of(args));
        return new RestartRunner(
                new RestartCommand(argv), timeout, dir.resolve("state/bot-restart.out"), Clock.systemUTC());
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
        assertFalse(Files.exists(dir.resolve("state/bot-restart.out")), "the output file is gone after the run");
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
