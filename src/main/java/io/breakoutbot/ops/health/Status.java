package io.breakoutbot.ops.health;

/** Overall and per-component health, from best to worst. */
public enum Status {
    UP,
    DEGRADED,
    DOWN;

    public Status worst(Status other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
