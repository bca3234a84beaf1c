package io.breakoutbot.ops.bot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/** The bot's process from its pid file, with real processes: alive, another program's pid, stopped, gone. */
class ProcessProbeTest {

    static final SystemInfo SYSTEM = new SystemInfo();

    @TempDir
    Path dir;

    Process sleeper;

    @AfterEach
    void end() throws Exception {
        if (sleeper != null) {
            signal("CONT", sleeper.pid());
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    Process sleep() throws IOException {
        sleeper = new ProcessBuilder("sleep", "60").start();
        return sleeper;
    }

    Path pidFile(long pid) throws IOException {
        return Files.writeString(dir.resolve("bot.pid"), pid + "\n");
    }

    static void signal(String name, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aLiveProcessWrittenToItsPidFileIsTheBotWithItsFigures() throws IOException {
        Process bot = sleep();
        Path file = pidFile(bot.pid());

        ProcessReading cut = new ProcessProbe(SYSTEM).read(new PidFile(file));

        assertTrue(cut.alive(), cut.reason());
        assertTrue(cut.answering());
        assertEquals(bot.pid(), cut.pid());
        assertEquals("", cut.reason());
        assertTrue(
                cut.figures().residentBytes() > 0,
                "resident bytes " + cut.figures().residentBytes());
        assertEquals(1, cut.figures().threads());
        assertTrue(cut.figures().openFiles() >= 3, "stdin, stdout and stderr at least");
        assertTrue(cut.figures().cpuPercent() >= 0 && cut.figures().cpuPercent() <= 100);
    }

    @Test
    void aPidFileOlderThanTheProcessNamesAnotherProgramWhichIsNotTheBot() throws IOException {
        Process other = sleep();
        Path file = pidFile(other.pid());
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        ProcessReading cut = new ProcessProbe(SYSTEM).read(new PidFile(file));

        assertFalse(cut.alive());
        assertEquals(0, cut.pid(), "another program's pid is never handed on as the bot's");
        assertTrue(
                cut.reason()
                        .contains("pid " + other.pid() + " from the pid file " + file + " is another program (sleep"),
                cut.reason());
    }

    @Test
    void aStartTimeInTicksIdentifiesTheBotWhateverTheModificationTime() throws IOException {
        Process bot = sleep();
        long ticks = ProcessProbe.startTicks(bot.pid());
        Path file = Files.writeString(dir.resolve("bot.pid"), bot.pid() + "\n" + ticks + "\n");
        // Copied from a backup, or written before a clock step: the modification time says nothing.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        ProcessReading cut = new ProcessProbe(SYSTEM).read(new PidFile(file));

        assertTrue(ticks > 0, "ticks " + ticks);
        assertTrue(cut.alive(), cut.reason());
        assertEquals(bot.pid(), cut.pid());
    }

    @Test
    void anotherStartTimeInTicksIsAnotherProgramEvenInAFreshPidFile() throws IOException {
        Process other = sleep();
        long ticks = ProcessProbe.startTicks(other.pid());
        Path file = Files.writeString(dir.resolve("bot.pid"), other.pid() + "\n" + (ticks - 1) + "\n");

        ProcessReading cut = new ProcessProbe(SYSTEM).read(new PidFile(file));

        assertFalse(cut.alive());
        assertEquals(0, cut.pid(), "another program's pid is never handed on as the bot's");
        assertEquals(
                "pid " + other.pid() + " from the pid file " + file + " is another program (sleep, started at " + ticks
                        + " ticks after boot, not " + (ticks - 1) + "): the bot is not running",
                cut.reason());
    }

    @Test
    void aSecondLineThatIsNoStartTimeIsNoPid() throws IOException {
        Process bot = sleep();
        Path file = Files.writeString(dir.resolve("bot.pid"), bot.pid() + "\nstarted yesterday\n");

        ProcessReading cut = new ProcessProbe(SYSTEM).read(new PidFile(file));

        assertFalse(cut.alive());
        assertEquals(
                "the pid file " + file + " has a second line that is no start time in clock ticks ('started"
                        + " yesterday')",
                cut.reason());
    }

    @Test
    void aStoppedProcessIsAliveButNotAnswering() throws Exception {
        Process bot = sleep();
        Path file = pidFile(bot.pid());
        ProcessProbe cut = new ProcessProbe(SYSTEM);

        signal("STOP", bot.pid());

        ProcessReading stopped =
                await().atMost(Duration.ofSeconds(10)).until(() -> cut.read(new PidFile(file)), r -> !r.answering());
        assertTrue(stopped.alive());
        assertEquals(bot.pid(), stopped.pid());
        assertEquals(
                "pid " + bot.pid() + " is stopped (SIGSTOP or a debugger): alive but not answering", stopped.reason());
    }

    @Test
    void aPidWhoseProcessEndedIsNotRunning() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Path file = pidFile(gone.pid());

        ProcessReading cut = new ProcessProbe(SYSTEM).read(new PidFile(file));

        assertFalse(cut.alive());
        assertEquals("pid " + gone.pid() + " from the pid file " + file + " is not running", cut.reason());
    }

    @Test
    void aMissingOrUnreadablePidFileSaysSo() throws IOException {
        ProcessProbe cut = new ProcessProbe(SYSTEM);
        Path missing = dir.resolve("none.pid");
        Path garbage = Files.writeString(dir.resolve("garbage.pid"), "bot is running\n");

        assertEquals(
                "the pid file " + missing + " does not exist",
                cut.read(new PidFile(missing)).reason());
        assertEquals(
                "the pid file " + garbage + " holds no pid ('bot is running')",
                cut.read(new PidFile(garbage)).reason());
    }

    @Test
    void aRelativePidFileStaysInsideItsBase() {
        Path base = dir.toAbsolutePath();

        assertEquals(base.resolve("run/bot.pid"), PidFile.resolve(base, "run/bot.pid"));
        assertEquals(base.resolve("bot.pid"), PidFile.resolve(base, "run/../bot.pid"));
        assertEquals(Path.of("/var/run/bot.pid"), PidFile.resolve(base, "/var/run/../run/bot.pid"));
        assertThrows(IllegalArgumentException.class, () -> PidFile.resolve(base, "../bot.pid"));
        assertThrows(IllegalArgumentException.class, () -> PidFile.resolve(base, "."));
    }
}
