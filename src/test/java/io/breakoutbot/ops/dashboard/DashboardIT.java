package io.breakoutbot.ops.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.breakoutbot.ops.ItHome;
import io.breakoutbot.ops.alerts.AlertsMXBean;
import io.breakoutbot.ops.monitoring.ThresholdsMXBean;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.IntStream;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard at {@code /} in Debian's headless Chromium, driven by Selenium against the packaged WAR on
 * a real Payara Micro. Everything on the page comes from the server's own REST API and logs: the tests
 * make the server log what they look for (requests, a critical alert) and read it back through the page.
 * Each test makes what it looks for and passes alone, in any order: the order given is for reading only.
 *
 * <p>"Server unreachable" goes through {@link Gateway}, a small reverse proxy on loopback in this JVM:
 * stopping it closes the port the page was loaded from, so the browser meets a refused connection exactly
 * as when the server is stopped, and starting it again on the same port is the server coming back. Signing
 * in is tested in {@code SecurityIT}, whose server trusts no loopback caller.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment(testable = false)
    static WebArchive deployment() {
        // one notice per alert and second, so a test can fill the alert history in seconds
        ItHome.prepare("ops.alerts.min-interval=1s\n");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war")));
    }

    @ArquillianResource
    URL deployed;

    static ChromeDriver driver;

    @BeforeEach
    void browser() {
        if (driver == null) {
            driver = Chromium.start();
            driver.manage().timeouts().pageLoadTimeout(WAIT);
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    /** Arquillian reports a non-loopback address; the tests and the browser only ever use loopback. */
    String base() {
        return "http://127.0.0.1:" + deployed.getPort() + deployed.getPath();
    }

    int serverPort() {
        return deployed.getPort();
    }

    static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    @SuppressWarnings("unchecked")
    static <T> T js(String script, Object... args) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The rows' visible text, read in one go in the page, so a re-render cannot tear it. */
    static List<String> rows(String table) {
        return js("return [...document.querySelectorAll(arguments[0] + ' tbody tr')].map(tr => tr.innerText)", table);
    }

    static List<String> logLevels() {
        return js("return [...document.querySelectorAll('#log-entries tbody tr')].map(tr => tr.dataset.level)");
    }

    static List<String> logMessages() {
        return js("return [...document.querySelectorAll('#log-entries tbody td.message')].map(td => td.textContent)");
    }

    /**
     * Makes the page's viewport {@code width} x {@code height} CSS pixels: a window's size includes what
     * headless Chromium counts as its frame, so the window is made larger by the difference.
     */
    static void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long frameWidth = width - (Long) js("return window.innerWidth");
        long frameHeight = height - (Long) js("return window.innerHeight");
        driver.manage().window().setSize(new Dimension(width + (int) frameWidth, height + (int) frameHeight));
        waiting()
                .withMessage("a viewport of " + width + "x" + height)
                .until(d -> (Long) js("return window.innerWidth") == width
                        && (Long) js("return window.innerHeight") == height);
    }

    /** Opens the page and waits for the health components: five, and the bot's once health has it. */
    void open(String url) {
        driver.get(url);
        waiting()
                .until(d -> js("return document.querySelectorAll('#components tbody tr').length") instanceof Long n
                        && n >= 5);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    static ThresholdsMXBean thresholds(JMXConnector admin) throws Exception {
        return JMX.newMXBeanProxy(
                admin.getMBeanServerConnection(), new ObjectName(ThresholdsMXBean.OBJECT_NAME), ThresholdsMXBean.class);
    }

    /** Shows the logs matching the filter form's values. */
    static void showLogs(String levelLabel, String text, String perPage) {
        showLogs(levelLabel, "", text, perPage);
    }

    /** Shows the logs matching the filter form's values; {@code source} as /api/logs takes it, empty for all. */
    static void showLogs(String levelLabel, String source, String text, String perPage) {
        new Select(driver.findElement(By.id("log-level"))).selectByVisibleText(levelLabel);
        WebElement sources = driver.findElement(By.id("log-source"));
        sources.clear();
        sources.sendKeys(source);
        WebElement q = driver.findElement(By.id("log-q"));
        q.clear();
        q.sendKeys(text);
        new Select(driver.findElement(By.id("log-limit"))).selectByVisibleText(perPage);
        js("document.getElementById('log-summary').textContent = ''");
        driver.findElement(By.id("log-apply")).click();
        waiting()
                .withMessage("the log query answers")
                .until(d -> !js("return document.getElementById('log-summary').textContent")
                        .equals(""));
    }

    @Test
    @Order(1)
    void pageLoadsWithoutConsoleErrors() {
        // the browser is shared: leave the page an earlier test left (one polling a closed port, say), and
        // drop what the console kept of it, so only this page's messages are judged
        driver.get("about:blank");
        driver.manage().logs().get(LogType.BROWSER);
        open(base());
        // the first refresh has drawn, the first log page is in, the backup section has its answer
        waiting()
                .until(d -> !js("return document.getElementById('log-summary').textContent")
                                .equals("")
                        && !js("return document.getElementById('backups-state').textContent")
                                .equals("loading"));
        assertEquals("breakout-ops", driver.getTitle());
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::toString).toList());
        assertTrue(driver.findElement(By.id("unreachable")).getDomAttribute("hidden") != null, "no unreachable banner");
        String backups = driver.findElement(By.id("backups-state")).getText();
        assertTrue(backups.matches("\\d+ backups?, .+ in .+backups\\. .*keep last \\d+.*"), backups);
        assertTrue(
                driver.findElement(By.id("backups-summary")).getText().contains("Last restore drill: "),
                driver.findElement(By.id("backups-summary")).getText());
    }

    @Test
    @Order(2)
    void statusAndChartsRenderWithData() {
        open(base());
        // ItHome samples every second; the page refreshes every 5 s and draws what it has
        waiting()
                .withMessage("each chart has a line of at least 2 samples")
                .until(d -> js("return [...document.querySelectorAll('div.chart')].every(c =>"
                        + " c.querySelector('canvas') && Number(c.dataset.points) >= 2)"));
        String overall = js("return document.getElementById('overall-status').dataset.status");
        List<String> components = rows("#components");
        Map<String, Object> levels = js("const out = {}; for (const c of document.querySelectorAll('div.chart')) {"
                + " out[c.dataset.metric] = c.dataset.warning ? 'warning ' + c.dataset.warning + ',critical ' + c.dataset.critical : ''; }"
                + " return out;");
        String cpuCaption = driver.findElement(By.id("caption-cpu")).getText();
        assertAll(
                () -> assertTrue(Set.of("UP", "DEGRADED", "DOWN").contains(overall), overall),
                // five, and the bot's once health has it
                () -> assertTrue(components.size() >= 5, components::toString),
                () -> assertTrue(
                        List.of("resources", "disk", "logs", "scheduler", "backup").stream()
                                .allMatch(name -> components.stream().anyMatch(r -> r.startsWith(name))),
                        components::toString),
                () -> assertTrue(
                        components.stream().allMatch(r -> r.matches("(?s).*\\b(UP|DEGRADED|DOWN)\\b.*")),
                        "each component shows its status as a word: " + components),
                () -> assertTrue(components.stream().anyMatch(r -> r.startsWith("resources")), components::toString),
                // the default thresholds, drawn as lines (ItHome starts every run from them)
                () -> assertEquals("warning 70,critical 80", levels.get("cpu")),
                () -> assertEquals("warning 75,critical 85", levels.get("memory")),
                () -> assertEquals("warning 80,critical 90", levels.get("disk")),
                () -> assertEquals("warning 80,critical 90", levels.get("fds")),
                () -> assertEquals("", levels.get("threads"), "threads have no thresholds"),
                () -> assertTrue(cpuCaption.matches("CPU [\\d.]+% . (OK|WARNING|CRITICAL)"), cpuCaption));
    }

    @Test
    @Order(3)
    void alertsShowActiveAndRecent() throws Exception {
        open(base());
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThresholdsMXBean thresholds = thresholds(admin);
            try {
                thresholds.setLevels("fds", 0, 1); // a JVM has more than 1% of its descriptors open: critical
                waiting()
                        .withMessage("fds:critical is active and in the recent alerts")
                        .until(d -> rows("#active-alerts").stream().anyMatch(r -> r.startsWith("fds:critical"))
                                && rows("#alert-history").stream().anyMatch(r -> r.startsWith("fds:critical")));
            } finally {
                thresholds.resetToDefaults();
            }
        }
        String active = rows("#active-alerts").stream()
                .filter(r -> r.startsWith("fds:critical"))
                .findFirst()
                .orElseThrow();
        String recent = rows("#alert-history").stream()
                .filter(r -> r.startsWith("fds:critical"))
                .findFirst()
                .orElseThrow();
        assertAll(
                () -> assertTrue(active.contains("CRITICAL"), active),
                () -> assertTrue(active.contains("over the critical level of 1%"), active),
                () -> assertTrue(recent.contains("firing"), recent));
    }

    /** When the ERRORs on the page whose message starts with {@code message} were logged. */
    static List<Instant> errorsLogged(String message) {
        List<String> times = js(
                "return [...document.querySelectorAll('#log-entries tbody tr')]"
                        + ".filter(tr => tr.dataset.level === 'ERROR' && tr.querySelector('td.message').textContent.startsWith(arguments[0]))"
                        + ".map(tr => tr.querySelector('td.time').title)",
                message);
        return times.stream().map(Instant::parse).toList();
    }

    @Test
    @Order(4)
    void filteringLogsByLevelShowsOnlyThatLevel() throws Exception {
        // lines of both levels of its own: an INFO in api.log for each request, and an ERROR for a critical alert
        String marker = "level-" + UUID.randomUUID();
        for (int i = 0; i < 11; i++) {
            assertEquals(404, get("api/" + marker + "-" + i).statusCode());
        }
        open(base());
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            ThresholdsMXBean thresholds = thresholds(admin);
            Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS); // log times are in milliseconds
            try {
                // more than 1% of the memory is in use: critical, logged as an ERROR. Not disk: a critical disk is
                // DOWN, and a 503 from api/health is an error in the console of whatever page is open
                thresholds.setLevels("memory", 0, 1);
                waiting()
                        .withMessage("the critical memory alert's ERROR, logged after " + since)
                        .until(d -> {
                            showLogs("ERROR only", "", "200");
                            return errorsLogged("Critical alert memory:critical").stream()
                                    .anyMatch(t -> !t.isBefore(since));
                        });
            } finally {
                thresholds.resetToDefaults();
            }
        }
        // a busy machine may have logged more ERRORs
        List<String> errors = logLevels();
        assertFalse(errors.isEmpty(), "the critical memory alert was logged as an ERROR");
        assertEquals(Set.of("ERROR"), Set.copyOf(errors));
        assertTrue(
                (Boolean)
                        js(
                                "return [...document.querySelectorAll('#log-entries tbody tr')].every(tr =>"
                                        + " tr.classList.contains('level-error') && tr.querySelector('td.level').textContent.includes('ERROR'))"),
                "errors are highlighted, and marked by the word");

        showLogs("INFO only", "", "200");
        List<String> infos = logLevels();
        assertTrue(infos.size() > 10, infos::toString);
        assertEquals(Set.of("INFO"), Set.copyOf(infos));
    }

    @Test
    @Order(5)
    void loadOlderAppendsOlderEntries() throws Exception {
        String marker = "older-" + UUID.randomUUID();
        for (int i = 0; i < 60; i++) {
            assertEquals(404, get("api/" + marker + "-" + i).statusCode()); // one api.log line each
        }
        open(base());
        waiting().until(d -> {
            showLogs("any", marker, "100");
            return logMessages().size() == 60;
        });

        showLogs("any", marker, "25");
        assertEquals(25, logMessages().size());
        assertEquals(null, driver.findElement(By.id("log-older")).getDomAttribute("disabled"), "more to load");
        List<String> firstPage = logMessages();
        driver.findElement(By.id("log-older")).click();
        waiting().until(d -> logMessages().size() == 50);
        assertEquals(firstPage, logMessages().subList(0, 25), "the first page stays, older entries come below it");
        driver.findElement(By.id("log-older")).click();
        waiting().until(d -> logMessages().size() == 60);

        List<Integer> numbers = logMessages().stream()
                .map(m -> Integer.parseInt(m.replaceAll("(?s).*" + marker + "-(\\d+) .*", "$1")))
                .toList();
        assertEquals(
                IntStream.iterate(59, i -> i >= 0, i -> i - 1).boxed().toList(), numbers, "newest first, none twice");
        waiting().until(d -> driver.findElement(By.id("log-older")).getDomAttribute("disabled") != null);
        assertTrue(driver.findElement(By.id("log-summary")).getText().contains("no older entries"));
    }

    /**
     * Anyone who reaches the port can put markup into api.log: the request path is logged as sent, and the
     * server's HTTP parser takes {@code <} and {@code >} in a path as they are. A raw socket sends one.
     */
    @Test
    @Order(6)
    void aScriptInALogMessageIsShownAsText() throws Exception {
        String marker = "xss" + UUID.randomUUID().toString().substring(0, 8);
        // no spaces: a space ends the path in the request line
        String path = deployed.getPath() + "api/" + marker
                + "<script>window.pwned=1</script><img/src=x/onerror=window.pwned=2>";
        try (Socket socket = new Socket("127.0.0.1", serverPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 404", status);
        }
        open(base());
        waiting().until(d -> {
            showLogs("any", marker, "25");
            return logMessages().size() == 1;
        });
        String message = logMessages().get(0);
        assertAll(
                () -> assertTrue(message.startsWith("GET " + path + " 404 "), message),
                () -> assertEquals(
                        0L,
                        (Long) js("return document.querySelectorAll('#log-entries script, #log-entries img').length"),
                        "no element was made of the message"),
                () -> assertEquals(
                        (Object) null, js("return window.pwned === undefined ? null : String(window.pwned)")),
                () -> assertTrue(((String) js("return document.querySelector('#log-entries td.message').innerHTML"))
                        .contains("&lt;script&gt;window.pwned=1&lt;/script&gt;")));
    }

    @Test
    @Order(7)
    void screenshotAndAPhoneSizedViewport() throws Exception {
        open(base());
        showLogs("any", "", "50");
        waiting()
                .until(d ->
                        js("return [...document.querySelectorAll('div.chart')].filter(c => c.querySelector('canvas')"
                                                + " && Number(c.dataset.points) > 0).length")
                                        instanceof Long n
                                && n == 5);
        js("window.scrollTo(0, 0)"); // the status, alerts and charts: what an operator sees first
        Path target = Path.of("target");
        Files.copy(
                driver.getScreenshotAs(OutputType.FILE).toPath(),
                target.resolve("dashboard.png"),
                StandardCopyOption.REPLACE_EXISTING);
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            waiting().until(d -> (Long) js("return window.innerWidth") <= 420);
            Files.copy(
                    driver.getScreenshotAs(OutputType.FILE).toPath(),
                    target.resolve("dashboard-phone.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            // the charts follow the new width a frame or two later (a ResizeObserver): wait for the layout to settle
            try {
                waiting()
                        .until(d -> (Long) js("return document.documentElement.scrollWidth")
                                <= (Long) js("return document.documentElement.clientWidth"));
            } catch (org.openqa.selenium.TimeoutException stillWider) {
                // measured and reported below
            }
            long page = js("return document.documentElement.scrollWidth");
            long viewport = js("return document.documentElement.clientWidth");
            assertTrue(page <= viewport, "nothing wider than the phone's screen: " + page + " > " + viewport);
            assertTrue(driver.findElement(By.id("overall-status")).isDisplayed());
            assertTrue(driver.findElement(By.id("log-older")).isDisplayed());
        } finally {
            viewport(1280, 800);
        }
    }

    @Test
    @Order(8)
    void theServerGoingAwayShowsUnreachableAndThePageRecovers() throws Exception {
        try (Gateway gateway = new Gateway(serverPort(), deployed.getPath())) {
            open(gateway.url());
            WebElement banner = driver.findElement(By.id("unreachable"));
            assertFalse(banner.isDisplayed());

            gateway.stop(); // the port the page came from now refuses connections
            waiting().withMessage("the unreachable banner").until(d -> banner.isDisplayed());
            assertTrue(banner.getText().startsWith("Server unreachable."), banner.getText());
            assertTrue(banner.getText().contains("connection failed"), banner.getText());
            assertTrue((Boolean) js("return document.body.classList.contains('stale')"));
            String updated = driver.findElement(By.id("updated")).getText();

            gateway.start(); // the server is back, on the same address
            waiting().withMessage("the banner goes away by itself").until(d -> !banner.isDisplayed());
            waiting().until(d -> !driver.findElement(By.id("updated")).getText().equals(updated));
            assertFalse((Boolean) js("return document.body.classList.contains('stale')"));
        }
    }

    /** The ITs' server has no ops.bot.* setting: the panel says so and where to set it, above the fold. */
    @Test
    @Order(10)
    void theBotPanelSaysNoBotIsConfigured() throws Exception {
        HttpResponse<String> state = get("api/bot");
        assertEquals(200, state.statusCode(), state.body());
        assertTrue(state.body().contains("\"status\":\"UNKNOWN\""), state.body());
        open(base());
        waiting()
                .withMessage("the bot panel shows the answer of api/bot")
                .until(d -> "UNKNOWN".equals(js("return document.getElementById('bot-status').dataset.status")));
        String badge = driver.findElement(By.id("bot-status")).getText();
        String reason = driver.findElement(By.id("bot-reason")).getText();
        WebElement setup = driver.findElement(By.id("bot-setup"));
        long top = js("return Math.round(document.getElementById('bot-section').getBoundingClientRect().top)");
        long fold = js("return window.innerHeight");
        assertAll(
                () -> assertEquals("? not configured", badge),
                () -> assertTrue(reason.startsWith("the bot check is off"), reason),
                () -> assertTrue(setup.isDisplayed(), "the pointer to the settings"),
                () -> assertTrue(
                        setup.getText().contains("ops.bot.pidFile")
                                && setup.getText().contains("ops.bot.healthUrl")
                                && setup.getText().contains("docs/bot.md"),
                        setup.getText()),
                () -> assertFalse(driver.findElement(By.id("bot-figures")).isDisplayed(), "no figures of no bot"),
                () -> assertFalse(driver.findElement(By.id("bot-guard")).isDisplayed(), "no restart guard warning"),
                () -> assertFalse(driver.findElement(By.id("bot-output")).isDisplayed(), "no restart output"),
                () -> assertTrue(top < fold, "the bot panel starts above the fold: " + top + " >= " + fold));
    }

    /** Our own requests are in api.log: the source filter keeps that log and leaves out every other process's. */
    @Test
    @Order(11)
    void theSourceFilterShowsOneLogOrNone() throws Exception {
        String marker = "source-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertEquals(404, get("api/" + marker + "-" + i).statusCode());
        }
        open(base());
        waiting().until(d -> {
            showLogs("any", "api.log", marker, "25");
            return logMessages().size() == 3;
        });
        List<String> sources =
                js("return [...document.querySelectorAll('#log-entries tbody td.source')].map(td => td.textContent)");
        assertTrue(sources.stream().allMatch(s -> s.startsWith("api.log")), sources::toString);
        assertTrue(
                (Boolean) js(
                        "return [...document.getElementById('log-sources').options].some(o => o.value === 'api.log')"),
                "a log seen is offered in the source list");

        showLogs("any", "others", marker, "25");
        assertEquals(List.of(), logMessages(), "no other process logged our requests");
    }

    /** The page's requests to {@code api/<what>} (query included) that started after {@code since} (performance.now()). */
    static List<String> apiRequestsSince(String what, double since) {
        return js(
                "return performance.getEntriesByType('resource')"
                        + ".filter(e => e.startTime > arguments[1] && new URL(e.name).pathname.endsWith('/api/' + arguments[0]))"
                        + ".map(e => new URL(e.name).search + ' +' + Math.round(e.startTime - arguments[1]) + 'ms')",
                what,
                since);
    }

    /**
     * Makes the page's {@code document.hidden} say {@code hidden} and tells it; returns performance.now() of
     * just before (the page's listener may start requests before dispatchEvent returns).
     */
    static double setHidden(boolean hidden) {
        return ((Number) js(
                        "const at = performance.now();"
                                + " if (arguments[0]) { Object.defineProperty(document, 'hidden', {configurable: true, get: () => true}); }"
                                + " else { delete document.hidden; }"
                                + " document.dispatchEvent(new Event('visibilitychange')); return at;",
                        hidden))
                .doubleValue();
    }

    @Test
    @Order(9)
    void aHiddenTabAsksNothingAndCatchesUpWhenShown() {
        open(base());
        js("performance.setResourceTimingBufferSize(100000)");
        double hiddenAt = setHidden(true);
        // a refresh that had begun before finishes; none begins while hidden, over more than one 5 s period
        await().during(Duration.ofSeconds(7))
                .atMost(Duration.ofSeconds(10))
                .until(() -> apiRequestsSince("health", hiddenAt).isEmpty());

        double shownAt = setHidden(false);
        waiting()
                .withMessage("a refresh once shown")
                .until(d -> !apiRequestsSince("monitoring", shownAt).isEmpty());
        List<String> health = apiRequestsSince("health", shownAt);
        List<String> monitoring = apiRequestsSince("monitoring", shownAt);
        assertAll(
                () -> assertTrue(
                        Integer.parseInt(health.get(0).replaceAll(".* \\+(\\d+)ms", "$1")) < 500,
                        "at once, not at the next tick: " + health),
                () -> assertTrue(
                        monitoring.get(0).startsWith("?minutes=60 "),
                        "the whole hour again, since samples were missed: " + monitoring));
    }

    /** Notices the Alerts MXBean keeps (its {@code History}, up to 200): each FIRING and RESOLVED sent. */
    static int noticesSent(JMXConnector admin) throws Exception {
        Object history =
                admin.getMBeanServerConnection().getAttribute(new ObjectName(AlertsMXBean.OBJECT_NAME), "History");
        return ((Object[]) history).length;
    }

    /**
     * Twenty alerts in the history, made by the real server (thresholds lowered and restored over JMX, five
     * times for memory and file descriptors: a FIRING and a RESOLVED each), sent to a receiver that refuses
     * them: at 1280x800 the status, the bot, the active alerts and the five charts are on the first screen,
     * the history shows ten rows until asked for more, a chart tells its value under the pointer, and the
     * failed deliveries are a warning in the status card.
     */
    @Test
    @Order(12)
    void theFirstScreenHoldsTheChartsWithTwentyAlertsInHistory() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusing.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(400, -1); // a final answer: failed at once, not retried
            }
        });
        refusing.start();
        String receiver = "http://127.0.0.1:" + refusing.getAddress().getPort() + "/refuses";
        try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
            AlertsMXBean alerts = JMX.newMXBeanProxy(
                    admin.getMBeanServerConnection(), new ObjectName(AlertsMXBean.OBJECT_NAME), AlertsMXBean.class);
            ThresholdsMXBean thresholds = thresholds(admin);
            alerts.addWebhook(receiver);
            try {
                int target = noticesSent(admin) + 20;
                while (noticesSent(admin) < target) {
                    int before = noticesSent(admin);
                    thresholds.setLevels("memory", 0, 1);
                    thresholds.setLevels("fds", 0, 1);
                    await("both FIRING sent").atMost(WAIT).until(() -> noticesSent(admin) >= before + 2);
                    thresholds.resetToDefaults();
                    await("both RESOLVED sent").atMost(WAIT).until(() -> noticesSent(admin) >= before + 4);
                }
            } catch (Exception | Error e) {
                alerts.removeWebhook(receiver);
                refusing.stop(0);
                throw e;
            } finally {
                thresholds.resetToDefaults();
            }
        }
        try {
            theFirstScreenWithTwentyAlertsWhileTheReceiverRefuses();
        } finally {
            // kept until the warning was seen: the `alerts` health component behind it forgets a removed webhook
            try (JMXConnector admin = ItHome.connect(ItHome.ADMIN, ItHome.ADMIN_PASSWORD)) {
                JMX.newMXBeanProxy(
                                admin.getMBeanServerConnection(),
                                new ObjectName(AlertsMXBean.OBJECT_NAME),
                                AlertsMXBean.class)
                        .removeWebhook(receiver);
            } finally {
                refusing.stop(0);
            }
        }
    }

    private void theFirstScreenWithTwentyAlertsWhileTheReceiverRefuses() throws Exception {
        viewport(1280, 800);
        open(base());
        waiting()
                .withMessage("ten of the twenty recent alerts, and a button for the others")
                .until(d -> rows("#alert-history").size() == 10
                        && "Show 10 more"
                                .equals(driver.findElement(By.id("alert-history-more"))
                                        .getText()));
        waiting()
                .withMessage("five charts with samples")
                .until(d ->
                        js("return [...document.querySelectorAll('div.chart')].filter(c => c.querySelector('canvas')"
                                                + " && Number(c.dataset.points) >= 2).length")
                                        instanceof Long n
                                && n == 5);
        js("window.scrollTo(0, 0)");
        long fold = js("return window.innerHeight");
        List<Long> chartBottoms = js("return [...document.querySelectorAll('div.chart')]"
                + ".map(c => Math.ceil(c.getBoundingClientRect().bottom))");
        Map<String, Long> bottoms = js("const out = {}; for (const id of ['overall-status', 'components',"
                + " 'bot-status', 'alerts-section', 'charts-section']) {"
                + " out[id] = Math.ceil(document.getElementById(id).getBoundingClientRect().bottom); } return out;");
        Path target = Path.of("target");
        Files.copy(
                driver.getScreenshotAs(OutputType.FILE).toPath(),
                target.resolve("dashboard-alerts.png"),
                StandardCopyOption.REPLACE_EXISTING);
        assertAll(
                () -> assertEquals(800L, fold),
                () -> assertEquals(5, chartBottoms.size()),
                () -> assertTrue(
                        chartBottoms.stream().allMatch(b -> b > 0 && b <= fold),
                        "every chart within the first " + fold + " px: " + chartBottoms),
                () -> assertTrue(
                        bottoms.values().stream().allMatch(b -> b > 0 && b <= fold),
                        "status, components, bot, active alerts and charts on the first screen: " + bottoms));

        // failed deliveries: a warning in the status card, not a line of grey text
        WebElement warning = driver.findElement(By.id("deliveries-warning"));
        waiting().withMessage("the delivery warning").until(d -> warning.isDisplayed());
        assertTrue(
                warning.getText().matches("(?s)! WARNING Alert deliveries failing: [1-9]\\d* failed, .*"),
                warning::getText);
        assertTrue(
                (Long) js("return Math.ceil(arguments[0].getBoundingClientRect().bottom)", warning) <= fold,
                "the delivery warning is on the first screen");

        // the value under the pointer, near the right end of the CPU chart, where the samples are
        WebElement over = driver.findElement(By.cssSelector("div.chart[data-metric='cpu'] .u-over"));
        new Actions(driver)
                .moveToElement(over, over.getRect().getWidth() / 2 - 3, 0)
                .perform();
        WebElement tip = driver.findElement(By.cssSelector("div.chart[data-metric='cpu'] .chart-tip"));
        waiting().withMessage("a tooltip with the value").until(d -> tip.isDisplayed());
        assertTrue(tip.getText().matches("\\d\\d:\\d\\d:\\d\\d UTC +[\\d.]+%"), tip::getText);

        // the history: ten rows, all twenty on request, and folded away
        driver.findElement(By.id("alert-history-more")).click();
        waiting().withMessage("all twenty").until(d -> rows("#alert-history").size() == 20);
        assertEquals(
                "Show the last 10 only",
                driver.findElement(By.id("alert-history-more")).getText());
        driver.findElement(By.id("alert-history-more")).click();
        waiting().withMessage("ten again").until(d -> rows("#alert-history").size() == 10);
        driver.findElement(By.cssSelector("#history-box > summary")).click();
        waiting()
                .withMessage("the history folded")
                .until(d -> !driver.findElement(By.id("alert-history")).isDisplayed());
        driver.findElement(By.cssSelector("#history-box > summary")).click();
    }

    /**
     * A reverse proxy on 127.0.0.1 to the server, for GET. {@link #stop()} closes its port; {@link #start()}
     * opens the same port again.
     */
    static final class Gateway implements AutoCloseable {

        final int upstream;
        final String root;
        final HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int port;
        HttpServer server;

        /** @param root the application's path on the server, e.g. {@code /breakout-ops/}; the gateway serves it too */
        Gateway(int upstream, String root) throws IOException {
            this.upstream = upstream;
            this.root = root;
            start();
        }

        String url() {
            return "http://127.0.0.1:" + port + root;
        }

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", this::forward);
            server.start();
            port = server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange) {
                String target = exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                                ? ""
                                : "?" + exchange.getRequestURI().getRawQuery());
                HttpResponse<byte[]> response;
                try {
                    response = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + upstream + target))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                    return;
                }
                response.headers()
                        .firstValue("Content-Type")
                        .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
                byte[] body = response.body();
                exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
