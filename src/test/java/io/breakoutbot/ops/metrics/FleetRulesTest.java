package io.breakoutbot.ops.metrics;

import static io.breakoutbot.ops.metrics.PrometheusRulesTest.promtool;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus and Alertmanager files of deploy/fleet, checked by the tools that will read them: promtool
 * resolves the file_sd files and both rule files relative to prometheus.yml and parses each, the fleet's rule
 * cases fire what they say, the rules read only series PrometheusMetrics serves, and amtool (Debian's {@code prometheus-alertmanager}) accepts the Alertmanager pair's
 * configuration when it is installed.
 */
class FleetRulesTest {

    @Test
    void scrapeConfigFindsItsTargetsAndRules() throws Exception {
        String output = promtool("check", "config", "deploy/fleet/prometheus.yml");
        assertAll(
                () -> assertTrue(output.contains("SUCCESS: 2 rule files found"), output),
                () -> assertTrue(output.contains("deploy/prometheus/alerts.yml"), output),
                () -> assertTrue(output.contains("deploy/fleet/alerts.yml"), output),
                // a file_sd glob that matches nothing is only a warning to promtool; ours must match the example
                () -> assertTrue(!output.contains("WARNING"), output));
    }

    @Test
    void fleetRuleCasesPass() throws Exception {
        assertTrue(promtool("test", "rules", "deploy/fleet/alerts.test.yml").contains("SUCCESS"));
    }

    @Test
    void rulesReadOnlySeriesWeServe() throws Exception {
        Set<String> served = GrafanaDashboardTest.servedNames();
        for (String file : List.of("deploy/fleet/alerts.yml", "deploy/prometheus/alerts.yml")) {
            Set<String> unknown = Pattern.compile("\\bops_[a-z_]+")
                    .matcher(Files.readString(Path.of(file)))
                    .results()
                    .map(MatchResult::group)
                    .filter(name -> !served.contains(name))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertTrue(unknown.isEmpty(), file + " reads series nobody serves: " + unknown);
        }
    }

    @Test
    void alertmanagerConfigPassesAmtool() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("amtool", "check-config", "deploy/fleet/alertmanager.yml")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "amtool not found: install Debian's prometheus-alertmanager to check alertmanager.yml");
            return;
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertAll(
                () -> assertEquals(0, p.waitFor(), output),
                () -> assertTrue(output.contains("SUCCESS"), output),
                () -> assertTrue(Files.readString(Path.of("deploy/fleet/alertmanager.yml"))
                        .contains("group_by: [alertname, instance]")));
    }
}
