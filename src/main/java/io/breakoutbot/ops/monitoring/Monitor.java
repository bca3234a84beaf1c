package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.alerts.AlertRules;
import io.breakoutbot.ops.alerts.Condition;
import io.breakoutbot.ops.alerts.Notice;
import io.breakoutbot.ops.alerts.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One sampling step: sample, remember, evaluate against the thresholds, then tell listeners of state
 * changes, raise or resolve alerts and run actions. Plain Java, driven by the boundary's timer every
 * {@code ops.monitor.interval}; everything slow (webhooks, actions) happens elsewhere, so a step costs
 * about as much as the sample.
 */
public final class Monitor {

    private final Supplier<Sample> sampler;
    private final SampleHistory history;
    private final Evaluator evaluator;
    private final AlertRules alerts;
    private final Actions actions;
    private final Consumer<Transition> stateChanges;
    private final Consumer<Notice> notices;
    private final List<Supplier<Condition>> watched = new CopyOnWriteArrayList<>();

    /**
     * @param sampler      takes one sample: {@link Sampler#sample()} in the server
     * @param stateChanges told of every transition into WARNING or CRITICAL and every recovery to OK
     * @param notices      told of every alert to send (firing or resolved)
     */
    public Monitor(
            Supplier<Sample> sampler,
            SampleHistory history,
            Evaluator evaluator,
            AlertRules alerts,
            Actions actions,
            Consumer<Transition> stateChanges,
            Consumer<Notice> notices) {
        this.sampler = sampler;
        this.history = history;
        this.evaluator = evaluator;
        this.alerts = alerts;
        this.actions = actions;
        this.stateChanges = stateChanges;
        this.notices = notices;
    }

    public SampleHistory history() {
        return history;
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    public AlertRules alerts() {
        return alerts;
    }

    public Actions actions() {
        return actions;
    }

    /** Each metric's latest value, levels and state, for JMX and REST. */
    public List<MetricState> states() {
        ThresholdSettings settings = evaluator.settings();
        java.util.Optional<Sample> latest = history.latest();
        return new EnumMap<>(evaluator.states())
                .entrySet().stream()
                        .map(e -> new MetricState(
                                e.getKey().label(),
                                e.getValue().name(),
                                latest.map(s -> s.value(e.getKey())).orElse(Double.NaN),
                                settings.of(e.getKey()).warning(),
                                settings.of(e.getKey()).critical(),
                                e.getKey().unit().label()))
                        .toList();
    }

    /**
     * Also alerts on {@code condition}, asked once a step: something other than a sampled resource that an
     * operator must hear of, such as a log that cannot be rotated.
     */
    public void watch(Supplier<Condition> condition) {
        watched.add(condition);
    }

    public Sample tick() {
        Sample sample = sampler.get();
        history.add(sample);
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            values.put(metric, sample.value(metric));
        }
        List<Transition> transitions = evaluator.evaluate(sample.at(), values);
        ThresholdSettings settings = evaluator.settings();
        for (Transition t : transitions) {
            if (isAnnounced(t)) {
                stateChanges.accept(t);
            }
            alerts.update(new Condition(
                            t.metric().label(),
                            Severity.valueOf(t.to().name()),
                            t.value(),
                            level(settings, t),
                            t.at(),
                            summary(settings, t)))
                    .forEach(notices);
        }
        for (Supplier<Condition> condition : watched) {
            alerts.update(condition.get()).forEach(notices);
        }
        alerts.tick().forEach(notices);
        evaluator.states().forEach((metric, state) -> actions.on(metric, state, values.get(metric)));
        return sample;
    }

    /** Entering WARNING or CRITICAL, or back to OK from either; UNAVAILABLE is not news for a listener. */
    static boolean isAnnounced(Transition t) {
        return t.to() == State.WARNING
                || t.to() == State.CRITICAL
                || (t.to() == State.OK && (t.from() == State.WARNING || t.from() == State.CRITICAL));
    }

    /**
     * The alert's sentence for a count, "bot.threads at 612, over the critical level of 500"; null for a
     * percentage, which the alert words itself ("cpu at 93.1%, over the critical level of 80%").
     */
    static String summary(ThresholdSettings settings, Transition t) {
        Metric.Unit unit = t.metric().unit();
        if (unit == Metric.Unit.PERCENT) {
            return null;
        }
        Threshold threshold = settings.of(t.metric());
        String label = t.metric().label();
        return switch (t.to()) {
            case WARNING, CRITICAL ->
                label + " at " + unit.format(t.value()) + ", over the "
                        + t.to().name().toLowerCase(Locale.ROOT) + " level of " + unit.format(level(settings, t));
            default ->
                label + " at " + unit.format(t.value()) + ", below the warning level of "
                        + unit.format(threshold.warning());
        };
    }

    /** The level an alert names: the configured line, not the lowered one a recovery crossed. */
    private static double level(ThresholdSettings settings, Transition t) {
        Threshold threshold = settings.of(t.metric());
        return switch (t.to()) {
            case WARNING -> threshold.warning();
            case CRITICAL -> threshold.critical();
            default -> t.threshold();
        };
    }
}
