package io.breakoutbot.ops.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The five files our own events are split into. Every event goes to exactly one file: the audit trail
 * (component {@code audit}) to audit.log, whatever its level, so that one file holds all of it and can be
 * kept longer than the rest; every other error to errors.log, whatever its component.
 *
 * <p>The order of the constants is part of the order of search results (see {@code LogPosition}): add new
 * ones at the end.
 */
public enum LogSegment {
    ERRORS("errors.log"),
    API("api.log"),
    METRICS("metrics.log"),
    GENERAL("general.log"),
    AUDIT("audit.log");

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
        if (Component.AUDIT.equals(component)) {
            return AUDIT;
        }
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
