package io.breakoutbot.ops.startup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.BackupSettings;
import io.breakoutbot.ops.backup.Backups;
import io.breakoutbot.ops.backup.MissingSourceException;
import io.breakoutbot.ops.config.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ops.bot.home} and {@code ops.logs.dir}: where the logs we manage are, and what a backup takes. */
class BotHomeSettingsTest {

    @TempDir
    Path tmp;

    Path home;
    Path bot;

    @BeforeEach
    void directories() throws IOException {
        home = tmp.resolve("ops");
        bot = Files.createDirectories(tmp.resolve("experiments"));
    }

    Settings load(String... pairs) {
        Map<String, String> values = new HashMap<>();
        values.put("ops.home", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return Settings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void withoutABotEverythingIsUnderOpsHome() {
        Settings cut = load();
        BackupSettings backup = cut.backup().settings();
        assertAll(
                () -> assertNull(cut.botHome()),
                () -> assertEquals(home.resolve("logs"), cut.logs().directory()),
                () -> assertTrue(Files.isDirectory(home.resolve("logs")), "created at start"),
                () -> assertEquals(
                        List.of(home.resolve("data"), home.resolve("logs"), home.resolve(".env")), backup.sources()),
                () -> assertEquals(Set.of(), backup.optional(), "every default source is required"),
                () -> assertEquals("", cut.effective().get("ops.bot.home")),
                () -> assertEquals(
                        home.resolve("logs").toString(), cut.effective().get("ops.logs.dir")),
                () -> assertEquals(
                        home.resolve("data") + "," + home.resolve("logs") + "," + home.resolve(".env"),
                        cut.effective().get("ops.backup.sources")));
    }

    @Test
    void aBotHomeMovesTheLogDirectoryAndTheBackupSources() {
        Settings cut = load("ops.bot.home", bot.toString());
        assertAll(
                () -> assertEquals(bot, cut.botHome()),
                () -> assertEquals(bot.resolve("logs"), cut.logs().directory()),
                () -> assertTrue(Files.isDirectory(bot.resolve("logs")), "created at start"),
                () -> assertFalse(Files.exists(home.resolve("logs")), "no second log directory"),
                () -> assertEquals(
                        List.of(bot.resolve("data"), bot.resolve("logs"), bot.resolve(".env")),
                        cut.backup().settings().sources()),
                () -> assertEquals(
                        List.of(home, bot.resolve("logs")), cut.monitor().paths(), "both disks watched"),
                () -> assertEquals("", cut.effective().get("ops.monitor.paths")),
                () -> assertEquals(bot.toString(), cut.effective().get("ops.bot.home")),
                () -> assertEquals(
                        bot.resolve("logs").toString(), cut.effective().get("ops.logs.dir")));
    }

    @Test
    void aBackupWithABotHomeHoldsItsDataLogsAndEnvAndFailsWithoutEnv() throws IOException {
        Files.createDirectories(bot.resolve("data"));
        Files.writeString(bot.resolve("data/positions.json"), "{\"BTCUSDT\":0.5}\n");
        Files.createDirectories(bot.resolve("logs"));
        Files.writeString(bot.resolve("logs/bot.log"), "{\"level\":\"INFO\",\"message\":\"started\"}\n");
        Files.writeString(bot.resolve(".env"), "EXCHANGE_API_KEY=k\n");
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T04:00:00Z"), ZoneOffset.UTC);
        Backups backups = new Backups(
                load("ops.bot.home", bot.toString()).backup().settings(), clock, Executors.defaultThreadFactory());

        BackupRecord record = backups.backupNow();
        assertAll(
                () -> assertTrue(record.verified()),
                () -> assertEquals(3, record.files()),
                () -> assertEquals(List.of(), record.skipped()));

        Files.delete(bot.resolve(".env"));
        MissingSourceException e = assertThrows(MissingSourceException.class, backups::backupNow);
        assertTrue(
                e.getMessage().startsWith("backup source " + bot.resolve(".env") + " does not exist"), e.getMessage());
    }

    @Test
    void aRelativeBotHomeIsUnderOpsHome() throws IOException {
        Path inside = Files.createDirectories(home.resolve("bot"));
        assertEquals(inside, load("ops.bot.home", "bot").botHome());
    }

    @Test
    void anExplicitLogDirectoryWinsAndTheLogsSourceFollowsIt() throws IOException {
        Path elsewhere = tmp.resolve("var-log/bot");
        Settings cut = load("ops.bot.home", bot.toString(), "ops.logs.dir", elsewhere.toString());
        assertAll(
                () -> assertEquals(elsewhere, cut.logs().directory()),
                () -> assertTrue(Files.isDirectory(elsewhere)),
                () -> assertEquals(
                        List.of(bot.resolve("data"), elsewhere, bot.resolve(".env")),
                        cut.backup().settings().sources()));
        assertEquals(
                home.resolve("shared/logs"),
                load("ops.logs.dir", "shared/logs").logs().directory());
    }

    @Test
    void explicitSourcesAreRelativeToOpsHomeOrAbsoluteAndAQuestionMarkMakesOneOptional() {
        Path env = bot.resolve(".env");
        Settings cut = load("ops.bot.home", bot.toString(), "ops.backup.sources", "data, reports? ," + env);
        BackupSettings backup = cut.backup().settings();
        assertAll(
                () -> assertEquals(List.of(home.resolve("data"), home.resolve("reports"), env), backup.sources()),
                () -> assertEquals(Set.of(home.resolve("reports")), backup.optional()),
                () -> assertEquals(
                        home.resolve("data") + "," + home.resolve("reports") + "?," + env,
                        cut.effective().get("ops.backup.sources")));
    }

    @Test
    void aBotHomeThatDoesNotExistIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load("ops.bot.home", "nope"));
        assertEquals("Invalid setting ops.bot.home='nope': must be an existing directory", e.getMessage());
        assertEquals("ops.bot.home", e.key());
    }

