package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The four files our own events are split into. Every event goes to
 * exactly one file: errors are written only to errors.log, whatever their component.
 */
public enum LogSegment {

    ERRORS("errors.log"),
    API("api.log"),
    METRICS("metrics.log"),
    GENERAL("general.log");

    private final String fileName;

    LogSegment(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** @throws IllegalArgumentException when {@code fileName} is not one of our four files */
    public static LogSegment ofFileName(String fileName) {
        for (LogSegment segment : values()) {
            if (segment.fileName.equals(fileName)) {
                return segment;
            }
        }
        throw new IllegalArgumentException("'" + fileName + "' is not one of our log files");
    }

    public static LogSegment route(ILoggingEvent event) {
        return route(event.getLevel(), Component.of(event.getLoggerName(), event.getMDCPropertyMap()));
    }

    static LogSegment route(Level level, String component) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return ERRORS;
        }
        return switch (component) {
            case "api" -> API;
            case "metrics", "monitoring" -> METRICS;
            default -> GENERAL;
        };
    }
}
