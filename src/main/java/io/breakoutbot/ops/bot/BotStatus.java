package io.breakoutbot.ops.bot;

/** The bot as the last check saw it. */
public enum BotStatus {
    /** Alive and its health URL answered 2xx within half the timeout. */
    UP,
    /** Alive and answering, but slowly (over half the timeout) or with a non-2xx status. */
    DEGRADED,
    /** Not running, stopped, another program's pid, or no answer within the timeout. */
    DOWN,
    /** Not checked: no pid file, systemd unit or health URL is set. */
    UNKNOWN
}
