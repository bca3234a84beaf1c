package io.breakoutbot.ops.bot;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.ItHome;
import io.breakoutbot.ops.StandinBot;
import io.breakoutbot.ops.WebhookReceiver;
import io.breakoutbot.ops.backup.BackupMXBean;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.lifecycle.MaintenanceMXBean;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real stand-in bot beside a real Payara Micro: the service checks it every second, restarts it with a
 * real script, alerts a real HTTP receiver, follows its log and backs up its directory.
 *
 * <p>Each test starts from a healthy bot with restarts allowed and leaves it so (see {@link #healthyBot()}).
 */
@ExtendWith(ArquillianExtension.class)
class BotIT {

    static final int FAILURES = 3;
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration GRACE = Duration.ofSeconds(3);
    static final int MAX_RESTARTS = 3;

    static StandinBot bot;
    static WebhookReceiver receiver;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        Path home = ItHome.path().resolve("bot");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data").resolve("positions.json"), "{\"BTCUSDT\": 0.5}\n");
        Files.writeString(home.resolve(".env"), "EXCHANGE_API_KEY=it-bot-key\n");
        Files.deleteIfExists(home.resolve("restart-fails"));
        bot = StandinBot.start(home);
        receiver = new WebhookReceiver();
        ItHome.prepare(String.join(
                "\n",
                "ops.bot.home=" + home,
                "ops.bot.pidFile=bot.pid",
                "ops.bot.healthUrl=" + bot.healthUrl(),
                "ops.bot.interval=" + INTERVAL.toSeconds() + "s",
                "ops.bot.timeout=1s",
                "ops.bot.failuresBeforeRestart=" + FAILURES,
                "ops.bot.startGrace=" + GRACE.toSeconds() + "s",
                "ops.bot.restartCommand=" + bot.restartCommand(),
                "ops.bot.restartTimeout=20s",
                "ops.bot.maxRestarts=" + MAX_RESTARTS,
                "ops.bot.restartWindow=10m",
                "ops.alerts.webhooks=" + receiver.url(),
                "ops.alerts.min-interval=1s",
                "ops.alerts.healthChecks=2",
                // the two rules the operations manual's triggers call for, and one that counts every line
                "ops.alerts.logRules=exchange-disconnect: level>=ERROR message~\"(?i)exchange.*disconnect\";"
                        + " error-burst: level>=ERROR rate>10/1m;"
                        + " rotation-count: level>=WARN message~\"rotation-marker\" rate>5/10m",
                ""));
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war")));
    }

    @AfterAll
    static void stopBot() {
        if (bot != null) {
            bot.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @ArquillianResource
    URL deployed;

    JMXConnector admin;
    BotMXBean botBean;

    @BeforeEach
    void healthyBot() throws Exception {
        admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD);
        botBean = proxy(BotMXBean.OBJECT_NAME, BotMXBean.class);
        Files.deleteIfExists(bot.home().resolve("restart-fails"));
        if (botBean.isRestartsPaused()) {
            botBean.resumeRestarts();
        }
        await("the bot is UP")
                .atMost(Duration.ofSeconds(60))
                .until(() -> botBean.getState().status() == BotStatus.UP);
    }

    @AfterEach
    void closeJmx() throws IOException {
        Files.deleteIfExists(bot.home().resolve("restart-fails"));
        admin.close();
    }

    <T> T proxy(String name, Class<T> type) throws Exception {
        return JMX.newMXBeanProxy(admin.getMBeanServerConnection(), new ObjectName(name), type);
    }

    JsonObject health() throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + deployed.getPort() + deployed.getPath() + "api/health");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return json(response.body());
    }

    JsonObject botComponent() throws IOException, InterruptedException {
        return health().getJsonArray("components").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("bot"))
                .findFirst()
                .orElseThrow();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path logs() {
        return bot.home().resolve("logs");
    }

    @Test
    void aKilledBotIsRestartedWithinItsBoundAuditedAndAlerted() throws Exception {
        long restartsBefore = botBean.getRestarts();
        long oldPid = bot.pid();
        int alertsBefore = receiver.firing("metric", "bot.restart").size();
        Instant killed = Instant.now();
        bot.kill9();

        // The bound the settings promise, failuresBeforeRestart x interval + startGrace, plus slack: one interval
        // for the first check to come round, the restart script's own run, and this test's polling.
        Duration bound = INTERVAL.multipliedBy(FAILURES).plus(GRACE);
        Duration slack = INTERVAL.plusSeconds(4);
        await("restarted and UP")
                .atMost(bound.plus(slack).plusSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> botBean.getState(), s -> s.status() == BotStatus.UP && s.restartsTotal() > restartsBefore);
        Duration toUp = Duration.between(killed, Instant.now());
        assertTrue(
                toUp.compareTo(bound.plus(slack)) <= 0,
                "UP again " + toUp + " after the kill; bound " + bound + " + " + slack);
        BotState up = botBean.getState();
        assertAll(
                () -> assertEquals(restartsBefore + 1, up.restartsTotal()),
                () -> assertNotEquals(oldPid, up.pid(), "a new process"),
                () -> assertEquals(0, up.lastRestartExitCode()));
        // /api/health composes its answer at most once a second: the bot's UP shows there within that
        await("health's bot component UP")
                .atMost(Duration.ofSeconds(5))
                .until(() -> botComponent().getString("status"), "UP"::equals);
        await("the restart in the audit log")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> read(logs().resolve("audit.log")),
                        text -> text.lines().anyMatch(l -> l.contains("restart") && l.contains(Bot.CHECK_ACTOR)));
        await("the restart alerted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> receiver.firing("metric", "bot.restart").size() > alertsBefore);
    }

    @Test
    void aStoppedBotIsUnresponsiveNotDeadAndIsRestarted() throws Exception {
        long restartsBefore = botBean.getRestarts();
        long oldPid = bot.pid();
        bot.stop();
        await("seen as stopped")
                .atMost(Duration.ofSeconds(10))
                .until(() -> botBean.getState(), s -> s.status() == BotStatus.DOWN && s.alive());
        assertTrue(
                botBean.getState().reason().contains("stopped"),
                botBean.getState().reason());
        await("restarted and UP")
                .atMost(Duration.ofSeconds(45))
                .until(() -> botBean.getState(), s -> s.status() == BotStatus.UP && s.restartsTotal() > restartsBefore);
        assertNotEquals(oldPid, bot.pid());
        assertTrue(!StandinBot.alive(oldPid), "the stopped process was replaced, not left behind");
    }

    @Test
    void aRestartThatKeepsFailingStopsAfterTheLoopGuardWithOneCriticalAlert() throws Exception {
        botBean.resumeRestarts(); // a fresh loop-guard window, whatever earlier tests restarted
        long restartsBefore = botBean.getRestarts();
        int criticalBefore = receiver.firing("metric", "bot.restarts").size();
        Files.writeString(bot.home().resolve("restart-fails"), "");
        bot.kill9();

        await("the loop guard pauses restarts")
                .atMost(Duration.ofSeconds(90))
                .until(() -> botBean.getState().restartGuard() == RestartGuard.PAUSED_BY_LOOP_GUARD);
        BotState paused = botBean.getState();
        assertAll(
                () -> assertEquals(restartsBefore + MAX_RESTARTS, paused.restartsTotal()),
                () -> assertEquals(1, paused.lastRestartExitCode()),
                () -> assertTrue(
                        paused.lastRestartOutput().contains("restart-fails exists"), paused.lastRestartOutput()));
        await("health says why")
                .atMost(Duration.ofSeconds(10))
                .until(() -> botComponent().getString("reason"), r -> r.contains(BotState.PAUSED_BY_LOOP_GUARD));
        await("one critical alert")
                .atMost(Duration.ofSeconds(15))
                .until(() -> receiver.firing("metric", "bot.restarts").size() == criticalBefore + 1);
        JsonObject alert = receiver.firing("metric", "bot.restarts").get(criticalBefore);
        assertEquals("critical", alert.getJsonObject("labels").getString("severity"));
        // no more restarts, and no second critical alert, however many checks fail meanwhile
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(7))
                .until(() -> botBean.getRestarts() == restartsBefore + MAX_RESTARTS
                        && receiver.firing("metric", "bot.restarts").size() == criticalBefore + 1);

        Files.delete(bot.home().resolve("restart-fails"));
        botBean.resumeRestarts();
        await("restarted once resumed")
                .atMost(Duration.ofSeconds(30))
                .until(() -> botBean.getState().status() == BotStatus.UP);
    }

    @Test
    void anExchangeDisconnectLineReachesTheWebhookOnce() throws Exception {
        bot.log("ERROR", "Exchange disconnected: binance websocket closed (code 1006)");
        await("the exchange-disconnect alert")
                .atMost(Duration.ofSeconds(15))
                .until(() -> receiver.firing("alertname", "exchange-disconnect").size() == 1);
        JsonObject alert = receiver.firing("alertname", "exchange-disconnect").get(0);
        assertTrue(
                alert.getJsonObject("annotations").toString().contains("binance websocket closed"), alert.toString());
        bot.log("ERROR", "Exchange disconnected again: binance websocket closed (code 1006)");
        await().during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(6))
                .until(() -> receiver.firing("alertname", "exchange-disconnect").size() == 1);
    }

    /**
     * {@code rotation-count} fires on its sixth line: five lines around a rotation of bot.log must not fire it
     * (no line counted twice), and the sixth must (no line lost).
     */
    @Test
    void aRotationInTheMiddleLosesNoLineToTheRule() throws Exception {
        for (int i = 1; i <= 3; i++) {
            bot.log("WARNING", "rotation-marker " + i);
        }
        await("three lines written")
                .atMost(Duration.ofSeconds(5))
                .until(() -> read(bot.logFile()), t -> t.contains("rotation-marker 3"));
        MaintenanceMXBean maintenance = proxy(MaintenanceMXBean.OBJECT_NAME, MaintenanceMXBean.class);
        maintenance.rotate("bot.log");
        for (int i = 4; i <= 5; i++) {
            bot.log("WARNING", "rotation-marker " + i);
        }
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> receiver.firing("alertname", "rotation-count").isEmpty());
        bot.log("WARNING", "rotation-marker 6");
        await("fired on the sixth line")
                .atMost(Duration.ofSeconds(15))
                .until(() -> receiver.firing("alertname", "rotation-count").size() == 1);
    }

    @Test
    void aBackupHoldsTheBotsDataLogsAndEnvAndFailsWithoutEnv() throws Exception {
        BackupMXBean backup = proxy(BackupMXBean.OBJECT_NAME, BackupMXBean.class);
        BackupRecord written = backup.backupNow();
        Path archive = Path.of(backup.getBackupDirectory()).resolve(written.name());
        Process tar = new ProcessBuilder("tar", "-tzf", archive.toString())
                .redirectErrorStream(true)
                .start();
        String entries = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), entries);
        assertAll(
                () -> assertTrue(entries.lines().anyMatch(e -> e.equals("data/positions.json")), entries),
                () -> assertTrue(entries.lines().anyMatch(e -> e.equals("logs/bot.log")), entries),
                () -> assertTrue(entries.lines().anyMatch(e -> e.equals(".env")), entries));

        Path env = bot.home().resolve(".env");
        String secret = read(env);
        Files.delete(env);
        try {
            int before = backup.list().backups().size();
            Exception refused = assertThrows(Exception.class, backup::backupNow);
            assertTrue(String.valueOf(rootMessage(refused)).contains(env.toString()), rootMessage(refused));
            assertEquals(before, backup.list().backups().size(), "no archive written");
            assertTrue(backup.getLastFailure().contains(".env"), backup.getLastFailure());
        } finally {
            Files.writeString(env, secret);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? t.getMessage() : cause.getMessage();
    }
}
