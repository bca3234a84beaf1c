package io.breakoutbot.ops.bot;

/**
 * What the OS says of the bot's process.
 *
 * @param pid       the process id, 0 when no process is the bot
 * @param alive     whether the process exists and is the bot's (not a zombie, not another program's)
 * @param answering whether it can run: false for a stopped process (SIGSTOP, a debugger)
 * @param reason    a sentence for an operator when it is not alive or not answering; empty otherwise
 * @param figures   its resource use; {@link ProcessUse#UNKNOWN} when not alive
 */
record ProcessReading(long pid, boolean alive, boolean answering, String reason, ProcessUse figures) {

    static ProcessReading dead(String reason) {
        return new ProcessReading(0, false, false, reason, ProcessUse.UNKNOWN);
    }
}
