package io.breakoutbot.ops.bot;

import java.time.Instant;

/** Where the bot's process id comes from: its pid file or its systemd unit. */
interface PidSource {

    /** Reads the pid now; never throws for a missing or bad source, it says so in the claim. */
    PidClaim read();

    /** What the source names as the bot. */
    String describe();

    /**
     * @param pid              the process id, 0 when there is none
     * @param startedNoLaterThan the bot's process cannot have started after this (the pid file's modification
     *                         time plus slack); null when the source knows its process (systemd) or gives
     *                         {@code startTicks}
     * @param startTicks       the process's start time in clock ticks after boot (field 22 of
     *                         {@code /proc/PID/stat}), to be matched exactly; 0 when the source does not give it
     * @param reason           why there is no pid, when there is none
     */
    record PidClaim(long pid, Instant startedNoLaterThan, long startTicks, String reason) {

        static PidClaim none(String reason) {
            return new PidClaim(0, null, 0, reason);
        }
    }
}
