package io.breakoutbot.ops.backup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The checks on names and link targets inside an archive that keep a restore inside its target. A name is a
 * relative path of plain segments separated by {@code /}: no {@code ..}, {@code .} or empty segment, no leading
 * {@code /}, no backslash (a separator on Windows, and a way to hide {@code ..\}), no NUL, no drive letter.
 */
final class EntryNames {

    static final int MAX_BYTES = 4096;

    private EntryNames() {}

    /**
     * @param raw the name as stored (a directory may end in {@code /})
     * @return the name without a trailing slash
     * @throws BadEntryException saying what is wrong
     */
    static String check(String raw) throws BadEntryException {
        if (raw == null || raw.isEmpty()) {
            throw new BadEntryException("", "an entry has an empty name");
        }
        String shown = printable(raw);
        if (raw.indexOf('\0') >= 0) {
            throw new BadEntryException(shown, "entry name contains a NUL character");
        }
        if (raw.indexOf('\\') >= 0) {
            throw new BadEntryException(shown, "entry name contains a backslash");
        }
        if (raw.startsWith("/")) {
            throw new BadEntryException(shown, "entry name is an absolute path");
        }
        if (raw.length() >= 2 && raw.charAt(1) == ':' && Character.isLetter(raw.charAt(0))) {
            throw new BadEntryException(shown, "entry name starts with a drive letter");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new BadEntryException(
                    shown.substring(0, 100) + "...", "entry name is longer than " + MAX_BYTES + " bytes");
        }
        String name = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new BadEntryException(shown, "entry name has an empty segment (// or a trailing slash)");
            }
            if (segment.equals("..")) {
                throw new BadEntryException(shown, "entry name contains '..'");
            }
            if (segment.equals(".")) {
                throw new BadEntryException(shown, "entry name contains a '.' segment");
            }
        }
        return name;
    }

    /**
     * Whether a symbolic link at {@code path} with {@code target} resolves inside the restore target (the root of
     * the archive's names). Absolute targets never do.
     */
    static boolean linkStaysInside(String path, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0 || target.indexOf('\\') >= 0) {
            return false;
        }
        Deque<String> stack = new ArrayDeque<>();
        String[] parents = path.split("/");
        for (int i = 0; i < parents.length - 1; i++) {
            stack.addLast(parents[i]);
        }
        for (String segment : target.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (stack.isEmpty()) {
                    return false;
                }
                stack.removeLast();
            } else {
                stack.addLast(segment);
            }
        }
        return true;
    }

    /** Links followed while resolving one link, as Linux's {@code MAXSYMLINKS}; more is a loop. */
    static final int MAX_HOPS = 40;

    /**
     * Resolves the link at {@code path} the way the kernel will once the tree exists: segment by segment, each
     * segment that names another link replaced by that link's target, so {@code ..} climbs from where the
     * earlier link really leads. {@link #linkStaysInside} judges names alone and cannot see that {@code data/x ->
     * y/../../outside} escapes once {@code data/y -> ..} exists, whichever of the two comes first.
     *
     * @param links    the target of the link at an entry path, or null for a path that is no link
     * @param replaced whether a top-level name is one the restore writes; any other name belongs to the live
     *                 target, which may hold a link of its own, so a resolution may not pass through it
     * @return null when the link stays inside, or why it does not
     */
    static String linkEscape(String path, String target, Function<String, String> links, Predicate<String> replaced) {
        Deque<String> stack = new ArrayDeque<>(List.of(path.split("/")));
        stack.removeLast();
        Deque<String> pending = new ArrayDeque<>(List.of(target.split("/")));
        int hops = 0;
        while (!pending.isEmpty()) {
            String segment = pending.removeFirst();
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (stack.isEmpty()) {
                    return "resolves outside the target";
                }
                stack.removeLast();
                continue;
            }
            if (stack.isEmpty() && !replaced.test(segment)) {
                return "resolves through " + printable(segment) + ", which the archive does not hold";
            }
            String at = stack.isEmpty() ? segment : String.join("/", stack) + "/" + segment;
            String next = links.apply(at);
            if (next == null) {
                stack.addLast(segment);
                continue;
            }
            if (++hops > MAX_HOPS) {
                return "resolves through more than " + MAX_HOPS + " links (a loop)";
            }
            if (next.isEmpty() || next.startsWith("/") || next.indexOf('\0') >= 0 || next.indexOf('\\') >= 0) {
                return "resolves through the link " + printable(at) + ", which points outside the target";
            }
            List<String> expanded = List.of(next.split("/"));
            for (int i = expanded.size() - 1; i >= 0; i--) {
                pending.addFirst(expanded.get(i));
            }
        }
        return null;
    }

    /** The name with control characters shown as {@code \\uXXXX}, for messages. */
    static String printable(String name) {
        if (name.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
