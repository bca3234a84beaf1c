package io.breakoutbot.ops.bot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The bot as a systemd unit: {@code systemctl show -p ActiveState,MainPID <unit>}. systemd tracks its own
 * main process, so the pid needs no start-time check.
 */
final class SystemdUnit implements PidSource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9:_.@\\\\-]{1,255}");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String unit;
    private final String systemctl;

    /** @param systemctl the program, e.g. {@code /usr/bin/systemctl} */
    SystemdUnit(String unit, String systemctl) {
        this.unit = unit;
        this.systemctl = systemctl;
    }

    /** @throws IllegalArgumentException when the text is not a unit name */
    static String validate(String text) {
        String unit = text.trim();
        if (!NAME.matcher(unit).matches() || unit.startsWith("-")) {
            throw new IllegalArgumentException(
                    "must be a systemd unit name (letters, digits, : _ . @ \\ -), like breakout-bot.service");
        }
        return unit;
    }

    @Override
    public PidClaim read() {
        try {
            Process process = new ProcessBuilder(systemctl, "show", "-p", "ActiveState,MainPID", "--", unit)
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            // The answer is a few lines, well inside a pipe's buffer, so waiting first cannot block systemctl.
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return PidClaim.none(
                        systemctl + " show " + unit + " did not answer within " + TIMEOUT.toSeconds() + " s");
            }
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (process.exitValue() != 0) {
                return PidClaim.none(systemctl + " show " + unit + " failed with exit code " + process.exitValue()
                        + ": " + output.strip());
            }
            return parse(unit, output);
        } catch (IOException e) {
            return PidClaim.none("cannot run " + systemctl + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PidClaim.none("interrupted while asking systemd about " + unit);
        }
    }

    /** Reads {@code ActiveState=active} and {@code MainPID=1234} lines, in any order. */
    static PidClaim parse(String unit, String output) {
        String state = null;
        long pid = 0;
        for (String line : List.of(output.split("\\R"))) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (key.equals("ActiveState")) {
                state = value;
            } else if (key.equals("MainPID")) {
                try {
                    pid = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return PidClaim.none("systemd gave no MainPID for " + unit + " ('" + value + "')");
                }
            }
        }
        if (state == null) {
            return PidClaim.none("systemd said nothing of " + unit + "'s ActiveState");
        }
        if (!state.equals("active") && !state.equals("reloading")) {
            return PidClaim.none("the unit " + unit + " is " + state);
        }
        if (pid <= 0) {
            return PidClaim.none("the unit " + unit + " is " + state + " but has no main process");
        }
        return new PidClaim(pid, null, 0, null);
    }

    @Override
    public String describe() {
        return "systemd unit " + unit;
    }
}
