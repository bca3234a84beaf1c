package io.breakoutbot.ops.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jobs.JobBusyException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * The whole check with real processes, a real HTTP server and a real restart script; the clock is moved by
 * hand and restarts run on the calling thread, so every step is one line of the test.
 */
class BotTest {

    static final SystemInfo SYSTEM = new SystemInfo();

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    final List<String> events = new CopyOnWriteArrayList<>();
    final Audit audit = new Audit(LoggerFactory.getLogger("bot-test-audit"));
    HttpServer server;
    Process sleeper;

    @AfterEach
    void end() throws InterruptedException {
        if (server != null) {
            server.stop(0);
        }
        if (sleeper != null) {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    final BotEvents recorder = new BotEvents() {
        @Override
        public void restartDone(BotState state, RestartResult result) {
            events.add("restart done: " + result.describe().replaceAll(" after .*", ""));
        }

        @Override
        public void restartFailed(BotState state, RestartResult result) {
            events.add("restart failed: " + result.describe().replaceAll(" after .*", ""));
        }

        @Override
        public void loopGuardTripped(BotState state) {
            events.add("loop guard");
        }

        @Override
        public void down(BotState state) {
            events.add("down");
        }

        @Override
        public void recovered(BotState state) {
            events.add("recovered " + state.status());
        }
    };

    BotSettings settings(Path pidFile, URI url, RestartCommand command) {
        return BotSettings.off(dir.resolve("logs")).with(pidFile, url, command);
    }

    Bot bot(BotSettings settings) {
        return new Bot(settings, SYSTEM, Runnable::run, audit, recorder, clock);
    }

    RestartCommand script(String body) throws IOException {
        Path script = dir.resolve("restart.sh");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new RestartCommand(List.of(script.toString()));
    }

    Path deadPidFile() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        return Files.writeString(dir.resolve("bot.pid"), gone.pid() + "\n");
    }

    Path livePidFile() throws IOException {
        sleeper = new ProcessBuilder("sleep", "60").start();
        return Files.writeString(dir.resolve("bot.pid"), sleeper.pid() + "\n");
    }

    URI serve(int code, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/health", e -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            e.getResponseHeaders().add("Content-Type", "application/json");
            e.sendResponseHeaders(code, bytes.length);
            e.getResponseBody().write(bytes);
            e.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/health");
    }

    int lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Test
    void withNothingConfiguredTheCheckIsOff() {
        Bot cut = bot(BotSettings.off(dir));

        BotState state = cut.check();

        assertFalse(cut.enabled());
        assertEquals(BotStatus.UNKNOWN, state.status());
        assertEquals(Bot.OFF, state.reason());
        assertEquals(RestartGuard.NO_COMMAND, state.restartGuard());
        assertEquals("2026-12-04T10:00:00Z", state.checkedAt());
    }

    @Test
    void aLiveProcessAnswering2xxIsUpWithItsFiguresAndStatus() throws IOException {
        Path pid = livePidFile();
        URI url = serve(200, "{\"status\":\"trading\"}");

        BotState state = bot(settings(pid, url, null)).check();

        assertEquals(BotStatus.UP, state.status(), state.reason());
        assertEquals(sleeper.pid(), state.pid());
        assertTrue(state.alive());
        assertEquals(200, state.httpCode());
        assertEquals("trading", state.bodyStatus());
        assertTrue(state.reason().startsWith(url + " answered HTTP 200 in "), state.reason());
        assertTrue(state.residentBytes() > 0);
        assertEquals(1, state.threads());
        assertTrue(state.openFiles() >= 3);
    }

    @Test
    void aNon2xxAnswerIsDegradedAndNeverRestarts() throws IOException {
        Path marker = dir.resolve("restarts");
        URI url = serve(503, "{\"status\":\"exchange disconnected\"}");
        Bot cut = bot(settings(null, url, script("echo x >> " + marker + "\n")));

        for (int i = 0; i < 5; i++) {
            cut.check();
            clock.advance(Duration.ofSeconds(10));
        }

        BotState state = cut.state();
        assertEquals(BotStatus.DEGRADED, state.status());
        assertEquals("exchange disconnected", state.bodyStatus());
        assertTrue(state.reason().endsWith("status exchange disconnected; only 2xx is UP"), state.reason());
        assertEquals(0, lines(marker));
        assertEquals(List.of(), events);
    }

    @Test
    void a2xxSlowerThanHalfTheTimeoutIsDegraded() throws IOException {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/health", e -> {
            try {
                never.await(600, TimeUnit.MILLISECONDS); // a busy bot
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/health");
        BotSettings base = settings(null, url, null);
        Bot cut = bot(new BotSettings(
                null,
                null,
                null,
                url,
                base.interval(),
                Duration.ofSeconds(1),
                3,
                null,
                base.restartTimeout(),
                base.startGrace(),
                3,
                base.restartWindow(),
                base.logDirectory()));

        BotState state = cut.check();

        assertEquals(BotStatus.DEGRADED, state.status(), state.reason());
        assertTrue(state.reason().endsWith(", slower than half the timeout of 1000 ms"), state.reason());
        assertTrue(state.alive(), "it answered");
        assertEquals(0, state.pid());
    }

    @Test
    void aDeadBotIsRestartedAfterThreeChecksThenGetsItsGrace() throws Exception {
        Path marker = dir.resolve("restarts");
        Bot cut = bot(settings(deadPidFile(), null, script("echo restarting\necho x >> " + marker + "\n")));

        cut.check();
        clock.advance(Duration.ofSeconds(10));
        BotState second = cut.check();
        assertEquals(BotStatus.DOWN, second.status());
        assertEquals(2, second.consecutiveFailures());
        assertEquals(0, lines(marker));
        clock.advance(Duration.ofSeconds(10));
        cut.check();

        BotState state = cut.state();
        assertEquals(1, lines(marker));
        assertEquals(1, state.restartsTotal());
        assertEquals(0, state.lastRestartExitCode());
        assertEquals("restarting\n", state.lastRestartOutput());
        assertEquals("2026-12-04T10:00:20Z", state.lastRestartAt());
        assertEquals("2026-12-04T10:00:50Z", state.graceUntil());
        assertEquals(List.of("down", "restart done: exit code 0"), events);

        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(10));
            BotState inGrace = cut.check();
            assertEquals(0, inGrace.consecutiveFailures());
            assertTrue(
                    inGrace.reason().contains("; restarted, failed checks not counted until 2026-12-04T10:00:50Z"),
                    inGrace.reason());
        }
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            cut.check();
        }
        assertEquals(2, lines(marker), "counted again after the grace");
    }

    @Test
    void aFailingRestartTripsTheLoopGuardUntilAnOperatorResumes() throws Exception {
        Path marker = dir.resolve("restarts");
        BotSettings base =
                settings(deadPidFile(), null, script("echo x >> " + marker + "\necho 'no config' >&2\nexit 3\n"));
        Bot cut = bot(new BotSettings(
                base.pidFile(),
                null,
                null,
                null,
                base.interval(),
                base.timeout(),
                2,
                base.restartCommand(),
                base.restartTimeout(),
                Duration.ofSeconds(5),
                2,
                Duration.ofMinutes(10),
                base.logDirectory()));

        for (int i = 0; i < 20; i++) {
            cut.check();
            clock.advance(Duration.ofSeconds(10));
        }

        BotState state = cut.state();
        assertEquals(2, lines(marker), "two restarts, then the guard");
        assertEquals(RestartGuard.PAUSED_BY_LOOP_GUARD, state.restartGuard());
        assertTrue(state.restartsPaused());
        assertEquals(3, state.lastRestartExitCode());
        assertEquals("no config\n", state.lastRestartOutput());
        assertTrue(
                state.reason().contains("; restarts paused by the loop guard after 2 restarts within 10m: resume"),
                state.reason());
        assertEquals(
                List.of("down", "restart failed: exit code 3", "restart failed: exit code 3", "loop guard"), events);

        cut.resumeRestarts("ops-admin");
        assertEquals(RestartGuard.ACTIVE, cut.state().restartGuard());
        cut.check();
        cut.check();
        assertEquals(3, lines(marker), "restarted again after the resume");
    }

    @Test
    void anOperatorCanPauseAndStillRestartByHand() throws Exception {
        Path marker = dir.resolve("restarts");
        Bot cut = bot(settings(deadPidFile(), null, script("echo x >> " + marker + "\n")));

        BotState paused = cut.pauseRestarts("ops-admin");
        for (int i = 0; i < 5; i++) {
            cut.check();
        }
        assertEquals(RestartGuard.PAUSED_BY_OPERATOR, paused.restartGuard());
        assertEquals(0, lines(marker));
        assertTrue(
                cut.state().reason().endsWith("; restarts paused by an operator"),
                cut.state().reason());

        RestartResult manual = cut.restartNow("ops-admin").get();
        assertEquals(0, manual.exitCode());
        assertEquals("ops-admin", manual.actor());
        assertEquals(1, lines(marker));
        assertEquals(1, cut.state().restartsTotal());
    }

    @Test
    void withoutARestartCommandARestartIsRefused() throws Exception {
        Bot cut = bot(settings(deadPidFile(), null, null));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cut.restartNow("ops-admin"));
        assertEquals(
                "No restart command is set; set ops.bot.restartCommand to let the service restart the bot.",
                e.getMessage());
        for (int i = 0; i < 5; i++) {
            cut.check();
        }
        assertEquals(RestartGuard.NO_COMMAND, cut.state().restartGuard());
        assertEquals(5, cut.state().consecutiveFailures());
    }

    @Test
    void aSecondRestartWhileOneRunsIsRefused() throws Exception {
        AtomicInteger queued = new AtomicInteger();
        List<Runnable> later = new CopyOnWriteArrayList<>();
        Bot cut = new Bot(
                settings(deadPidFile(), null, script("exit 0\n")),
                SYSTEM,
                task -> {
                    queued.incrementAndGet();
                    later.add(task);
                },
                audit,
                recorder,
                clock);

        var first = cut.restartNow("ops-admin");
        assertTrue(cut.state().restarting());
        JobBusyException busy = assertThrows(JobBusyException.class, () -> cut.restartNow("ops-admin"));
        assertEquals(
                "The bot's restart command is still running, so another restart was not started; try again when it"
                        + " ends.",
                busy.getMessage());
        later.forEach(Runnable::run);

        assertEquals(1, queued.get());
        assertEquals(0, first.get().exitCode());
        assertFalse(cut.state().restarting());
    }

    @Test
    void aBotThatComesBackIsRecovered() throws Exception {
        Path pid = deadPidFile();
        Bot cut = bot(settings(pid, null, null));
        assertEquals(BotStatus.DOWN, cut.check().status());

        livePidFile();
        BotState state = cut.check();

        assertEquals(BotStatus.UP, state.status());
        assertEquals("pid " + sleeper.pid() + " is running", state.reason());
        assertEquals(List.of("down", "recovered UP"), events);
    }

    @Test
    void aStoppedBotIsDownWithoutAskingItsUrl() throws Exception {
        Path pid = livePidFile();
        URI url = serve(200, "{}");
        new ProcessBuilder("kill", "-STOP", Long.toString(sleeper.pid()))
                .start()
                .waitFor(10, TimeUnit.SECONDS);
        Bot cut = bot(settings(pid, url, null));

        BotState state = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(cut::check, s -> s.status() == BotStatus.DOWN);

        assertTrue(state.alive(), "stopped is alive");
        assertEquals(0, state.httpCode(), "not asked");
        assertTrue(state.reason().endsWith("is stopped (SIGSTOP or a debugger): alive but not answering"));
        new ProcessBuilder("kill", "-CONT", Long.toString(sleeper.pid()))
                .start()
                .waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void restartNowReturnsTheResult() throws IOException, ExecutionException, InterruptedException {
        Bot cut = bot(settings(null, null, script("echo 'bot started' \nexit 0\n")));

        assertEquals("bot started\n", cut.restartNow("jmx-user").get().outputTail());
    }

    @Test
    void aListenerThatThrowsAfterARestartIsLoggedWithTheCommandAndOutcome() throws Exception {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Bot.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        log.addAppender(logged);
        RestartCommand command = script("exit 4\n");
        BotEvents broken = new BotEvents() {
            @Override
            public void restartFailed(BotState state, RestartResult result) {
                throw new IllegalStateException("alert queue closed");
            }

            @Override
            public void restartDone(BotState state, RestartResult result) {}

            @Override
            public void loopGuardTripped(BotState state) {}

            @Override
            public void down(BotState state) {}

            @Override
            public void recovered(BotState state) {}
        };
        Bot cut = new Bot(settings(deadPidFile(), null, command), SYSTEM, Runnable::run, audit, broken, clock);
        try {
            for (int i = 0; i < 3; i++) {
                cut.check();
            }

            assertEquals(1, cut.state().restartsTotal());
            assertEquals(
                    List.of("ERROR Cannot report the bot's restart by bot-check (" + command
                            + ": exit code 4 after 0.0 s) to alerts: java.lang.IllegalStateException: alert queue"
                            + " closed"),
                    logged.list.stream()
                            .map(e -> e.getLevel() + " "
                                    + e.getFormattedMessage().replaceAll("after \\d+\\.\\d s", "after 0.0 s"))
                            .toList());
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void aRestartTheExecutorRejectsDoesNotCountTowardsTheLoopGuard() throws Exception {
        Path marker = dir.resolve("restarts");
        AtomicInteger refusals = new AtomicInteger(3);
        BotSettings base = settings(deadPidFile(), null, script("echo x >> " + marker + "\n"));
        Bot cut = new Bot(
                new BotSettings(
                        base.pidFile(),
                        null,
                        null,
                        null,
                        base.interval(),
                        base.timeout(),
                        1,
                        base.restartCommand(),
                        base.restartTimeout(),
                        Duration.ofSeconds(5),
                        2,
                        Duration.ofMinutes(10),
                        base.logDirectory()),
                SYSTEM,
                task -> {
                    if (refusals.getAndDecrement() > 0) {
                        throw new java.util.concurrent.RejectedExecutionException("the executor is shutting down");
                    }
                    task.run();
                },
                audit,
                recorder,
                clock);

        for (int i = 0; i < 3; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, cut::check);
            assertEquals("The restart of the bot could not be started: the executor is shutting down", e.getMessage());
            assertFalse(cut.state().restarting());
        }
        cut.check();

        assertEquals(1, lines(marker), "restarted once the executor took it");
        assertEquals(RestartGuard.ACTIVE, cut.state().restartGuard(), "three refusals are no restarts");
        assertFalse(events.contains("loop guard"), events.toString());
    }
}
