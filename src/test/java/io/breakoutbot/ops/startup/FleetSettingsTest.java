package io.breakoutbot.ops.startup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.config.InvalidSettingException;
import io.breakoutbot.ops.fleet.FleetSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ops.fleet keys: a bad one stops the start naming key and value (exit 78), never the dashboard. */
class FleetSettingsTest {

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
    void withoutAUrlTheFleetViewIsOff() {
        Settings cut = load();
        assertAll(
                () -> assertFalse(cut.fleet().enabled()),
                () -> assertEquals("breakout-ops", cut.fleet().job()),
                () -> assertEquals("", cut.effective().get("ops.fleet.prometheusUrl")),
                () -> assertEquals("breakout-ops", cut.effective().get("ops.fleet.job")));
    }

    @Test
    void aPrometheusOnLoopbackIsTaken() {
        Settings cut = load("ops.fleet.prometheusUrl", " http://127.0.0.1:9090/ ", "ops.fleet.job", "ops hosts");
        assertAll(
                () -> assertTrue(cut.fleet().enabled()),
                () -> assertEquals(
                        URI.create("http://127.0.0.1:9090/"), cut.fleet().prometheusUrl()),
                () -> assertEquals("ops hosts", cut.fleet().job()),
                () -> assertEquals("http://127.0.0.1:9090/", cut.effective().get("ops.fleet.prometheusUrl")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://127.0.0.1:9090|http or https",
                "127.0.0.1:9090|http or https",
                "http://user:pw@127.0.0.1:9090|credentials",
                "http://169.254.169.254/|link-local",
                "http://[fe80::1]:9090/|link-local",
                "http://metadata.google.internal/|metadata",
                "http://0.0.0.0:9090/|unspecified",
                "http://127.0.0.1:9090/?x=1|query",
                "http://exa mple/|not a valid URL"
            })
    void aUrlThatIsNoSafePrometheusStopsTheStartNamingTheKey(String url, String why) {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> load("ops.fleet.prometheusUrl", url));
        assertAll(
                () -> assertEquals("ops.fleet.prometheusUrl", e.key()),
                () -> assertTrue(e.getMessage().contains("ops.fleet.prometheusUrl"), e.getMessage()),
                () -> assertTrue(e.getMessage().contains(why), e.getMessage()));
    }

    @Test
    void aJobWithAControlCharacterStopsTheStart() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> load("ops.fleet.prometheusUrl", "http://127.0.0.1:9090", "ops.fleet.job", "ops\nFAKE"));
        assertEquals("ops.fleet.job", e.key());
    }

    @Test
    void aNameThatDoesNotResolveYetIsTakenAndCheckedAtEachQuery() {
        assertEquals(
                URI.create("http://prometheus.invalid:9090"),
                FleetSettings.prometheusUrl("http://prometheus.invalid:9090"));
    }
}
