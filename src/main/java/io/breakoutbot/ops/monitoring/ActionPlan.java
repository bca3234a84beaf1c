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
 * {@code memory.critical=gc+clear-caches, disk.critical=log-cleanup}. The bot's metrics take no actions: every
 * action acts on this service (its heap, its caches, the log directory), none would relieve the bot.
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
            String target = sides[0].trim();
            int dot = target.lastIndexOf('.'); // metric labels may hold a dot themselves: bot.cpu.critical
            if (sides.length != 2 || dot < 0 || sides[1].isBlank()) {
                throw new IllegalArgumentException(shape);
            }
            String[] key = {target.substring(0, dot), target.substring(dot + 1)};
            Metric metric = metric(key[0], shape);
            if (metric.isBot()) {
                throw new IllegalArgumentException("entry '" + entry.trim() + "' names " + metric.label()
                        + ", a metric of the bot; the actions (gc, clear-caches, log-cleanup) act on this service, "
                        + "so only cpu, memory, disk and fds take them");
            }
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
