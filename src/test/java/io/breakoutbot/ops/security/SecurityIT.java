package io.breakoutbot.ops.security;

import static io.breakoutbot.ops.ItHome.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.ItHome;
import io.breakoutbot.ops.dashboard.Chromium;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * REST security on a real Payara Micro with loopback trust off and /metrics closed, set in the WAR's own
 * microprofile-config.properties (the IT home's ops.properties must not hold these keys: it outranks it).
 * The WAR is deployed as the root application, as deploy/run.sh deploys it, so Payara's /health and /metrics
 * are inside it. Users are added with the real jmx/opsctl while the server runs: it picks the file up.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {

    static final String ADMIN = "it-admin";
    static final String ADMIN_PASSWORD = "it-admin-password-1";
    static final String READER = "it-reader";
    static final String READER_PASSWORD = "it-reader-password-1";

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        ItHome.prepare();
        Files.deleteIfExists(users());
        return ShrinkWrap.create(WebArchive.class, "ROOT.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("ops.war"))))
                .addAsResource(new StringAsset("""
                        ops.security.trustLoopback=false
                        ops.security.openMetrics=false
                        """), "META-INF/microprofile-config.properties");
    }

    @ArquillianResource
    URL deployed;

    static Path users() {
        return ItHome.path().resolve("state").resolve("users");
    }

    URI loopback(String path) {
        return URI.create("http://127.0.0.1:" + deployed.getPort() + "/" + path);
    }

    record Run(int exit, String out, String err) {}

    /** The real jmx/opsctl script, run from the project root against the IT home. */
    static Run opsctl(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("jmx/opsctl"));
        command.addAll(List.of(args));
        // standard error to a file: with both on pipes read one after the other, a full stderr pipe would hang
        Path stderr = Files.createTempFile("security-it-opsctl", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("OPS_HOME", ItHome.path().toString());
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(stderr);
        Files.delete(stderr);
        return new Run(process.exitValue(), out, err);
    }

    /** Adds the two password users once; the server reloads the file when it changes. */
    static synchronized void ensureUsers() throws Exception {
        if (Files.exists(users()) && Files.readString(users()).contains(READER + " ")) {
            return;
        }
        Run admin = opsctl(ADMIN_PASSWORD + "\n", "user", "add", ADMIN, "--role", "ops-admin", "--password-stdin");
        Run reader = opsctl(READER_PASSWORD + "\n", "user", "add", READER, "--password-stdin");
        assertEquals(0, admin.exit(), admin.err());
        assertEquals(0, reader.exit(), reader.err());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(loopback(path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(ItHome.logs())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    @Test
    void withoutCredentialsLoopbackGets401AsJsonWithABasicChallenge() throws Exception {
        HttpResponse<String> response = call("GET", "api/monitoring", null);
        JsonObject body = json(response.body());
        assertAll(
                () -> assertEquals(401, response.statusCode()),
                () -> assertEquals(
                        "Basic realm=\"breakout-ops\"",
                        response.headers().firstValue("WWW-Authenticate").orElse("")),
                () -> assertTrue(
                        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")),
                () -> assertEquals(401, body.getInt("status")),
                () -> assertEquals(
                        401, call("POST", "api/maintenance/rotate", null).statusCode()),
                () -> assertEquals(401, call("GET", "api/logs", null).statusCode()));
    }

    @Test
    void aScriptThatAsksForCredentialsItselfGetsNoBrowserChallenge() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(loopback("api/monitoring"))
                                .header("X-Requested-With", "XMLHttpRequest")
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertAll(
                () -> assertEquals(401, response.statusCode()),
                () -> assertEquals(Optional.empty(), response.headers().firstValue("WWW-Authenticate")),
                () -> assertEquals(200, call("GET", "", null).statusCode(), "the dashboard page itself is public"));
    }

    @Test
    void healthStatusIsOpenButItsDetailsNeedAReader() throws Exception {
        ensureUsers();
        JsonObject anonymous = json(call("GET", "api/health", null).body());
        JsonObject reader =
                json(call("GET", "api/health", basic(READER, READER_PASSWORD)).body());
        assertAll(
                () -> assertTrue(anonymous.containsKey("status")),
                () -> assertFalse(anonymous.containsKey("components"), anonymous.toString()),
                () -> assertTrue(reader.containsKey("components"), reader.toString()));
    }

    /**
     * The dashboard in headless Chromium against this server, which trusts no loopback caller: the page meets
     * a real 401 without a Basic challenge (which would hold the request for the browser's own dialog), shows
     * its form, refuses a wrong password and then shows what a reader may see. Loaded from 127.0.0.3, so its
     * one failed login counts against no other test's address.
     */
    @Test
    void theDashboardSignsInAReaderThroughItsOwnForm() throws Exception {
        ensureUsers();
        ChromeDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(200));
            browser.get("http://127.0.0.3:" + deployed.getPort() + "/");
            WebElement form = browser.findElement(By.id("signin-section"));
            wait.withMessage("the sign-in form").until(d -> form.isDisplayed());

            browser.findElement(By.id("signin-user")).sendKeys(READER);
            browser.findElement(By.id("signin-password")).sendKeys("wrong-" + READER_PASSWORD);
            browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
            wait.until(d -> browser.findElement(By.id("signin-error")).getText().startsWith("Sign-in refused"));

            browser.findElement(By.id("signin-user")).clear();
            browser.findElement(By.id("signin-user")).sendKeys(READER);
            browser.findElement(By.id("signin-password")).sendKeys(READER_PASSWORD);
            browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
            wait.withMessage("the components, which need ops-reader")
                    .until(d -> !form.isDisplayed()
                            && browser.executeScript("return document.querySelectorAll('#components tbody tr').length")
                                    instanceof Long rows
                            && rows == 6); // resources, disk, logs, scheduler, backup, alerts
            wait.withMessage("the logs, which need ops-reader")
                    .until(d -> !""
                            .equals(browser.executeScript(
                                    "return document.getElementById('log-summary').textContent")));
            assertEquals(
                    basic(READER, READER_PASSWORD).substring("Basic ".length()),
                    browser.executeScript("return sessionStorage.getItem('breakout-ops.basic')"),
                    "kept for this tab only");
            assertEquals((Object) null, browser.executeScript("return localStorage.getItem('breakout-ops.basic')"));
        } finally {
            browser.quit();
        }
    }

    @Test
    void healthRefusesAChangeInJsonEvenToAnAdmin() throws Exception {
        ensureUsers();
        HttpResponse<String> posted = call("POST", "api/health", basic(ADMIN, ADMIN_PASSWORD));
        assertAll(
                () -> assertEquals(405, posted.statusCode(), posted.body()),
                () -> assertEquals(
                        "GET, HEAD, OPTIONS",
                        posted.headers().firstValue("Allow").orElse("")),
                () -> assertEquals(405, json(posted.body()).getInt("status")),
                () -> assertTrue(json(posted.body()).getString("message").contains("use GET"), posted.body()));
    }

    @Test
    void probesStayOpenAndClosedMetricsNeedAReader() throws Exception {
        ensureUsers();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> call("GET", "health/ready", null).statusCode() == 200);
        HttpResponse<String> metrics = call("GET", "metrics", null);
        assertAll(
                () -> assertEquals(200, call("GET", "health/live", null).statusCode()),
                () -> assertEquals(401, metrics.statusCode(), metrics.body()),
                () -> assertEquals(401, json(metrics.body()).getInt("status")),
                () -> assertEquals(
                        200,
                        call("GET", "metrics?scope=application", basic(READER, READER_PASSWORD))
                                .statusCode()));
    }

    @Test
    void aReaderReadsButGets403ForAChangeWhichAnAdminMayMake() throws Exception {
        ensureUsers();
        HttpResponse<String> forbidden = call("POST", "api/maintenance/rotate", basic(READER, READER_PASSWORD));
        HttpResponse<String> rotated = call("POST", "api/maintenance/rotate", basic(ADMIN, ADMIN_PASSWORD));
        assertAll(
                () -> assertEquals(
                        200,
                        call("GET", "api/monitoring", basic(READER, READER_PASSWORD))
                                .statusCode()),
                () -> assertEquals(403, forbidden.statusCode()),
                () -> assertEquals(403, json(forbidden.body()).getInt("status")),
                () -> assertTrue(json(forbidden.body()).getString("message").contains("ops-admin"), forbidden.body()),
                () -> assertEquals(200, rotated.statusCode(), rotated.body()),
                () -> assertTrue(json(rotated.body()).containsKey("rotated"), rotated.body()),
                () -> assertEquals(
                        200,
                        call("GET", "api/logs?limit=1", basic(ADMIN, ADMIN_PASSWORD))
                                .statusCode()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(ItHome.logs().resolve("audit.log"))
                        .contains("\"actor\":\"" + ADMIN + "\",\"action\":\"rotation\""));
    }

    @Test
    void aWrongPasswordGets401AndIsAuditedWithoutThePassword() throws Exception {
        ensureUsers();
        String wrong = "wrong-password-" + System.nanoTime();
        HttpResponse<String> response = call("GET", "api/monitoring", basic(READER, wrong));
        assertEquals(401, response.statusCode());
        assertEquals(
                "Basic realm=\"breakout-ops\"",
                response.headers().firstValue("WWW-Authenticate").orElse(""));
        String audit = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Files.readString(ItHome.logs().resolve("audit.log"))
                                .lines()
                                .filter(l -> l.contains("\"action\":\"login\"") && l.contains(READER))
                                .reduce((a, b) -> b)
                                .orElse(null),
                        line -> line != null);
        JsonObject entry = json(audit);
        assertAll(
                () -> assertEquals("WARN", entry.getString("level")),
                () -> assertEquals(
                        "127.0.0.1", entry.getJsonObject("parameters").getString("remote")),
                () -> assertTrue(entry.getString("outcome").startsWith("failure"), audit),
                () -> assertFalse(logs().contains(wrong), "the wrong password is in no log"),
                () -> assertFalse(logs().contains(READER_PASSWORD), "nor the right one"));
    }

    /** The JDK's own JMX agent refuses the login; what it lets us see of it is in audit.log. */
    @Test
    void aRefusedJmxLoginIsAuditedWithItsAddress() throws Exception {
        String wrong = "wrong-jmx-password-" + System.nanoTime();
        assertThrows(
                SecurityException.class,
                () -> ItHome.connect(ItHome.ADMIN, wrong).close());
        String audit = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> Files.readString(ItHome.logs().resolve("audit.log"))
                                .lines()
                                .filter(l -> l.contains("\"action\":\"login\",\"target\":\"jmx\""))
                                .reduce((a, b) -> b)
                                .orElse(null),
                        line -> line != null);
        JsonObject entry = json(audit);
        assertAll(
                () -> assertEquals("WARN", entry.getString("level")),
                () -> assertEquals("audit", entry.getString("component")),
                () -> assertEquals(
                        "127.0.0.1", entry.getJsonObject("parameters").getString("remote")),
                () -> assertEquals(
                        "failure: Authentication failed! Invalid username or password", entry.getString("outcome")),
                () -> assertFalse(logs().contains(wrong), "the password is in no log"));
    }

    @Test
    void aTokenUserAddedWhileTheServerRunsIsAcceptedAtOnceAndRefusedOnceRemoved() throws Exception {
        Run added = opsctl("", "user", "add", "it-ci", "--token");
        assertEquals(0, added.exit(), added.err());
        String token = added.out()
                .lines()
                .filter(l -> l.startsWith("token"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow();
        assertAll(
                () -> assertEquals(
                        200, call("GET", "api/monitoring", "Bearer " + token).statusCode()),
                () -> assertEquals(
                        401,
                        call("GET", "api/monitoring", "Bearer " + token + "x").statusCode()),
                () -> assertFalse(
                        call("GET", "api/monitoring", "Bearer " + token).body().contains(token)));
        assertEquals(0, opsctl("", "user", "remove", "it-ci").exit());
        assertEquals(401, call("GET", "api/monitoring", "Bearer " + token).statusCode());
        assertFalse(logs().contains(token), "the token is in no log");
    }

    @Test
    void theUsersFileIsMode600AndHoldsNoPlainSecret() throws Exception {
        ensureUsers();
        String text = Files.readString(users());
        assertAll(
                () -> assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users()))),
                () -> assertFalse(text.contains(ADMIN_PASSWORD)),
                () -> assertFalse(text.contains(READER_PASSWORD)),
                () -> assertTrue(text.contains(ADMIN + " ops-admin pbkdf2-sha256:210000:"), text),
                () -> assertTrue(text.contains(READER + " ops-reader pbkdf2-sha256:210000:"), text));
    }

    /**
     * From 127.0.0.2, so the block does not reach the other tests' 127.0.0.1: the sixth wrong password within
     * a minute is not checked but answered 429 with Retry-After, and so is the right one while blocked.
     */
    @Test
    void repeatedFailuresFromOneAddressGet429WithRetryAfter() throws Exception {
        ensureUsers();
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    401,
                    rawGet("127.0.0.2", "/api/monitoring", basic(READER, "guess-" + i))
                            .status(),
                    "try " + i);
        }
        Raw blocked = rawGet("127.0.0.2", "/api/monitoring", basic(READER, "guess-6"));
        Raw evenRight = rawGet("127.0.0.2", "/api/monitoring", basic(READER, READER_PASSWORD));
        assertAll(
                () -> assertEquals(429, blocked.status(), blocked.text()),
                () -> assertTrue(blocked.text().startsWith("HTTP/1.1 429 Too Many Requests\r\n"), blocked.text()),
                () -> assertFalse(blocked.text().toLowerCase(Locale.ROOT).contains("\r\nserver:"), blocked.text()),
                () -> assertTrue(blocked.text().matches("(?s).*\r\nRetry-After: \\d+\r\n.*"), blocked.text()),
                () -> assertTrue(blocked.text().contains("\"status\":429"), blocked.text()),
                () -> assertEquals(429, evenRight.status()),
                () -> assertEquals(
                        200,
                        call("GET", "api/monitoring", basic(READER, READER_PASSWORD))
                                .statusCode(),
                        "other addresses are not blocked"));
    }

    /**
     * Nothing names the server: no Server or X-Powered-By header (deploy/payara-http.asadmin, which
     * arquillian.xml boots with as deploy/run.sh does), and errors the container answers itself (a path nothing
     * serves, a method a static page does not take, a request Grizzly refuses) carry our JSON or nothing.
     */
    @Test
    void noAnswerNamesTheServer() throws Exception {
        Raw health = raw("127.0.0.1", "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Raw missing = raw("127.0.0.1", "GET /no-such-page HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Raw deleteStatic =
                raw("127.0.0.1", "DELETE /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Raw noHost = raw("127.0.0.1", "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertAll(
                () -> assertEquals(200, health.status(), health.text()),
                () -> assertEquals(404, missing.status(), missing.text()),
                () -> assertTrue(missing.text().endsWith("{\"message\":\"Not found\",\"status\":404}"), missing.text()),
                () -> assertTrue(deleteStatic.status() >= 400, deleteStatic.text()),
                () -> assertTrue(
                        deleteStatic.text().contains("\"status\":" + deleteStatic.status()), deleteStatic.text()),
                () -> assertEquals(400, noHost.status(), noHost.text()));
        for (Raw answer : List.of(health, missing, deleteStatic, noHost)) {
            String lower = answer.text().toLowerCase(Locale.ROOT);
            assertAll(
                    () -> assertFalse(lower.contains("\r\nserver:"), answer.text()),
                    () -> assertFalse(lower.contains("\r\nx-powered-by:"), answer.text()),
                    () -> assertFalse(lower.contains("payara"), answer.text()),
                    () -> assertFalse(lower.contains("glassfish"), answer.text()));
        }
    }

    record Raw(int status, String text) {}

    /** HTTP/1.1 by hand: the JDK's clients cannot choose their source address. */
    Raw rawGet(String from, String path, String authorization) throws IOException {
        return raw(
                from,
                "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + authorization
                        + "\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} as it is, from {@code from}, and reads the whole answer: status line, headers, body. */
    Raw raw(String from, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", deployed.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
