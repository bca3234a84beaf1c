package io.breakoutbot.ops.bot;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command that restarts the bot: a program and its arguments, run without a shell, so no word of it is
 * ever expanded, globbed or split again.
 *
 * @param argv the program's absolute path first, then the arguments
 */
public record RestartCommand(List<String> argv) {

    public RestartCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || !Path.of(argv.get(0)).isAbsolute()) {
            throw new IllegalArgumentException("A restart command starts with an absolute program path.");
        }
    }

    /**
     * Splits the text on spaces; the first word is an absolute path to an executable file, or a name found
     * in {@code searchPath} (the {@code PATH}), which is then replaced by its absolute path.
     *
     * @param searchPath directories separated by {@link File#pathSeparator}, or null
     * @throws IllegalArgumentException with a sentence for an operator
     */
    public static RestartCommand parse(String text, String searchPath) {
        List<String> words = text == null
                ? List.of()
                : Arrays.stream(text.trim().split(" +"))
                        .filter(w -> !w.isEmpty())
                        .toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException(
                    "must be a program followed by its arguments, like " + "/usr/bin/systemctl restart breakout-bot");
        }
        String program = words.get(0);
        Path found;
        if (program.contains("/")) {
            found = executable(program);
            if (found == null || !found.isAbsolute()) {
                throw new IllegalArgumentException("must start with an absolute path to an executable file or a "
                        + "program name found on PATH; " + program + " is not");
            }
        } else {
            found = onPath(program, searchPath);
            if (found == null) {
                throw new IllegalArgumentException(
                        "must start with an absolute path to an executable file or a program name found on PATH; "
                                + program + " is not on PATH (" + searchPath + ")");
            }
        }
        List<String> argv = new ArrayList<>(words);
        argv.set(0, found.toString());
        return new RestartCommand(argv);
    }

    static Path onPath(String name, String searchPath) {
        if (searchPath == null) {
            return null;
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue; // a relative PATH entry would depend on the working directory
            }
            Path candidate = executable(dir + "/" + name);
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static Path executable(String text) {
        try {
            Path path = Path.of(text);
            return path.isAbsolute() && Files.isRegularFile(path) && Files.isExecutable(path) ? path.normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The words as they run, separated by spaces. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
