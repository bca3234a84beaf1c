package io.breakoutbot.ops.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.bot.BotSettings;
import io.breakoutbot.ops.config.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code ops.bot.*} keys: defaults, paths, the restart command, and the refusals that stop a start. */
class BotSettingsTest {

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
    void offByDefaultWithTheDocumentedFigures() {
        BotSettings bot = load().bot();

        assertFalse(bot.enabled());
        assertEquals(Duration.ofSeconds(10), bot.interval());
        assertEquals(Duration.ofSeconds(5), bot.timeout());
        assertEquals(3, bot.failuresBeforeRestart());
        assertNull(bot.restartCommand());
        assertEquals(Duration.ofSeconds(60), bot.restartTimeout());
        assertEquals(Duration.ofSeconds(30), bot.startGrace());
        assertEquals(3, bot.maxRestarts());
        assertEquals(Duration.ofMinutes(10), bot.restartWindow());
        Map<String, String> effective = load().effective();
        assertEquals("10s", effective.get("ops.bot.interval"));
        assertEquals("", effective.get("ops.bot.pidFile"));
    }

    @Test
    void aRelativePidFileIsResolvedAgainstTheHome() {
        BotSettings bot = load("ops.bot.pidFile", "run/bot.pid").bot();

        assertTrue(bot.enabled());
        assertEquals(home.toAbsolutePath().resolve("run/bot.pid"), bot.pidFile());
    }

    @Test
    void anAbsolutePidFileStaysAsGiven() {
        assertEquals(
                Path.of("/run/breakout-bot.pid"),
                load("ops.bot.pidFile", "/run/breakout-bot.pid").bot().pidFile());
    }

    @Test
    void aRestartCommandNamedByItsProgramIsFoundOnPath() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path script = bin.resolve("restart-bot");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        BotSettings bot = load("PATH", "relative:" + bin, "ops.bot.restartCommand", "restart-bot  now --quick")
                .bot();

