package io.breakoutbot.ops.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the service runs; production writes larger log files, since it keeps them longer. */
public enum Environment {
    DEVELOPMENT(5L << 20),
    PRODUCTION(10L << 20);

    private final long defaultLogFileSize;

    Environment(long defaultLogFileSize) {
        this.defaultLogFileSize = defaultLogFileSize;
    }

    /** @return bytes at which a log file rotates unless {@code ops.logs.maxFileSize} says otherwise */
    public long defaultLogFileSize() {
        return defaultLogFileSize;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Environment::label).collect(Collectors.joining(" or "));
    }
}
