package io.breakoutbot.ops.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which options each action of {@code opsctl} takes: over JMX (online) and with {@code --offline}. It is the one
 * rule of the command line: an option the chosen action does not take is a usage error (exit 64) that names the
 * option and the action and says where the option does go, so {@code --cleanup --dry-run} is refused before it
 * deletes anything. picocli parses the words; this table judges them.
 */
final class OptionTable {

    /** Every action that talks to the server takes these. */
    static final Set<String> SERVER = Set.of("--jmx", "--user", "--password-file");
    /** Every action that has an offline form takes these with it; --force only there, as only there is a lock to test. */
    static final Set<String> OFFLINE = Set.of("--offline", "--log-dir", "--force");

    /**
     * One action's options.
     *
     * @param action    {@code --stats}, or a subcommand's path such as {@code user add}
     * @param online    the options it takes without {@code --offline}
     * @param offline   the options it takes with {@code --offline}; null when it has no offline form
     * @param notHere   why it has no offline form, "runs on the server"; null for the user commands, which
     *                  never talk to a server
     */
    record Row(String action, Set<String> online, Set<String> offline, String notHere) {

        Set<String> takes(boolean offlineMode) {
            return offlineMode ? (offline == null ? Set.of() : offline) : online;
        }

        boolean takes(String option) {
            return online.contains(option) || (offline != null && offline.contains(option));
        }
    }

    /** The table, in the order {@code --help} lists the actions. */
    static final Map<String, Row> ROWS = rows(
            server("--metrics", "runs on the server", "--json"),
            both("--stats", List.of("--json"), List.of("--rules", "--json")),
            both("--cleanup", List.of("--days"), List.of("--rules", "--days", "--backups", "--max-total-size")),
            both(
                    "--preview",
                    List.of("--days", "--json"),
                    List.of("--rules", "--days", "--backups", "--max-total-size", "--json")),
            both("--rotate", List.of(), List.of("--rules")),
            both("--archive", List.of(), List.of("--archive-dir")),
            server("--setup", "reconfigures a running server"),
            server("--backup", "runs on the server"),
            server("--list-backups", "runs on the server", "--json", "--remote"),
            server("--verify", "runs on the server"),
            server("--restore", "runs on the server", "--target", "--dry-run", "--from-remote"),
            server("--drill", "runs on the server", "--remote"),
            server("--bot-status", "runs on the server", "--json"),
            server("--bot-restart", "runs on the server"),
            server("--bot-pause", "runs on the server"),
            server("--bot-resume", "runs on the server"),
            new Row("user add", Set.of("--role", "--token", "--password-stdin"), null, null),
            new Row("user remove", Set.of(), null, null),
            new Row("user list", Set.of(), null, null));

    /** What an action's own value is, where it must have one. */
    static final Map<String, String> ARGUMENT = Map.of(
            "--verify", "the archive's name, as --list-backups shows it",
            "--restore", "the archive's name, as --list-backups shows it");

    /** "--days needs a value": a valued option at the end of the line, or before another option. */
    static String needsValue(String option) {
        return option + " needs " + ARGUMENT.getOrDefault(option, "a value");
    }

    /** An option an action cannot do without, and the sentence that says so. */
    static final Map<String, String> REQUIRED =
            Map.of("--restore", "--target DIR, the directory that receives data/, logs/ and .env");

    private OptionTable() {}

    /** The actions given as options ({@code --stats}), as opposed to the user commands. */
    static boolean isAction(String option) {
        return option.startsWith("--") && ROWS.containsKey(option);
    }

    /** Whether any action takes the option: a word the table knows, even where picocli does not. */
    static boolean knows(String option) {
        return ROWS.values().stream().anyMatch(r -> r.takes(option));
    }

    /**
     * The action a command line asks for, once every option on it is one that action takes.
     *
     * @param given      the options as given, in their order, the actions among them and repeats kept
     * @param subcommand the subcommand's path ({@code user add}), or null
     * @throws UsageException with the sentence to print, for the first option (in the given order) that is wrong
     */
    static String check(List<String> given, String subcommand) {
        List<String> actions = given.stream().filter(OptionTable::isAction).toList();
        List<String> chosen = subcommand == null
                ? actions
                : Stream.concat(Stream.of(subcommand), actions.stream()).toList();
        if (chosen.isEmpty()) {
            throw new UsageException("give an action");
        }
        if (chosen.size() > 1) {
            throw new UsageException("give one action, not both " + chosen.get(0) + " and " + chosen.get(1));
        }
        String action = chosen.get(0);
        Row row = ROWS.get(action);
        boolean offline = given.contains("--offline");
        if (offline && row.offline() == null && row.notHere() != null) {
            throw new UsageException(action + " " + row.notHere() + "; it has no offline form");
        }
        for (String option : given) {
            if (!option.equals(action) && !row.takes(offline).contains(option)) {
                throw new UsageException(refusal(action, offline, option));
            }
        }
        String required = REQUIRED.get(action);
        if (required != null && !given.contains(required.split(" ", 2)[0])) {
            throw new UsageException(action + " needs " + required);
        }
        return action;
    }

    /** Why {@code option} does not go with {@code action}, and where it goes. */
    static String refusal(String action, boolean offline, String option) {
        Row row = ROWS.get(action);
        Set<String> otherMode = offline ? row.online() : row.offline();
        if (otherMode != null && otherMode.contains(option)) {
            return option + " does not go with " + action + (offline ? " --offline" : " without --offline");
        }
        String here = action + (offline && row.offline() != null ? " --offline" : "");
        return option + " does not go with " + here + "; it goes with " + where(option);
    }

    /** The actions that take an option; one that only their offline form takes is named with --offline. */
    static String where(String option) {
        List<Row> taking = ROWS.values().stream().filter(r -> r.takes(option)).toList();
        List<Row> topLevel =
                ROWS.values().stream().filter(r -> isAction(r.action())).toList();
        if (taking.equals(topLevel)) {
            return "every action but user";
        }
        List<String> names = new ArrayList<>();
        for (Row r : taking) {
            boolean offlineOnly = !r.online().contains(option) && !option.equals("--offline");
            names.add(r.action() + (offlineOnly ? " --offline" : ""));
        }
        return String.join(", ", names);
    }

    private static Row server(String action, String notHere, String... options) {
        return new Row(action, union(SERVER, List.of(options)), null, notHere);
    }

    private static Row both(String action, List<String> online, List<String> offline) {
        return new Row(action, union(SERVER, online), union(OFFLINE, offline), null);
    }

    private static Set<String> union(Set<String> base, List<String> more) {
        Set<String> all = new LinkedHashSet<>(base);
        all.addAll(more);
        return Set.copyOf(all);
    }

    private static Map<String, Row> rows(Row... rows) {
        Map<String, Row> table = new LinkedHashMap<>();
        for (Row row : rows) {
            table.put(row.action(), row);
        }
        return Collections.unmodifiableMap(table);
    }
}
