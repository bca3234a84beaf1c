package io.breakoutbot.ops;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in bot ({@code src/test/python/standin_bot.py}) for tests: started with python3 in a directory of the
 * test's, waited for until {@code /api/health} answers, told to misbehave, and stopped by {@link #close()}.
 *
 * <p>Signals go to the pid in {@code bot.pid}, not to the process this class started: after a restart by
 * {@link #restartScript()} the bot is another process, and it is that one a test means.
 */
public final class StandinBot implements AutoCloseable {

    /** The bot program, from the project directory where Maven runs the tests. */
    public static final Path SCRIPT = Path.of("src/test/python/standin_bot.py").toAbsolutePath();

    /** Starts the bot detached and returns once its pid file exists: {@code restart_standin.sh HOME PORT}. */
    public static final Path RESTART =
            Path.of("src/test/python/restart_standin.sh").toAbsolutePath();

    private static final Duration START = Duration.ofSeconds(15);

    private final Path home;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private StandinBot(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Starts a bot in {@code home} on a free port, logging a heartbeat every second, and waits until it is healthy. */
    public static StandinBot start(Path home) throws IOException {
        return start(home, freePort(), Duration.ofSeconds(1));
    }

    /**
     * @param port     the HTTP port on 127.0.0.1
     * @param logEvery time between INFO heartbeat lines
     */
    public static StandinBot start(Path home, int port, Duration logEvery) throws IOException {
        Files.createDirectories(home.resolve("logs"));
        Process process = new ProcessBuilder(
                        "python3",
                        SCRIPT.toString(),
                        "--home",
                        home.toString(),
                        "--port",
                        Integer.toString(port),
                        "--log-every",
                        Double.toString(logEvery.toMillis() / 1000.0))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("stdout.txt").toFile()))
                .start();
        StandinBot bot = new StandinBot(home, port);
        try {
            bot.awaitHealthy(process);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return bot;
    }

    /** A port nobody listened on a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until the bot in the pid file answers 200 on {@code /api/health}, after a start or a restart. */
    public void awaitHealthy() {
        awaitHealthy(null);
    }

    private void awaitHealthy(Process started) {
        await().atMost(START).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (started != null && !started.isAlive()) {
                throw new IllegalStateException(
                        "the stand-in bot exited with " + started.exitValue() + "; see " + home.resolve("stdout.txt"));
            }
            return Files.exists(pidFile()) && healthStatus() == 200;
        });
    }

    public Path home() {
        return home;
    }

    public int port() {
        return port;
    }

    public Path pidFile() {
        return home.resolve("bot.pid");
    }

    public Path logFile() {
        return home.resolve("logs").resolve("bot.log");
    }

    /** {@code http://127.0.0.1:<port>/api/health}, for {@code ops.bot.healthUrl}. */
    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/api/health";
    }

    /** The command that restarts this bot, for {@code ops.bot.restartCommand}: absolute program and arguments. */
    public String restartCommand() {
        return RESTART + " " + home + " " + port;
    }

    public static Path restartScript() {
        return RESTART;
    }

    /** The pid in {@code bot.pid} now. @throws UncheckedIOException when there is none */
    public long pid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of {@code GET /api/health}, 0 when nothing answered within two seconds. */
    public int healthStatus() {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(healthUrl()))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Makes the bot log one line. @param level INFO, WARNING, ERROR or CRITICAL */
    public void log(String level, String message) {
        control("log?level=" + encode(level) + "&message=" + encode(message));
    }

    /** From now on health requests are accepted and never answered; the process stays alive. */
    public void hang() {
        control("hang");
    }

    /** From now on health answers 503. */
    public void unhealthy() {
        control("unhealthy");
    }

    /** Tells the bot to exit cleanly, with code 0, removing its pid file. */
    public void exit() {
        exit(0);
    }

    /** Tells the bot to exit with {@code code}, removing its pid file as a clean exit does. */
    public void exit(int code) {
        long pid = pid();
        control("exit?code=" + code);
        awaitGone(pid);
    }

    /** SIGKILL: the pid file stays, naming a dead process. */
    public void kill9() {
        long pid = pid();
        signal("KILL", pid);
        awaitGone(pid);
    }

    /** SIGSTOP: alive, but answers nothing. */
    public void stop() {
        signal("STOP", pid());
    }

    /** SIGCONT after {@link #stop()}. */
    public void cont() {
        signal("CONT", pid());
    }

    /** SIGTERM to the bot in the pid file (continued first, in case it was stopped), waiting until it is gone. */
    @Override
    public void close() {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile()).trim());
        } catch (NoSuchFileException e) {
            return; // exited cleanly already
        } catch (IOException | NumberFormatException e) {
            return;
        }
        if (!alive(pid)) {
            return;
        }
        signal("CONT", pid);
        signal("TERM", pid);
        try {
            awaitGone(pid);
        } catch (RuntimeException e) {
            signal("KILL", pid);
            awaitGone(pid);
        }
    }

    private static void awaitGone(long pid) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !alive(pid));
    }

    /**
     * Whether {@code pid} runs. A bot started by the restart script is no child of ours: once dead it stays a
     * zombie until whoever adopted it reaps it, and a zombie is dead for the tests.
     */
    public static boolean alive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (IOException gone) {
                return false;
            }
        }
        return false;
    }

    private static void signal(String name, long pid) {
        try {
            Process kill = new ProcessBuilder(List.of("kill", "-" + name, Long.toString(pid)))
                    .redirectErrorStream(true)
                    .start();
            kill.getInputStream().readAllBytes();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void control(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/control/" + pathAndQuery))
                            .timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "control/" + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("control/" + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
