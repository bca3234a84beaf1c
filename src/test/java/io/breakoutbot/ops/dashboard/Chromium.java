package io.breakoutbot.ops.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's headless Chromium under Selenium, as the ITs that drive the dashboard start it. */
public final class Chromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path PROFILES = Path.of("target", "chromium-profiles").toAbsolutePath();

    private Chromium() {}

    /** A browser with a fresh profile, a 1280x800 window and its console kept; {@code quit()} it. */
    public static ChromeDriver start() {
        assertTrue(
                Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
                "The dashboard ITs need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        // as the machine notes start it: no sandbox as root, and no background traffic to the closed network
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,800",
                "--user-data-dir=" + profile());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // a driver given by path: Selenium Manager never runs (it would try to download one)
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** A new profile under target/, so {@code mvn clean} removes it ({@code quit()} leaves it behind). */
    private static String profile() {
        try {
            return Files.createTempDirectory(Files.createDirectories(PROFILES), "chromium")
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
