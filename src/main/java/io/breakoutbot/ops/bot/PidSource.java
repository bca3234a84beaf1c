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
     *                         time plus slack); null when the source knows its process (systemd)
     * @param reason           why there is no pid, when there is none
     */
    record PidClaim(long pid, Instant startedNoLaterThan, String reason) {

        static PidClaim none(String reason) {
            return new PidClaim(0, null, reason);
        }
    }
}
