package io.breakoutbot.ops;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;

/** What is running and since when. Created when the application starts, so uptime counts from deployment. */
@ApplicationScoped
public class ServiceInfo {

    private final Clock clock = Clock.systemUTC();
    private String version;
    private Instant startedAt;

    @PostConstruct
    void init() {
        startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Properties build = new Properties();
        try (InputStream in = ServiceInfo.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the build's version.properties", e);
        }
        version = build.getProperty("version", "unknown");
    }

    /** Forces creation at start-up rather than at the first request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // the call itself is the point: it makes CDI create this bean now
    }

    public String version() {
        return version;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** @return whole seconds since deployment, never negative */
    public long uptimeSeconds() {
        return Math.max(0, Duration.between(startedAt, clock.instant()).toSeconds());
    }
}
