package io.breakoutbot.ops.config;

/**
 * Every setting the service reads: its key, its default and what it does. The README's settings table
 * is checked against this list by a test, so adding a key here without documenting it fails the build.
 *
 * <p>A key can be set as a system property ({@code -Dops.logs.backups=7}), as an environment variable
 * ({@code OPS_LOGS_BACKUPS=7}, MicroProfile Config's mapping), or in {@code $OPS_HOME/ops.properties},
 * in that order of precedence.
 */
public enum Setting {

    HOME("ops.home", "var",
            "Directory the service writes under (its logs go to `logs/`); relative to the working directory. "
                    + "Created if missing; must be writable."),
    EXIT_ON_ERROR("ops.startup.exitOnError", "false",
            "`true` ends the JVM with exit code 78 (EX_CONFIG) when a setting is invalid, instead of leaving "
                    + "Payara Micro running without the application. `deploy/run.sh` sets it."),
    ENVIRONMENT("ops.environment", "development",
            "`development` or `production`; chooses the default log file size."),
    LOG_LEVEL("ops.logs.level", "INFO",
            "Lowest level written: TRACE, DEBUG, INFO, WARN or ERROR."),
    LOG_MAX_FILE_SIZE("ops.logs.maxFileSize", null,
            "Size at which a log file is rotated, e.g. `512KB`, `10MB`. "
                    + "Default 5MB in development, 10MB in production."),
    LOG_BACKUPS("ops.logs.backups", "5",
            "Rotated files kept per log file, 1 to 1000."),
    LOG_COMPRESS("ops.logs.compress", "true",
            "`true` gzips rotated files in the background."),
    LOG_QUEUE_SIZE("ops.logs.queueSize", "8192",
            "Events buffered between the threads that log and the thread that writes, 64 to 1048576."),
    LOG_DISCARD_WHEN_BUSY("ops.logs.discardWhenBusy", "true",
            "`true` drops TRACE, DEBUG and INFO events while the queue is over 80% full, so a slow disk "
                    + "never blocks a request; WARN and ERROR always wait for room. "
                    + "`false` makes every event wait.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The default, or {@code null} when it is derived from other settings (the description says how). */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