        assertEquals(
                List.of(script.toString(), "now", "--quick"),
                bot.restartCommand().argv());
        assertEquals(
                script + " now",
                load("PATH", bin.toString(), "ops.bot.restartCommand", "restart-bot now")
                        .effective()
                        .get("ops.bot.restartCommand"));
    }

    @Test
    void anAbsoluteRestartCommandIsKept() {
        assertEquals(
                List.of("/bin/sh", "-c", "true"),
                load("ops.bot.restartCommand", "/bin/sh -c true")
                        .bot()
                        .restartCommand()
                        .argv());
    }

    @Test
    void theHealthUrlMayBeOnLoopback() {
        assertEquals(
                "http://127.0.0.1:8000/api/health",
                load("ops.bot.healthUrl", "http://127.0.0.1:8000/api/health")
                        .bot()
                        .healthUrl()
                        .toString());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ops.bot.pidFile|../elsewhere/bot.pid|Invalid setting ops.bot.pidFile='../elsewhere/bot.pid': must be absolute, or a file inside HOME; a relative path may not leave it with ..",
                "ops.bot.pidFile|run/../../bot.pid|Invalid setting ops.bot.pidFile='run/../../bot.pid': must be absolute, or a file inside HOME; a relative path may not leave it with ..",
                "ops.bot.systemdUnit|bot;rm -rf|Invalid setting ops.bot.systemdUnit='bot;rm -rf': must be a systemd unit name (letters, digits, : _ . @ \\ -), like breakout-bot.service",
                "ops.bot.healthUrl|ftp://127.0.0.1/health|Invalid setting ops.bot.healthUrl='ftp://127.0.0.1/health': must be an http or https URL, like http://127.0.0.1:8000/api/health",
                "ops.bot.healthUrl|http://169.254.169.254/latest/meta-data|Invalid setting ops.bot.healthUrl='http://169.254.169.254/latest/meta-data': has a host, 169.254.169.254, that resolves to 169.254.169.254, a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer",
                "ops.bot.healthUrl|http://metadata.google.internal/computeMetadata|Invalid setting ops.bot.healthUrl='http://metadata.google.internal/computeMetadata': names a cloud metadata service",
                "ops.bot.healthUrl|http://[fd00:ec2::254]/|Invalid setting ops.bot.healthUrl='http://[fd00:ec2::254]/': has a host, [fd00:ec2::254], that resolves to fd00:ec2:0:0:0:0:0:254, a cloud metadata address",
                "ops.bot.healthUrl|http://user:secret@127.0.0.1/health|Invalid setting ops.bot.healthUrl='http://user:secret@127.0.0.1/health': must not carry credentials before the host",
                "ops.bot.restartCommand|restart.sh now|Invalid setting ops.bot.restartCommand='restart.sh now': must start with an absolute path to an executable file or a program name found on PATH; restart.sh is not on PATH (/nowhere)",
                "ops.bot.restartCommand|./restart.sh|Invalid setting ops.bot.restartCommand='./restart.sh': must start with an absolute path to an executable file or a program name found on PATH; ./restart.sh is not",
                "ops.bot.restartCommand|/no/such/program restart|Invalid setting ops.bot.restartCommand='/no/such/program restart': must start with an absolute path to an executable file or a program name found on PATH; /no/such/program is not",
                "ops.bot.interval|0s|Invalid setting ops.bot.interval='0s': must be a duration from 1s to 1h with a unit (ms, s, m, h, d), like 5s",
                "ops.bot.timeout|2m|Invalid setting ops.bot.timeout='2m': must be a duration from 100ms to 1m with a unit (ms, s, m, h, d), like 5s",
                "ops.bot.failuresBeforeRestart|0|Invalid setting ops.bot.failuresBeforeRestart='0': must be a whole number from 1 to 100",
                "ops.bot.maxRestarts|many|Invalid setting ops.bot.maxRestarts='many': must be a whole number from 1 to 100",
                "ops.bot.restartWindow|30s|Invalid setting ops.bot.restartWindow='30s': must be a duration from 1m to 1d with a unit (ms, s, m, h, d), like 5s",
                "ops.bot.startGrace|soon|Invalid setting ops.bot.startGrace='soon': must be a duration from 1s to 1h with a unit (ms, s, m, h, d), like 5s",
                "ops.bot.restartTimeout|2h|Invalid setting ops.bot.restartTimeout='2h': must be a duration from 1s to 1h with a unit (ms, s, m, h, d), like 5s",
            })
    void aBadValueStopsTheStartNamingItsKey(String key, String value, String message) {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("PATH", "/nowhere", key, value));
        assertEquals(message.replace("HOME", home.toAbsolutePath().toString()), e.getMessage());
        assertEquals(key, e.key());
    }

    @Test
    void aSystemdUnitUsesTheSystemctlFoundOnPathAtStart() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));

        BotSettings bot = load("PATH", "/nowhere:" + bin, "ops.bot.systemdUnit", "breakout-bot.service")
                .bot();

        assertEquals(systemctl, bot.systemctl());
        assertEquals("breakout-bot.service", bot.systemdUnit());
    }

    @Test
    void aSystemdUnitWithoutSystemctlOnPathStopsTheStart() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> load("PATH", "/nowhere", "ops.bot.systemdUnit", "breakout-bot.service"));

        assertEquals("ops.bot.systemdUnit", e.key());
        assertEquals(
                "Invalid setting ops.bot.systemdUnit='breakout-bot.service': needs systemctl, which is not on PATH"
                        + " (/nowhere)",
                e.getMessage());
    }

    @Test
    void theRestartOutputGoesToTheManagedLogDirectory() {
        assertEquals(home.toAbsolutePath().resolve("logs"), load().bot().logDirectory());
    }

    @Test
    void aPidFileAndASystemdUnitTogetherAreRefused() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> load("ops.bot.pidFile", "bot.pid", "ops.bot.systemdUnit", "breakout-bot.service"));
        assertEquals(
                "Invalid setting ops.bot.systemdUnit='breakout-bot.service': cannot be set with "
                        + "ops.bot.pidFile; set one of them",
                e.getMessage());
    }
}
