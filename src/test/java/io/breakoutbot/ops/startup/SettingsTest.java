package io.breakoutbot.ops.startup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.config.ByteSize;
import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.config.Environment;
import io.breakoutbot.ops.config.InvalidSettingException;
import io.breakoutbot.ops.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @TempDir
    Path home;

    Settings load(String... pairs) {
        Map<String, String> values = new HashMap<>();
        values.put("ops.home", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return Settings.load(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsFollowTheSeed() {
        Settings cut = load();
        assertAll(
                () -> assertEquals(home.toAbsolutePath(), cut.home()),
                () -> assertEquals(Environment.DEVELOPMENT, cut.environment()),
                () -> assertEquals(home.resolve("logs"), cut.logs().directory()),
                () -> assertTrue(Files.isDirectory(home.resolve("logs")), "logs/ is created"),
                () -> assertEquals(5L << 20, cut.logs().maxFileSize()),
                () -> assertEquals(5, cut.logs().backups()),
                () -> assertTrue(cut.logs().compress()),
                () -> assertEquals(Level.INFO, cut.logs().level()),
                () -> assertFalse(cut.exitOnError()));
    }

    @Test
    void productionWritesTenMegabyteFilesUnlessTold() {
        assertEquals(10L << 20, load("ops.environment", "Production").logs().maxFileSize());
        assertEquals(
                512L << 10,
                load("ops.environment", "production", "ops.logs.maxFileSize", "512KB")
                        .logs()
                        .maxFileSize());
    }

    @Test
    void effectiveListsEveryKeyOnce() {
        Map<String, String> effective = load().effective();
        assertEquals(Setting.values().length, effective.size());
        for (Setting setting : Setting.values()) {
            assertTrue(effective.containsKey(setting.key()), setting.key());
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ops.environment|staging|Invalid setting ops.environment='staging': must be development or production",
                "ops.logs.maxFileSize|-5MB|Invalid setting ops.logs.maxFileSize='-5MB': must be a size greater than zero in B, KB, MB or GB, like 10MB",
                "ops.logs.maxFileSize|0|Invalid setting ops.logs.maxFileSize='0': must be a size greater than zero in B, KB, MB or GB, like 10MB",
                "ops.logs.backups|0|Invalid setting ops.logs.backups='0': must be a whole number from 1 to 1000",
                "ops.logs.backups|five|Invalid setting ops.logs.backups='five': must be a whole number from 1 to 1000",
                "ops.logs.compress|yes|Invalid setting ops.logs.compress='yes': must be true or false",
                "ops.logs.level|LOUD|Invalid setting ops.logs.level='LOUD': must be one of TRACE, DEBUG, INFO, WARN, ERROR",
                "ops.logs.queueSize|10|Invalid setting ops.logs.queueSize='10': must be a whole number from 64 to 1048576",
                "ops.monitor.interval|0s|Invalid setting ops.monitor.interval='0s': must be a duration from 1s to 1h with a unit (ms, s, m, h, d), like 5s",
                "ops.monitor.interval|2h|Invalid setting ops.monitor.interval='2h': must be a duration from 1s to 1h with a unit (ms, s, m, h, d), like 5s",
                "ops.schedule.rotation|0 25 * * *|Invalid setting ops.schedule.rotation='0 25 * * *': hour field '25' is out of range 0-23",
                "ops.retention.days|0|Invalid setting ops.retention.days='0': must be a whole number from 1 to 3650",
            })
    void badValueGivesOneLineNamingKeyValueAndWhatIsAllowed(String key, String value, String message) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(key, value));
        assertEquals(message, e.getMessage());
        assertEquals(key, e.key());
    }

    @Test
    void homeThatCannotBeWrittenIsRefused() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> Settings.load(key -> key.equals("ops.home") ? Optional.of(file.toString()) : Optional.empty()));
        assertTrue(
                e.getMessage().startsWith("Invalid setting ops.home='" + file + "': cannot be written ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("must be a directory this process can create and write"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void controlCharactersInAValueCannotBreakTheLine() {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("ops.environment", "prod\nFAKE LINE"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"10MB,10485760", "512kb,524288", "1GB,1073741824", "4096,4096", "7 B,7"})
    void sizesReadTheWayOperatorsWriteThem(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S,500ms", "5s,PT5S,5s", "5m,PT5M,5m", "90s,PT1M30S,90s", "1h,PT1H,1h", "7d,PT168H,7d"})
    void durationsReadTheWayOperatorsWriteThem(String text, java.time.Duration expected, String formatted) {
        assertEquals(expected, Durations.parse(text));
        assertEquals(formatted, Durations.format(expected));
    }

    @ParameterizedTest
    @CsvSource({"0s", "-5s", "5", "five minutes", "5w"})
    void notADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }

    @Test
    void aWebhookOnACloudMetadataAddressStopsTheDeployment() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> load("ops.alerts.webhooks", "http://169.254.169.254/latest"));
        assertTrue(
                e.getMessage().startsWith("Invalid setting ops.alerts.webhooks='http://169.254.169.254/latest': "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void archivesInsideTheLogDirectoryAreRefused() {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("ops.archive.dir", "logs/archives"));
        assertEquals(
                "Invalid setting ops.archive.dir='logs/archives': must be outside the log directory "
                        + home.toAbsolutePath().resolve("logs"),
                e.getMessage());
    }

    @Test
    void logRulesParseAsTheIssueWritesThem() {
        Settings cut = load(
                "ops.alerts.logRules",
                "exchange-disconnect: level>=ERROR message~\"(?i)exchange.*disconnect\"; "
                        + "error-burst: level>=ERROR rate>10/1m");
        assertEquals(2, cut.alerts().logRules().size());
        assertEquals("error-burst", cut.alerts().logRules().get(1).name());
        assertEquals(
                "exchange-disconnect: level>=ERROR message~\"(?i)exchange.*disconnect\"; "
                        + "error-burst: level>=ERROR rate>10/1m",
                cut.effective().get("ops.alerts.logRules"));
        assertTrue(load().alerts().logRules().isEmpty(), "none by default");
    }

    @Test
    void aLogRuleWhoseRegexDoesNotCompileStopsTheStartNamingKeyAndRule() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> load("ops.alerts.logRules", "ok: level>=ERROR; broken: message~\"(exchange\""));
        assertEquals("ops.alerts.logRules", e.key());
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Invalid setting ops.alerts.logRules='ok: level>=ERROR; broken: message~\"(exchange\"': "
                                        + "rule 'broken': the regex \"(exchange\" does not compile: Unclosed group"),
                e.getMessage());
    }

    @Test
    void aMissingBackupDirectoryIsMadeOwnerOnlyAndAnExistingOneIsLeftAsItIs() throws IOException {
        Path made = load("ops.backup.dir", "nested/backups").backup().settings().directory();
        Path existing = Files.createDirectories(home.resolve("shared"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-x---"));
        load("ops.backup.dir", "shared");

        assertAll(
                () -> assertEquals(home.resolve("nested/backups"), made),
                () -> assertEquals("rwx------", mode(made), "backups hold .env: never open to others"),
                () -> assertEquals("rwxr-x---", mode(existing), "the backup code tightens it, with a warning"));
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
