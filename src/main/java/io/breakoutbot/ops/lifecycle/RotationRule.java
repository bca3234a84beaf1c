package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.config.ByteSize;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which files of other processes are rotated, at what size and how. Written in settings as
 * {@code <glob> <size> [rename|copytruncate]}, several separated by {@code ;}, first match wins:
 * {@code bot-*.log 20MB; legacy.log 5MB copytruncate; *.log 10MB}.
 *
 * @param glob     file names it applies to
 * @param maxBytes size from which the file is rotated at the next check
 * @param method   how
 */
public record RotationRule(String glob, long maxBytes, RotationMethod method) {

    public boolean matches(String fileName) {
        return matcher().matches(Path.of(fileName));
    }

    private PathMatcher matcher() {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    /** @throws IllegalArgumentException naming the rule that cannot be read */
    public static List<RotationRule> parseAll(String text) {
        List<RotationRule> rules = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                rules.add(parse(part.trim()));
            }
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("must list at least one rule like '*.log 10MB'");
        }
        return List.copyOf(rules);
    }

    static RotationRule parse(String rule) {
        String[] words = rule.split("\\s+");
        String shape = "rule '" + rule + "' must read '<glob> <size> [rename|copytruncate]', like '*.log 10MB'";
        if (words.length < 2 || words.length > 3 || words[0].contains("/")) {
            throw new IllegalArgumentException(shape);
        }
        long size;
        try {
            size = ByteSize.parse(words[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(shape);
        }
        RotationMethod method = RotationMethod.RENAME;
        if (words.length == 3) {
            try {
                method = RotationMethod.valueOf(words[2].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(shape);
            }
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + words[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule + "' has a glob that cannot be read: " + e.getMessage());
        }
        return new RotationRule(words[0], size, method);
    }

    @Override
    public String toString() {
        return glob + " " + ByteSize.format(maxBytes) + " " + method.name().toLowerCase(Locale.ROOT);
    }
}
