package io.breakoutbot.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The files in deploy/prometheus, checked by Debian's promtool (package {@code prometheus}, which .ci/run
 * installs): the rules parse, and the cases in alerts.test.yml, written with the labels Prometheus stores
 * (job and instance from the scrape), fire what they say.
 * alerts-ages.test.yml holds the rules that look back days, evaluated hourly.
 */
class PrometheusRulesTest {

    static String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool not found: install Debian's prometheus package (.ci/run does)", e);
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "promtool " + String.join(" ", args) + ": " + output);
        return output;
    }

    @Test
    void rulesAndScrapeConfigPassPromtool() throws Exception {
        assertTrue(promtool("check", "rules", "deploy/prometheus/alerts.yml").contains("SUCCESS"));
        promtool("check", "config", "deploy/prometheus/prometheus.yml");
    }

    @Test
    void ruleCasesPass() throws Exception {
        assertTrue(
                promtool("test", "rules", "deploy/prometheus/alerts.test.yml").contains("SUCCESS"));
        assertTrue(promtool("test", "rules", "deploy/prometheus/alerts-ages.test.yml")
                .contains("SUCCESS"));
    }
}
