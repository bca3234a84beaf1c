package io.breakoutbot.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/breakout-ops.json works when provisioned from a file: no import-time input, every panel and
 * query on the {@code datasource} variable, and no query on a label our series no longer carry.
 */
class GrafanaDashboardTest {

    static JsonObject dashboard() throws IOException {
        try (JsonReader reader =
                Json.createReader(Files.newBufferedReader(Path.of("deploy/grafana/breakout-ops.json")))) {
            return reader.readObject();
        }
    }

    @Test
    void everyPanelAndQueryUsesTheDatasourceVariable() throws IOException {
        JsonObject dashboard = dashboard();
        JsonObject variable =
                dashboard.getJsonObject("templating").getJsonArray("list").getValuesAs(JsonObject.class).stream()
                        .filter(v -> v.getString("name").equals("datasource"))
                        .findFirst()
                        .orElseThrow();
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
}
