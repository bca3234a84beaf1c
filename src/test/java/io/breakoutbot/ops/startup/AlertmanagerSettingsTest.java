package io.breakoutbot.ops.startup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.breakoutbot.ops.alerts.AlertSettings;
import io.breakoutbot.ops.config.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** The Alertmanager and label settings: what starts, and what stops the start (exit 78) naming the key. */
class AlertmanagerSettingsTest {

    @TempDir
    Path home;

    AlertSettings load(String... pairs) {
        Map<String, String> values = new HashMap<>();
        values.put("ops.home", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return Settings.load(key -> Optional.ofNullable(values.get(key))).alerts();
    }

    @Test
    void defaultsPushNowhereAndGroupByAlertnameAndInstance() {
        AlertSettings cut = load();
        assertAll(
                () -> assertEquals(List.of(), cut.alertmanagers()),
                () -> assertEquals(Map.of(), cut.labels()),
                () -> assertFalse(cut.instance().isBlank(), "the host's name"),
                () -> assertEquals("", cut.externalUrl()),
                () -> assertEquals(List.of("alertname", "instance"), cut.groupBy()),
                () -> assertNull(cut.alertmanagerAuth()));
    }

    @Test
    void allSet() throws IOException {
        Path auth = Files.writeString(home.resolve("am.auth"), "bearer s3cr3t-token\n");
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));

        AlertSettings cut = load(
                "ops.alerts.allowPrivateTargets", "true",
                "ops.alerts.alertmanagers", "http://127.0.0.1:9093, http://127.0.0.1:9094/am/",
                "ops.alerts.labels", "env=prod,region=eu",
                "ops.alerts.instance", "bot-1",
                "ops.alerts.externalUrl", "https://ops-1.example/",
                "ops.alerts.groupBy", "alertname",
                "ops.alerts.alertmanagerAuthFile", "am.auth");

        assertAll(
                () -> assertEquals(List.of("http://127.0.0.1:9093", "http://127.0.0.1:9094/am/"), cut.alertmanagers()),
                () -> assertEquals(Map.of("env", "prod", "region", "eu"), cut.labels()),
                () -> assertEquals("bot-1", cut.instance()),
                () -> assertEquals("https://ops-1.example/", cut.externalUrl()),
                () -> assertEquals(List.of("alertname"), cut.groupBy()),
                () -> assertEquals("bearer", cut.alertmanagerAuth().scheme()),
                () -> assertFalse(cut.alertmanagerAuth().toString().contains("s3cr3t")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ops.alerts.alertmanagers|ftp://am.example:9093|The Alertmanager URL ftp://am.example:9093 is refused: only http and https",
                "ops.alerts.alertmanagers|http://169.254.169.254:9093|link-local",
                "ops.alerts.alertmanagers|http://metadata.google.internal/|metadata",
                "ops.alerts.alertmanagers|http://127.0.0.1:9093|ops.alerts.allowPrivateTargets=true",
                "ops.alerts.alertmanagers|http://localhost:9093|resolves to 127.0.0.1",
                "ops.alerts.alertmanagers|http://am-1.invalid:9093/x?y#z,ftp://am-2.example|only http and https",
                "ops.alerts.labels|env=prod,severity=page|severity is set by breakout-ops",
                "ops.alerts.labels|1env=prod|not a label name",
                "ops.alerts.labels|env|name=value",
                "ops.alerts.groupBy|alertname,bad-name|not a label name",
                "ops.alerts.externalUrl|ops-1.example|absolute http or https URL",
            })
    void badValueStopsTheStartNamingTheKey(String key, String value, String why) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(key, value));
        assertAll(
                () -> assertEquals(key, e.key()),
                () -> assertTrue(e.getMessage().startsWith("Invalid setting " + key + "="), e.getMessage()),
                () -> assertTrue(e.getMessage().contains(why), e.getMessage()),
                () -> assertFalse(e.getMessage().contains("\n"), e.getMessage()));
    }

    @Test
    void anAlertmanagerNameThatDoesNotResolveYetOnlyWarns() {
        Logger log = (Logger) LoggerFactory.getLogger(Settings.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try {
            AlertSettings cut = load("ops.alerts.alertmanagers", "http://am-1.invalid:9093/am/");

            assertEquals(List.of("http://am-1.invalid:9093/am/"), cut.alertmanagers());
            assertEquals(
                    List.of("WARN ops.alerts.alertmanagers: the host of Alertmanager http://am-1.invalid:9093 does not "
                            + "resolve now; sends to it are retried, and its address is checked before each"),
                    logged.list.stream()
                            .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                            .toList());
        } finally {
            log.detachAppender(logged);
        }
    }

    @Test
    void anAuthFileOthersCanReadStopsTheStart() throws IOException {
        Path auth = Files.writeString(home.resolve("am.auth"), "basic ops:pw\n");
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-r--r--"));

        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> load("ops.alerts.alertmanagerAuthFile", auth.toString()));

        assertEquals("ops.alerts.alertmanagerAuthFile", e.key());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
    }

    @Test
    void aMalformedAuthFileStopsTheStartWithoutShowingTheSecret() throws IOException {
        Path auth = Files.writeString(home.resolve("am.auth"), "token hunter2\n");
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));

        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("ops.alerts.alertmanagerAuthFile", "am.auth"));

        assertTrue(e.getMessage().contains("'basic' or 'bearer'"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
