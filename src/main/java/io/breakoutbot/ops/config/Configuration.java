package io.breakoutbot.ops.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and validates every setting when the application starts. A bad value throws, which makes
 * Payara refuse the deployment; the one-line reason is logged first, so it is the line to look for.
 * Every other start-up bean depends on this one.
 */
@Singleton
@Startup
public class Configuration {

    /** sysexits.h EX_CONFIG, so systemd can tell "fix the settings" from a crash worth a restart. */
    public static final int EXIT_CONFIG = 78;

    private static final Logger LOG = LoggerFactory.getLogger(Configuration.class);

    @Inject
    Config config;

    private Settings settings;

    @PostConstruct
    void load() {
        try {
            settings = Settings.load(key -> config.getOptionalValue(key, String.class));
        } catch (InvalidSettingException e) {
            LOG.error("breakout-ops refuses to start. {}", e.getMessage());
            if (exitOnError()) {
                // Payara Micro would otherwise keep running without its only application. halt, not exit:
                // exit would run Payara's shutdown hooks against a deployment still in progress.
                Runtime.getRuntime().halt(EXIT_CONFIG);
            }
            throw e;
        }
    }

    /** Read on its own: the settings that failed may not have reached it. */
    private boolean exitOnError() {
        return config.getOptionalValue(Setting.EXIT_ON_ERROR.key(), String.class)
                .map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
    }

    public Settings settings() {
        return settings;
    }
}
