package io.breakoutbot.ops.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.ItHome;
import io.breakoutbot.ops.dashboard.Chromium;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The fleet view end to end: Debian's prometheus on loopback scrapes the deployed server (and a port where
 * nobody listens, a host that is down) every second, the server is pointed at that Prometheus with
 * {@code ops.fleet.prometheusUrl}, and headless Chromium shows both hosts in the dashboard's Fleet section,
 * each with its link. Before Prometheus runs and after it stops, {@code /api/fleet} is a 502 with the reason,
 * shown in the section, and the page is not taken for unreachable.
 *
 * <p>Prometheus' port is chosen before the deployment, since the setting is read at start; the server's port
 * is known only after it, so Prometheus starts in the test, with the deployed port in its configuration.
 */
@ExtendWith(ArquillianExtension.class)
class FleetIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    /** Where Prometheus will listen: free now, taken by Prometheus once the test starts it. */
    static final int PROMETHEUS_PORT = freePort();

    /** A port where nothing listens: the fleet's host that is down. */
    static final int DOWN_PORT = freePort();

    /** A rule that fires at once for every host that reports a health status, so the Alerts column has one. */
    static final String RULES = """
            groups:
              - name: fleet-it
                rules:
                  - alert: FleetItReportsHealth
                    expr: ops_health_status >= 0
                    labels:
                      severity: info
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        ItHome.prepare("ops.fleet.prometheusUrl=http://127.0.0.1:" + PROMETHEUS_PORT + "\n");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war")));
    }

    @ArquillianResource
    URL deployed;

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on loopback", e);
        }
    }

    /** Arquillian reports a non-loopback address; the test, Prometheus and the browser use loopback. */
    String base() {
        return "http://127.0.0.1:" + deployed.getPort() + deployed.getPath();
    }

    String instance() {
        return "127.0.0.1:" + deployed.getPort();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + path))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** The host of /api/fleet with this instance, or null while it is not listed. */
    JsonObject host(String instance) throws IOException, InterruptedException {
        HttpResponse<String> fleet = get("api/fleet");
        if (fleet.statusCode() != 200) {
            return null;
        }
        return ItHome.json(fleet.body()).getJsonArray("hosts").getValuesAs(JsonObject.class).stream()
                .filter(h -> h.getString("instance").equals(instance))
                .findFirst()
                .orElse(null);
    }

    Process startPrometheus(Path dir) throws IOException {
        Path rules = dir.resolve("rules.yml");
        Files.writeString(rules, RULES);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: breakout-ops
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                """.formatted(rules, deployed.getPort(), DOWN_PORT));
        try {
            return new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + PROMETHEUS_PORT)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("prometheus not found: install Debian's prometheus package (.ci/run does)", e);
        }
    }

    static void stop(Process prometheus) throws InterruptedException {
        prometheus.destroy();
        if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
            prometheus.destroyForcibly();
        }
    }

    @Test
    void theDashboardListsEveryHostPrometheusScrapesFromARealPrometheus() throws Exception {
        // no Prometheus yet: one sentence, a 502, never a 500 or a hang
        HttpResponse<String> none = get("api/fleet");
        JsonObject source = ItHome.json(get("api/fleet/source").body());
        assertAll(
                () -> assertEquals(502, none.statusCode(), none.body()),
                () -> assertTrue(
                        ItHome.json(none.body())
                                .getString("message")
                                .startsWith("Prometheus at http://127.0.0.1:" + PROMETHEUS_PORT + " did not answer"),
                        none.body()),
                () -> assertTrue(source.getBoolean("enabled")),
                () -> assertEquals("breakout-ops", source.getString("job")));

        Path dir = Files.createTempDirectory("it-fleet-prometheus");
        Process prometheus = startPrometheus(dir);
        ChromeDriver driver = null;
        try {
            JsonObject self = await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(
                            () -> host(instance()),
                            h -> h != null
                                    && h.getBoolean("up")
                                    && h.containsKey("status")
                                    && h.getJsonArray("alerts").size() == 1);
            JsonObject down = host("127.0.0.1:" + DOWN_PORT);
            assertAll(
                    () -> assertTrue(
                            Set.of("UP", "DEGRADED", "DOWN").contains(self.getString("status")), self::toString),
                    () -> assertEquals(
                            "FleetItReportsHealth", self.getJsonArray("alerts").getString(0)),
                    () -> assertEquals("http://" + instance() + "/", self.getString("dashboardUrl")),
                    () -> assertTrue(!self.containsKey("bot"), "ItHome configures no bot: " + self),
                    () -> assertNotNull(down, "the target nobody answers is listed"),
                    () -> assertEquals(false, down.getBoolean("up")),
                    () -> assertTrue(!down.containsKey("status"), down::toString));

            driver = Chromium.start();
            driver.manage().timeouts().pageLoadTimeout(WAIT);
            driver.get(base() + "index.html"); // so that following the host's link is a change of page
            WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
            wait.ignoring(StaleElementReferenceException.class);
            ChromeDriver browser = driver;
            wait.withMessage("the Fleet section lists both hosts")
                    .until(d -> d.findElement(By.id("fleet-section")).isDisplayed()
                            && rows(browser).size() == 2);
            Map<String, String> mine = rows(driver).stream()
                    .filter(r -> r.get("instance").equals(instance()))
                    .findFirst()
                    .orElseThrow();
            Map<String, String> other = rows(driver).stream()
                    .filter(r -> r.get("instance").equals("127.0.0.1:" + DOWN_PORT))
                    .findFirst()
                    .orElseThrow();
            String fleetCount = driver.findElement(By.id("fleet-count")).getText();
            Files.copy(
                    driver.getScreenshotAs(OutputType.FILE).toPath(),
                    Path.of("target", "dashboard-fleet.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            assertAll(
                    () -> assertEquals("(2 hosts)", fleetCount),
                    () -> assertEquals("http://" + instance() + "/", mine.get("href")),
                    () -> assertEquals(instance(), mine.get("host")),
                    () -> assertEquals("UP", mine.get("up")),
                    () -> assertTrue(Set.of("UP", "DEGRADED", "DOWN").contains(mine.get("overall")), mine::toString),
                    () -> assertEquals("no bot check", mine.get("bot")),
                    () -> assertEquals("FleetItReportsHealth", mine.get("alerts")),
                    () -> assertEquals("DOWN", other.get("up")),
                    () -> assertEquals("not scraped", other.get("overall")),
                    () -> assertEquals(
                            "", browser.findElement(By.id("fleet-error")).getText()));

            // the host's link is its own dashboard
            WebElement link = driver.findElement(By.cssSelector("#fleet tr[data-instance='" + instance() + "'] a"));
            link.click();
            wait.withMessage("the link opens the host's dashboard")
                    .until(d -> d.getCurrentUrl().equals("http://" + instance() + "/"));
            // Arquillian deploys under a context path, deploy/run.sh at the root that the link names: back to ours
            driver.get(base() + "index.html");
            wait.withMessage("the fleet table again").until(d -> rows(browser).size() == 2);

            // Prometheus gone: the reason in the section, the rows kept, no unreachable banner
            stop(prometheus);
            wait.withMessage("the section says Prometheus does not answer")
                    .until(d -> d.findElement(By.id("fleet-error"))
                            .getText()
                            .startsWith("Prometheus at http://127.0.0.1:" + PROMETHEUS_PORT + " did not answer"));
            assertAll(
                    () -> assertEquals(2, rows(browser).size()),
                    () -> assertTrue(
                            browser.findElement(By.id("unreachable")).getDomAttribute("hidden") != null,
                            "no unreachable banner: the server answers, Prometheus does not"));
        } catch (org.awaitility.core.ConditionTimeoutException | org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "Prometheus: " + Files.readString(dir.resolve("prometheus.log")) + "\n/api/fleet: "
                            + get("api/fleet").body(),
                    e);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            stop(prometheus);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The fleet table's rows as the page shows them, read in one go so a re-render cannot tear them. */
    @SuppressWarnings("unchecked")
    static List<Map<String, String>> rows(ChromeDriver driver) {
        return (List<Map<String, String>>) ((JavascriptExecutor) driver).executeScript("""
                        return [...document.querySelectorAll('#fleet tbody tr')].map(tr => ({
                            instance: tr.dataset.instance,
                            host: tr.querySelector('td.host').innerText,
                            href: (tr.querySelector('td.host a') || {}).href || '',
                            up: (tr.querySelector('td.up [data-status]') || {dataset: {}}).dataset.status || '',
                            overall: (tr.querySelector('td.overall [data-status]') || {dataset: {}}).dataset.status
                                || tr.querySelector('td.overall').innerText,
                            bot: (tr.querySelector('td.bot [data-status]') || {dataset: {}}).dataset.status
                                || tr.querySelector('td.bot').innerText,
                            alerts: tr.querySelector('td.alerts').innerText
                        }))""");
    }
}
