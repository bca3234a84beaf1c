package io.breakoutbot.ops.logs;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link LogSearch} looks for. Every filter that is set must match (AND); within {@code levels} and
 * within {@code components} any value may match (OR). Invalid values throw {@link InvalidQueryException}
 * naming the parameter.
 *
 * @param levels     exact levels (TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL; any case); empty means every
 *                   level. {@link #minimum(String)} turns "WARN and above" into such a set
 * @param components components, e.g. {@code risk}, {@code api} (any case, compared lower-cased); empty means
 *                   all. Another process's entry has its logger name as its component
 * @param sources    which logs: {@value #OURS} (our five), {@value #OTHERS} (every other process's log), or a
 *                   log's name ({@code bot.log}, {@code api.log}: that log and its rotated generations); the
 *                   keywords in any case, names exactly; empty means every log
 * @param since      oldest timestamp included, or null for no lower bound
 * @param until      newest timestamp included, or null for no upper bound; not before {@code since}
 * @param text       case-insensitive substring of the message, or null (an empty text is null)
 * @param limit      entries per page, 1 to 1000
 * @param cursor     {@link LogPage#nextCursor()} of the previous page, or null for the newest page
 */
public record LogQuery(
        Set<String> levels,
        Set<String> components,
        Set<String> sources,
        Instant since,
        Instant until,
        String text,
        int limit,
        String cursor) {

    public static final int MAX_LIMIT = 1000;
    /** Most severe last, as logback orders them; CRITICAL is Python's level above ERROR. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "CRITICAL");
    /** Longer texts are refused: they cannot be a log message fragment anyone types. */
    public static final int MAX_TEXT_LENGTH = 1000;
    /** The {@code sources} value for our own five logs. */
    public static final String OURS = "ops";
    /** The {@code sources} value for every other process's log. */
    public static final String OTHERS = "others";
    /** A log's name as the search lists logs: a file name ending in {@code .log}, never a path. */
    private static final Pattern LOG_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,250}\\.log");

    public LogQuery {
        levels = normalizedLevels(levels, "levels");
        components = normalizedComponents(components);
        sources = normalizedSources(sources);
        if (since != null && until != null && since.isAfter(until)) {
            throw new InvalidQueryException("since", "since must be before until, not " + since + " after " + until);
        }
        if (text != null && text.isEmpty()) {
            text = null;
        }
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidQueryException(
                    "text", "text must be at most " + MAX_TEXT_LENGTH + " characters, not " + text.length());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit", "limit must be from 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (cursor != null && cursor.isEmpty()) {
            cursor = null;
        }
    }

    /** Every log, ours and other processes'. */
    public LogQuery(
            Set<String> levels,
            Set<String> components,
            Instant since,
            Instant until,
            String text,
            int limit,
            String cursor) {
        this(levels, components, Set.of(), since, until, text, limit, cursor);
    }

    /** The newest {@code limit} entries, no filter. */
    public static LogQuery newest(int limit) {
        return new LogQuery(Set.of(), Set.of(), null, null, null, limit, null);
    }

    /** The same filters, continuing after {@code nextCursor} (null: from the newest entry). */
    public LogQuery withCursor(String nextCursor) {
        return new LogQuery(levels, components, sources, since, until, text, limit, nextCursor);
    }

    /** The same query restricted to {@code only} (see {@code sources}). */
    public LogQuery withSources(Set<String> only) {
        return new LogQuery(levels, components, only, since, until, text, limit, cursor);
    }

    /**
     * @param level a level name, any case
     * @return that level and every more severe one: {@code "WARN"} gives WARN, ERROR and CRITICAL
     * @throws InvalidQueryException on parameter {@code level} for an unknown level
     */
    public static Set<String> minimum(String level) {
        int from = LEVELS.indexOf(canonicalLevel(level, "level"));
        return Set.copyOf(LEVELS.subList(from, LEVELS.size()));
    }

    private static Set<String> normalizedLevels(Set<String> levels, String parameter) {
        if (levels == null || levels.isEmpty()) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        for (String level : levels) {
            result.add(canonicalLevel(level, parameter));
        }
        return Set.copyOf(result);
    }

    private static String canonicalLevel(String level, String parameter) {
        String upper = level == null ? "" : level.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new InvalidQueryException(
                    parameter, "unknown level '" + level + "'; levels are " + String.join(", ", LEVELS));
        }
        return upper;
    }

    private static Set<String> normalizedSources(Set<String> sources) {
        if (sources == null || sources.isEmpty()) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        for (String source : sources) {
            String s = source == null ? "" : source.trim();
            String keyword = s.toLowerCase(Locale.ROOT);
            if (keyword.equals(OURS) || keyword.equals(OTHERS)) {
                result.add(keyword);
            } else if (LOG_NAME.matcher(s).matches()) {
                result.add(s);
            } else {
                throw new InvalidQueryException(
                        "sources",
                        "source must be " + OURS + ", " + OTHERS + " or the name of a log such as bot.log, not '"
                                + source + "'");
            }
        }
        return Set.copyOf(result);
    }

    private static Set<String> normalizedComponents(Set<String> components) {
        if (components == null || components.isEmpty()) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        for (String component : components) {
            if (component == null || component.isBlank()) {
                throw new InvalidQueryException("components", "a component must not be blank");
            }
            // Component.of lower-cases what it routes by, so the files only hold lower-case components.
            result.add(component.trim().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(result);
    }
}
