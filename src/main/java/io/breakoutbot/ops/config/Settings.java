package io.breakoutbot.ops.config;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.logs.LogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The validated settings. {@link #load} reads every key once and fails on the first bad value with an
 * {@link InvalidSettingException}, so a mistake stops the deployment instead of surfacing hours later.
 *
 * @param home        the absolute {@code OPS_HOME}, created and known to be writable
 * @param exitOnError whether an invalid setting ends the JVM rather than only the deployment
 * @param environment development or production
 * @param logs        how our own log files are written
 */
public record Settings(Path home, boolean exitOnError, Environment environment, LogSettings logs) {

    private static final String LEVELS = "one of TRACE, DEBUG, INFO, WARN, ERROR";

    /**
     * @param source the raw value of a key, empty when unset (MicroProfile Config in the server, a map in tests)
     */
    public static Settings load(Function<String, Optional<String>> source) {
        Reader in = new Reader(source);
        Path home = writableHome(in.text(Setting.HOME));
        boolean exitOnError = in.bool(Setting.EXIT_ON_ERROR);
        Environment environment = in.environment();
        LogSettings logs = new LogSettings(
                home.resolve("logs"),
                in.level(Setting.LOG_LEVEL),
                in.size(Setting.LOG_MAX_FILE_SIZE, environment.defaultLogFileSize()),
                in.integer(Setting.LOG_BACKUPS, 1, 1000),
                in.bool(Setting.LOG_COMPRESS),
                in.integer(Setting.LOG_QUEUE_SIZE, 64, 1 << 20),
                in.bool(Setting.LOG_DISCARD_WHEN_BUSY));
        return new Settings(home, exitOnError, environment, logs);
    }

    /** The value in force for every key, defaults included, for the audit log and the README. */
    public Map<String, String> effective() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(Setting.HOME.key(), home.toString());
        values.put(Setting.EXIT_ON_ERROR.key(), Boolean.toString(exitOnError));
        values.put(Setting.ENVIRONMENT.key(), environment.label());
        values.put(Setting.LOG_LEVEL.key(), logs.level().toString());
        values.put(Setting.LOG_MAX_FILE_SIZE.key(), ByteSize.format(logs.maxFileSize()));
        values.put(Setting.LOG_BACKUPS.key(), Integer.toString(logs.backups()));
        values.put(Setting.LOG_COMPRESS.key(), Boolean.toString(logs.compress()));
        values.put(Setting.LOG_QUEUE_SIZE.key(), Integer.toString(logs.queueSize()));
        values.put(Setting.LOG_DISCARD_WHEN_BUSY.key(), Boolean.toString(logs.discardWhenBusy()));
        return values;
    }

    private static Path writableHome(String value) {
        String allowed = "must be a directory this process can create and write";
        Path home;
        try {
            home = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(Setting.HOME.key(), value, "not a path; " + allowed, e);
        }
        try {
            Files.createDirectories(home.resolve("logs"));
            Path probe = Files.createTempFile(home, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InvalidSettingException(Setting.HOME.key(), value,
                    "cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); " + allowed, e);
        }
        return home;
    }

    /** Reads one key at a time, so every error names its key and value. */
    private record Reader(Function<String, Optional<String>> source) {

        String text(Setting setting) {
            return source.apply(setting.key()).map(String::trim).filter(v -> !v.isEmpty())
                    .orElse(setting.defaultValue());
        }

        Environment environment() {
            String value = text(Setting.ENVIRONMENT);
            try {
                return Environment.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.ENVIRONMENT.key(), value,
                        "must be " + Environment.allowed());
            }
        }

        Level level(Setting setting) {
            String value = text(setting);
            Level level = Level.toLevel(value, null);
            if (level == null || level == Level.ALL || level == Level.OFF) {
                throw new InvalidSettingException(setting.key(), value, "must be " + LEVELS);
            }
            return level;
        }

        long size(Setting setting, long fallback) {
            String value = text(setting);
            if (value == null) {
                return fallback;
            }
            try {
                return ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting.key(), value,
                        "must be a size greater than zero in B, KB, MB or GB, like 10MB");
            }
        }

        int integer(Setting setting, int min, int max) {
            String value = text(setting);
            String allowed = "must be a whole number from " + min + " to " + max;
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    throw new InvalidSettingException(setting.key(), value, allowed);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(setting.key(), value, allowed);
            }
        }

        boolean bool(Setting setting) {
            String value = text(setting);
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidSettingException(setting.key(), value, "must be true or false");
            };
        }
    }
}