    @Test
    void aLogDirectoryThatCannotBeCreatedIsRefusedNamingTheKey() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String value = file + "/logs";
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load("ops.logs.dir", value));
        assertEquals("ops.logs.dir", e.key());
        assertTrue(
                e.getMessage()
                        .startsWith("Invalid setting ops.logs.dir='" + value
                                + "': must be a directory this process can create and write ("),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aBotHomeWhoseLogsCannotBeCreatedIsRefusedNamingTheLogKey() throws IOException {
        Files.writeString(bot.resolve("logs"), "a file where the logs should be");
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("ops.bot.home", bot.toString()));
        assertEquals("ops.logs.dir", e.key());
        assertTrue(e.getMessage().startsWith("Invalid setting ops.logs.dir='" + bot.resolve("logs") + "': "));
    }

    @Test
    void opsHomeItselfIsNoLogDirectory() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load("ops.logs.dir", "."));
        assertEquals(
                "Invalid setting ops.logs.dir='.': must not be ops.home " + home + " or a directory above it",
                e.getMessage());
    }

    @Test
    void archivesMustBeOutsideTheBotsLogs() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> load(
                        "ops.bot.home",
                        bot.toString(),
                        "ops.archive.dir",
                        bot.resolve("logs/old").toString()));
        assertEquals("ops.archive.dir", e.key());
        assertTrue(e.getMessage().endsWith("must be outside the log directory " + bot.resolve("logs")));
    }

    @Test
    void badSourcesAreRefusedNamingTheKey() {
        InvalidSettingException bare =
                assertThrows(InvalidSettingException.class, () -> load("ops.backup.sources", "data,?"));
        assertEquals(
                "Invalid setting ops.backup.sources='data,?': must be paths separated by commas, each optionally "
                        + "ending with ?",
                bare.getMessage());
        InvalidSettingException twice =
                assertThrows(InvalidSettingException.class, () -> load("ops.backup.sources", "data,other/data?"));
        assertEquals("ops.backup.sources", twice.key());
        assertTrue(twice.getMessage().contains("share the name 'data'"), twice.getMessage());
    }
}
