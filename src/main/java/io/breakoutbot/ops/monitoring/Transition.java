package io.breakoutbot.ops.monitoring;

import java.time.Instant;

/**
 * One metric changing state. A transition into {@link State#UNAVAILABLE} is news, not an alarm: whether it is
 * worth an alert is the caller's decision.
 *
 * @param metric    which
 * @param from      the state before this sample
 * @param to        the state after it
 * @param value     the sample, percent from 0 to 100; NaN when unavailable
 * @param threshold the line the value was judged against, percent: the level reached for a worse state
 *                  (warning or critical); for a better state the line the value dropped below, that is the
 *                  level of the state just above {@code to} minus the hysteresis; the warning level when an
 *                  unavailable metric returns OK; NaN for a transition into UNAVAILABLE
 * @param at        when the sample was taken
 */
public record Transition(Metric metric, State from, State to, double value, double threshold, Instant at) {}
