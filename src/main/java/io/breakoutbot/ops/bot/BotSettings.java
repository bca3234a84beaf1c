package io.breakoutbot.ops.bot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the bot is watched and restarted, validated at start ({@code ops.bot.*}). The check is off when none of
 * pid file, systemd unit and health URL is set.
 *
 * @param pidFile               absolute path of the bot's pid file (its first line is the pid, an optional second
 *                              its start time in clock ticks after boot), or null
 * @param systemdUnit           the bot's systemd unit, e.g. {@code breakout-bot.service}, or null
 * @param systemctl             the absolute path of {@code systemctl}, found on {@code PATH} at start; null
 *                              without a systemd unit
 * @param healthUrl             the bot's health URL, http or https, or null
 * @param interval              time between two checks
 * @param timeout               the deadline of one health URL request (resolve, connect, headers, body); an
 *                              answer slower than half of it is DEGRADED
 * @param failuresBeforeRestart DOWN checks in a row that make a restart, 1 to 100
 * @param restartCommand        what restarts the bot, or null for no restarts
 * @param restartTimeout        how long the restart command may run before it is killed
 * @param startGrace            after a restart, how long failed checks are not counted
 * @param maxRestarts           automatic restarts allowed within {@code restartWindow} before the loop guard
 *                              pauses them, 1 to 100
 * @param restartWindow         the loop guard's window
 * @param logDirectory          the managed log directory ({@code ops.logs.dir}): the restart command's output
 *                              is appended to {@value #RESTART_LOG} there, which the log lifecycle rotates and
 *                              prunes like the bot's own logs
 */
public record BotSettings(
        Path pidFile,
        String systemdUnit,
        Path systemctl,
        URI healthUrl,
        Duration interval,
        Duration timeout,
        int failuresBeforeRestart,
        RestartCommand restartCommand,
        Duration restartTimeout,
        Duration startGrace,
        int maxRestarts,
        Duration restartWindow,
        Path logDirectory) {

    /** The file in {@link #logDirectory} that collects the restart command's output, run after run. */
    public static final String RESTART_LOG = "bot-restart.log";

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public BotSettings {
        if (pidFile != null && !pidFile.isAbsolute()) {
            throw new IllegalArgumentException("The bot's pid file '" + pidFile + "' must be an absolute path.");
        }
        systemdUnit = systemdUnit == null || systemdUnit.isBlank() ? null : systemdUnit;
        if (systemdUnit != null && (systemctl == null || !systemctl.isAbsolute())) {
            throw new IllegalArgumentException("A systemd unit needs the absolute path of systemctl.");
        }
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(restartTimeout, "restartTimeout");
        Objects.requireNonNull(startGrace, "startGrace");
        Objects.requireNonNull(restartWindow, "restartWindow");
        Objects.requireNonNull(logDirectory, "logDirectory");
        if (failuresBeforeRestart < 1 || maxRestarts < 1) {
            throw new IllegalArgumentException("failuresBeforeRestart and maxRestarts must be at least 1.");
        }
    }

    /** No check at all: nothing names the bot. */
    public static BotSettings off(Path logDirectory) {
        return new BotSettings(
                null,
                null,
                null,
                null,
                DEFAULT_INTERVAL,
                DEFAULT_TIMEOUT,
                3,
                null,
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                3,
                Duration.ofMinutes(10),
                logDirectory);
    }

    /**
     * @param base the directory a relative path is resolved against
     * @return the absolute pid file
     * @throws IllegalArgumentException when the text is no path, or a relative one that leaves {@code base}
     */
    public static Path pidFile(Path base, String text) {
        return PidFile.resolve(base, text);
    }

    /** @throws IllegalArgumentException when the text is not a systemd unit name */
    public static String systemdUnit(String text) {
        return SystemdUnit.validate(text);
    }

    /**
     * {@code systemctl} found on the search path, as the restart command's program is, so that the check never
     * runs whatever a later {@code PATH} names.
     *
     * @param searchPath directories separated by {@link java.io.File#pathSeparator}, or null
     * @throws IllegalArgumentException when no executable {@code systemctl} is on it
     */
    public static Path systemctl(String searchPath) {
        Path found = RestartCommand.onPath("systemctl", searchPath);
        if (found == null) {
            throw new IllegalArgumentException("needs systemctl, which is not on PATH (" + searchPath + ")");
        }
        return found;
    }

    /**
     * @throws IllegalArgumentException when the URL is not http(s), carries credentials, or its host resolves to
     *                                  a link-local, unspecified, multicast or cloud metadata address
     */
    public static URI healthUrl(String text) {
        return HealthProbe.validate(text);
    }

    /** Whether anything names the bot, so that there is something to check. */
    public boolean enabled() {
        return pidFile != null || systemdUnit != null || healthUrl != null;
    }

    /** The settings with another pid file, health URL and restart command; for tests and opsctl. */
    public BotSettings with(Path pid, URI url, RestartCommand command) {
        return new BotSettings(
                pid,
                systemdUnit,
                systemctl,
                url,
                interval,
                timeout,
                failuresBeforeRestart,
                command,
                restartTimeout,
                startGrace,
                maxRestarts,
                restartWindow,
                logDirectory);
    }
}
