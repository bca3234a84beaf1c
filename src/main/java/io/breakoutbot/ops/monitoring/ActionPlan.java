package io.breakoutbot.ops.monitoring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which actions run when a metric enters a level. Written in settings as
 * {@code <metric>.<level>=<action>+<action>}, several separated by commas:
 * {@code memory.critical=gc+clear-caches, disk.critical=log-cleanup}.
 */
public record ActionPlan(Map<Metric, Map<State, Set<Action>>> actions) {

    public Set<Action> on(Metric metric, State level) {
        return actions.getOrDefault(metric, Map.of()).getOrDefault(level, Set.of());
    }

    /** @throws IllegalArgumentException naming the entry that cannot be read */
    public static ActionPlan parse(String text) {
        Map<Metric, Map<State, Set<Action>>> plan = new EnumMap<>(Metric.class);
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String shape = "entry '" + entry.trim() + "' must read '<metric>.<warning|critical>=<action>[+<action>]', "
                    + "like 'disk.critical=log-cleanup'";
            String[] sides = entry.split("=", 2);
            String[] key = sides[0].trim().split("\\.", 2);
            if (sides.length != 2 || key.length != 2 || sides[1].isBlank()) {
                throw new IllegalArgumentException(shape);
            }
            Metric metric = metric(key[0], shape);
            State level = switch (key[1].trim().toLowerCase(Locale.ROOT)) {
                case "warning" -> State.WARNING;
                case "critical" -> State.CRITICAL;
                default -> throw new IllegalArgumentException(shape);
            };
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (String name : sides[1].split("\\+")) {
                actions.add(Action.of(name));
            }
            plan.computeIfAbsent(metric, m -> new EnumMap<>(State.class))
                    .put(level, Collections.unmodifiableSet(actions));
        }
        return new ActionPlan(plan);
    }

    private static Metric metric(String label, String shape) {
        for (Metric metric : Metric.values()) {
            if (metric.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return metric;
            }
        }
        throw new IllegalArgumentException(shape + "; metrics are cpu, memory, disk and fds");
    }

    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        actions.forEach((metric, levels) -> levels.forEach((level, set) -> entries.add(metric.label() + "."
                + level.name().toLowerCase(Locale.ROOT) + "="
                + set.stream().map(Action::label).sorted().collect(Collectors.joining("+")))));
        return String.join(", ", entries);
    }
}
