package io.breakoutbot.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.monitoring.Metric;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/grafana/breakout-ops.json and the fleet's deploy/fleet/grafana/breakout-ops-fleet.json work when
 * provisioned from a file: no import-time input, every panel and query on the {@code datasource} variable, no
 * query on a label our series no longer carry, every expression parses as PromQL (promtool), and every ops_*
 * series it reads is one that PrometheusMetrics registers, under the name Payara gives it.
 */
class GrafanaDashboardTest {

    static final String SINGLE = "deploy/grafana/breakout-ops.json";
    static final String FLEET = "deploy/fleet/grafana/breakout-ops-fleet.json";

    /** Payara's suffix per MicroProfile unit: MetricUnits.PERCENT is named "_ratio" without scaling. */
    private static final Map<String, String> SUFFIX =
            Map.of("NONE", "", "BYTES", "_bytes", "SECONDS", "_seconds", "PERCENT", "_ratio");

    private static final Pattern REGISTERED =
            Pattern.compile("\\b(gauge|counter)\\(\\s*\"(ops_[a-z_]+)\",\\s*(?:MetricUnits\\.([A-Z]+))?");

    static JsonObject dashboard(String file) throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(Path.of(file)))) {
            return reader.readObject();
        }
    }

    static List<String> expressions(JsonObject dashboard) {
        List<String> all = new ArrayList<>();
        for (JsonObject panel : dashboard.getJsonArray("panels").getValuesAs(JsonObject.class)) {
            for (JsonObject target : panel.getJsonArray("targets").getValuesAs(JsonObject.class)) {
                all.add(target.getString("expr"));
            }
        }
        return all;
    }

    /**
     * The series names PrometheusMetrics registers, as Prometheus stores them: a counter gets "_total", a gauge
     * the suffix of its unit; the levels of a count metric (bot.threads) are registered by a computed name.
     */
    static Set<String> servedNames() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/breakoutbot/ops/metrics/PrometheusMetrics.java"));
        Set<String> names = new TreeSet<>();
        Matcher m = REGISTERED.matcher(source);
        while (m.find()) {
            names.add(m.group(1).equals("counter") ? m.group(2) + "_total" : m.group(2) + SUFFIX.get(m.group(3)));
        }
        for (Metric metric : Metric.values()) {
            if (metric.unit() == Metric.Unit.COUNT) {
                String name = "ops_" + metric.label().replace('.', '_');
                names.add(name + "_warning");
                names.add(name + "_critical");
            }
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {SINGLE, FLEET})
    void everyPanelAndQueryUsesTheDatasourceVariable(String file) throws IOException {
        JsonObject dashboard = dashboard(file);
        JsonObject variable = variable(dashboard, "datasource");
        List<JsonObject> panels = dashboard.getJsonArray("panels").getValuesAs(JsonObject.class);
        assertAll(
                () -> assertFalse(dashboard.containsKey("__inputs"), "an import-time input breaks provisioning"),
                () -> assertEquals("datasource", variable.getString("type")),
                () -> assertEquals("prometheus", variable.getString("query")),
                () -> assertFalse(panels.isEmpty()),
                () -> assertFalse(dashboard.toString().contains("DS_PROMETHEUS")));
        for (JsonObject panel : panels) {
            String title = panel.getString("title");
            assertEquals("${datasource}", panel.getJsonObject("datasource").getString("uid"), title);
            for (JsonObject target : panel.getJsonArray("targets").getValuesAs(JsonObject.class)) {
                assertAll(
                        () -> assertEquals(
                                "${datasource}",
                                target.getJsonObject("datasource").getString("uid"),
                                title),
                        // job is Prometheus' scrape job; ours is task
                        () -> assertFalse(target.getString("legendFormat").contains("{{job}}"), title));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SINGLE, FLEET})
    void everySeriesReadIsOneWeServe(String file) throws IOException {
        Set<String> served = servedNames();
        Set<String> used = expressions(dashboard(file)).stream()
                .flatMap(e -> Pattern.compile("\\bops_[a-z_]+").matcher(e).results())
                .map(MatchResult::group)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(served);
        assertAll(
                () -> assertTrue(
                        served.containsAll(Set.of(
                                "ops_resource_ratio",
                                "ops_bot_up",
                                "ops_bot_resident_memory_bytes",
                                "ops_bot_restarts_total",
                                "ops_backup_newest_verified_timestamp_seconds",
                                "ops_remote_newest_verified_timestamp_seconds",
                                "ops_bot_threads_warning")),
                        served::toString),
                () -> assertFalse(used.isEmpty(), file),
                () -> assertTrue(unknown.isEmpty(), file + " reads series nobody serves: " + unknown));
    }

    /** Each expression, its variables filled in, as a recording rule that promtool parses. */
    @ParameterizedTest
    @ValueSource(strings = {SINGLE, FLEET})
    void everyExpressionParses(String file, @TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> expressions = expressions(dashboard(file));
        for (int i = 0; i < expressions.size(); i++) {
            String filled = expressions.get(i).replace("$__rate_interval", "5m").replaceAll("\\$\\{?\\w+}?", ".+");
            // distinct names: promtool reports a repeated one instead of SUCCESS
            rules.append("      - record: dashboard:expr_")
                    .append(i)
                    .append("\n        expr: ")
                    .append(Json.createValue(filled))
                    .append('\n');
        }
        Path rulesFile = Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
        String output = PrometheusRulesTest.promtool("check", "rules", rulesFile.toString());
        assertTrue(output.contains("SUCCESS: " + expressions.size() + " rules found"), output);
    }

    @Test
    void fleetDashboardPicksHostsFromEveryScrapedTarget() throws IOException {
        JsonObject dashboard = dashboard(FLEET);
        JsonObject hosts = variable(dashboard, "instance");
        assertAll(
                () -> assertEquals("label_values(up{job=\"breakout-ops\"}, instance)", hosts.getString("definition")),
                () -> assertTrue(hosts.getBoolean("multi")),
                () -> assertTrue(hosts.getBoolean("includeAll")),
                () -> assertEquals(dashboard(SINGLE).getInt("schemaVersion"), dashboard.getInt("schemaVersion")),
                () -> assertTrue(
                        expressions(dashboard).stream().allMatch(e -> e.contains("instance=~\"$instance\"")),
                        "every query follows the Host variable"));
    }

    private static JsonObject variable(JsonObject dashboard, String name) {
        return dashboard.getJsonObject("templating").getJsonArray("list").getValuesAs(JsonObject.class).stream()
                .filter(v -> v.getString("name").equals(name))
                .findFirst()
                .orElseThrow();
    }
}
