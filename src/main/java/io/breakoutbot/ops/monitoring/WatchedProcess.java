package io.breakoutbot.ops.monitoring;

import java.util.Optional;

/**
 * The bot's process as the bot check last saw it, for the resource monitor to sample alongside the host. The
 * bot check owns the process and its OSHI readings; monitoring only reads them here, so it never depends on
 * the bot package.
 */
@FunctionalInterface
public interface WatchedProcess {

    /** Never watched: the bot metrics stay UNAVAILABLE. */
    WatchedProcess NONE = Optional::empty;

    /**
     * The figures of the bot check's latest reading; empty when no bot is configured or it is not running.
     * Called once per sample on the sampler's thread, so it must return at once (no reading of its own).
     */
    Optional<ProcessFigures> figures();
}
