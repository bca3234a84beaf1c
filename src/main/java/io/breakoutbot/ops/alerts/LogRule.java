package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.logs.LineLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rule of {@code ops.alerts.logRules}: which log lines should raise an alert, e.g.
 * {@code exchange-disconnect: level>=ERROR message~"(?i)exchange.*disconnect"} or
 * {@code error-burst: level>=ERROR rate>10/1m}.
 *
 * <p>Syntax, {@code <name>: <term> <term> ...}, terms separated by spaces, in any order, each at most once:
 * <ul>
 *   <li>{@code level>=X} (X or more severe) or {@code level=X} (exactly X); X one of TRACE, DEBUG, INFO, WARN
 *       (or WARNING), ERROR, CRITICAL (or FATAL), any case. A line whose level cannot be read never matches
 *       a level term;</li>
 *   <li>{@code message~"regex"}: a Java regular expression found anywhere in the message (a JSON line's
 *       {@code message} or {@code msg}, otherwise the whole line); inside the quotes a backslash keeps the
 *       next character, so {@code \"} is a quote and {@code \d} a digit;</li>
 *   <li>{@code file~"glob"}: only log files whose name matches ({@code *}, {@code ?}, {@code [abc]},
 *       {@code {a,b}}), e.g. {@code file~"bot*.log"}; default every followed log (the files the globs of
 *       {@code ops.rotation.rules} name, and our own);</li>
 *   <li>{@code rate>N/D}: the rule holds when more than N matching lines came within the last D (a sliding
 *       window), e.g. {@code rate>10/1m}; N from 0 to {@value #MAX_RATE}; without it, every matching line
 *       holds it;</li>
 *   <li>{@code quiet=D}: the alert resolves once the rule has not held for D (default 5m);</li>
 *   <li>{@code severity=warning} or {@code severity=critical} (default critical).</li>
 * </ul>
 * A rule needs a {@code level} or a {@code message} term. Durations as elsewhere: {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 1d}. The name ({@code [a-z0-9][a-z0-9_.-]*}, at most 64 characters) becomes
 * the alert's {@code alertname}; names are unique. Quoted values may hold {@code ;} and spaces.
 *
 * @param name     the rule's name, the alert's {@code alertname}
 * @param level    the level a line needs, or null for any (then lines without a level match too)
 * @param exact    whether {@code level} must be met exactly ({@code level=}) rather than at least ({@code level>=})
 * @param message  found in the message, or null for any message
 * @param file     the glob file names must match, or null for every file
 * @param over     with a window: more than this many matching lines within it hold the rule, 0 or more
 * @param window   the sliding window of {@code rate>}, or null when every matching line holds the rule
 * @param quiet    how long the rule must not hold before its alert resolves
 * @param severity WARNING or CRITICAL
 * @param text     the rule as written, trimmed
 */
public record LogRule(
        String name,
        LineLevel level,
        boolean exact,
        Pattern message,
        String file,
        long over,
        Duration window,
        Duration quiet,
        Severity severity,
        String text) {

    public static final Duration DEFAULT_QUIET = Duration.ofMinutes(5);
    /** Largest N of {@code rate>N/D}: the engine keeps the times of the last N + 1 matching lines. */
    public static final long MAX_RATE = 100_000;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    public LogRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(severity, "severity");
        if (severity != Severity.WARNING && severity != Severity.CRITICAL) {
            throw new IllegalArgumentException("A log rule's severity is warning or critical, not " + severity);
        }
    }

    /** Whether a line of this level, with this message, passes the level and message terms. */
    public boolean matches(LineLevel lineLevel, String lineMessage) {
        return levelMatches(lineLevel)
                && (message == null || message.matcher(lineMessage).find());
    }

    /** Whether a line of this level (null: none could be read) passes the level term. */
    public boolean levelMatches(LineLevel lineLevel) {
        return level == null || (lineLevel != null && (exact ? lineLevel == level : lineLevel.atLeast(level)));
    }

    /** Whether lines of this file are for this rule. */
    public boolean appliesTo(String fileName) {
        return file == null || globRegex(file).matcher(fileName).matches();
    }

    /**
     * Parses {@code ops.alerts.logRules}: rules separated by {@code ;} (outside quotes); blank ones are skipped.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public static List<LogRule> parseAll(String setting) {
        List<LogRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String text : split(setting == null ? "" : setting)) {
            if (text.isBlank()) {
                continue;
            }
            LogRule rule = parse(text);
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule '" + rule.name() + "' is defined twice; names are unique");
            }
            rules.add(rule);
        }
        return List.copyOf(rules);
    }

    /**
     * Parses one rule, {@code <name>: <term> ...}.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public static LogRule parse(String ruleText) {
        String text = ruleText.trim();
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "rule '" + text + "' needs a name and a colon first, e.g. 'exchange-down: level>=ERROR'");
        }
        String name = text.substring(0, colon).trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rule '" + text + "': the name '" + name
                    + "' must be lower-case letters, digits, '_', '.' or '-', starting with a letter or digit, "
                    + "at most 64 characters");
        }
        Terms terms = new Terms(name, text);
        int i = colon + 1;
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                break;
            }
            i = terms.read(text, i);
        }
        return terms.rule();
    }

    /** The text between {@code ;} outside double quotes. */
    static List<String> split(String setting) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < setting.length(); i++) {
            char c = setting.charAt(i);
            if (quoted && c == '\\' && i + 1 < setting.length()) {
                part.append(c).append(setting.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    /** The terms of one rule as they are read. */
    private static final class Terms {
        final String name;
        final String text;
        final Set<String> seen = new HashSet<>();
        LineLevel level;
        boolean exact;
        Pattern message;
        String file;
        long over;
        Duration window;
        Duration quiet = DEFAULT_QUIET;
        Severity severity = Severity.CRITICAL;

        Terms(String name, String text) {
            this.name = name;
            this.text = text;
        }

        /** Reads the term at {@code i}; returns where it ends. */
        int read(String s, int i) {
            int keyStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String key = s.substring(keyStart, i).toLowerCase(Locale.ROOT);
            String op;
            if (s.startsWith(">=", i)) {
                op = ">=";
            } else if (i < s.length() && "=~>".indexOf(s.charAt(i)) >= 0) {
                op = String.valueOf(s.charAt(i));
            } else {
                throw wrong(
                        "'" + termAt(s, keyStart) + "' is not a term; terms are level>=X, level=X, "
                                + "message~\"regex\", file~\"glob\", rate>N/duration, quiet=duration, severity=warning|critical");
            }
            i += op.length();
            String value;
            if (i < s.length() && s.charAt(i) == '"') {
                int end = closingQuote(s, i);
                if (end < 0) {
                    throw wrong("the quote after " + key + op + " is not closed");
                }
                value = s.substring(i + 1, end);
                i = end + 1;
                if (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    throw wrong("a space must follow the closing quote of " + key + op + "\"" + value + "\"");
                }
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                value = s.substring(start, i);
            }
            if (value.isEmpty()) {
                throw wrong(key + op + " needs a value");
            }
            if (!seen.add(key)) {
                throw wrong("'" + key + "' is given twice");
            }
            term(key, op, value);
            return i;
        }

        private void term(String key, String op, String value) {
            switch (key + op) {
                case "level>=", "level=" -> {
                    level = LineLevel.parse(value);
                    if (level == null) {
                        throw wrong(
                                "unknown level '" + value + "'; levels are TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL");
                    }
                    exact = op.equals("=");
                }
                case "message~" -> {
                    try {
                        message = Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        throw wrong("the regex \"" + value + "\" does not compile: " + e.getDescription()
                                + " near index " + e.getIndex());
                    }
                }
                case "file~" -> {
                    if (value.contains("/")) {
                        throw wrong("file~\"" + value + "\" must be a file name pattern, without '/'");
                    }
                    try {
                        globRegex(value);
                    } catch (PatternSyntaxException e) {
                        throw wrong("file~\"" + value + "\" is not a glob: " + e.getDescription());
                    }
                    file = value;
                }
                case "rate>" -> {
                    int slash = value.indexOf('/');
                    if (slash < 1 || !value.substring(0, slash).matches("\\d{1,9}")) {
                        throw wrong("rate>" + value + " must read rate>N/duration, e.g. rate>10/1m");
                    }
                    over = Long.parseLong(value.substring(0, slash));
                    if (over > MAX_RATE) {
                        throw wrong("rate>" + value + ": N must be from 0 to " + MAX_RATE);
                    }
                    window = duration("rate>" + value, value.substring(slash + 1));
                }
                case "quiet=" -> quiet = duration("quiet=" + value, value);
                case "severity=" ->
                    severity = switch (value.toLowerCase(Locale.ROOT)) {
                        case "warning" -> Severity.WARNING;
                        case "critical" -> Severity.CRITICAL;
                        default -> throw wrong("severity must be warning or critical, not '" + value + "'");
                    };
                default ->
                    throw wrong(
                            "'" + key + op + value + "' is not a term; terms are level>=X, level=X, "
                                    + "message~\"regex\", file~\"glob\", rate>N/duration, quiet=duration, severity=warning|critical");
            }
        }

        private Duration duration(String term, String value) {
            Duration d;
            try {
                d = Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw wrong(term + ": '" + value + "' is not a duration such as 30s, 5m or 1h");
            }
            if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_DURATION) > 0) {
                throw wrong(term + ": the duration must be from 1s to 1d");
            }
            return d;
        }

        LogRule rule() {
            if (level == null && message == null) {
                throw wrong("needs a level>= (or level=) or a message~ term");
            }
            return new LogRule(name, level, exact, message, file, over, window, quiet, severity, text);
        }

        IllegalArgumentException wrong(String what) {
            return new IllegalArgumentException("rule '" + name + "': " + what);
        }

        private static String termAt(String s, int from) {
            int end = from;
            while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
                end++;
            }
            return s.substring(from, end);
        }
    }

    /** Index of the quote closing the one at {@code open}, a backslash keeping the next character; -1 if none. */
    private static int closingQuote(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** A glob over one file name as a regex: {@code *}, {@code ?}, {@code [...]}, {@code {a,b}}. */
    static Pattern globRegex(String glob) {
        StringBuilder re = new StringBuilder();
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        throw new PatternSyntaxException("unclosed [", glob, i);
                    }
                    String set = glob.substring(i + 1, end);
                    re.append('[')
                            .append(set.startsWith("!") ? "^" + set.substring(1) : set)
                            .append(']');
                    i = end;
                }
                case '{' -> {
                    if (inGroup) {
                        throw new PatternSyntaxException("nested {", glob, i);
                    }
                    inGroup = true;
                    re.append("(?:");
                }
                case '}' -> {
                    if (!inGroup) {
                        throw new PatternSyntaxException("} without {", glob, i);
                    }
                    inGroup = false;
                    re.append(')');
                }
                case ',' -> re.append(inGroup ? "|" : ",");
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inGroup) {
            throw new PatternSyntaxException("unclosed {", glob, glob.length());
        }
        return Pattern.compile(re.toString());
    }
}
