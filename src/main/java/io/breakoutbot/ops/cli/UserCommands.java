package io.breakoutbot.ops.cli;

import io.breakoutbot.ops.security.Role;
import io.breakoutbot.ops.security.Secrets;
import io.breakoutbot.ops.security.User;
import io.breakoutbot.ops.security.UserFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code opsctl user add|remove|list}: the REST users in {@code $OPS_HOME/state/users}, edited directly on
 * the file (no server needed; a running server reloads it). A new password is read from standard input
 * with {@code --password-stdin}, otherwise generated; a generated password or token is printed once and
 * stored only as a hash.
 */
final class UserCommands {

    static final String USAGE_TEXT = """
            usage: opsctl user add NAME [--role ops-reader|ops-admin] [--token | --password-stdin]
                   opsctl user remove NAME
                   opsctl user list
            """;

    private final UserFile file;
    private final InputStream in;
    private final PrintStream out;

    UserCommands(UserFile file, InputStream in, PrintStream out) {
        this.file = file;
        this.in = in;
        this.out = out;
    }

    /** @throws IllegalArgumentException for a usage error or a bad argument, with the sentence to print */
    int run(List<String> args) throws IOException {
        Deque<String> words = new ArrayDeque<>(args);
        String verb = words.isEmpty() ? "" : words.pop();
        switch (verb) {
            case "list" -> {
                requireEmpty(words);
                List<User> users = file.read();
                out.printf("%-24s %-12s %s%n", "user", "role", "credential");
                users.forEach(u -> out.printf("%-24s %-12s %s%n", u.name(), u.role().label(), u.hasToken() ? "token" : "password"));
                return Opsctl.OK;
            }
            case "remove" -> {
                String name = User.checkName(name(words, "remove"));
                requireEmpty(words);
                if (!file.remove(name)) {
                    throw new IllegalArgumentException("user " + name + " is not in " + file.path());
                }
                out.println("removed " + name + " from " + file.path());
                return Opsctl.OK;
            }
            case "add" -> {
                return add(words);
            }
            default -> throw new UsageException("give add, remove or list after user");
        }
    }

    private static String name(Deque<String> words, String verb) {
        if (words.isEmpty()) {
            throw new UsageException("user " + verb + " needs a NAME");
        }
        return words.pop();
    }

    private int add(Deque<String> words) throws IOException {
        String name = User.checkName(name(words, "add"));
        Role role = Role.READER;
        boolean token = false;
        boolean stdin = false;
        while (!words.isEmpty()) {
            String word = words.pop();
            switch (word) {
                case "--role" -> role = Role.of(words.isEmpty() ? "" : words.pop());
                case "--token" -> token = true;
                case "--password-stdin" -> stdin = true;
                default -> throw new UsageException("unknown argument '" + word + "'");
            }
        }
        if (token && stdin) {
            throw new UsageException("--token and --password-stdin do not go together");
        }
        String secret;
        if (token) {
            secret = Secrets.newToken();
        } else if (stdin) {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.length() < 12) {
                throw new IllegalArgumentException("the password on standard input must be at least 12 characters");
            }
            secret = line;
        } else {
            secret = Secrets.newPassword();
        }
        file.add(name, role, token ? Secrets.hashToken(secret) : Secrets.hashPassword(secret));
        out.println("added " + name + " (" + role.label() + ") to " + file.path());
        if (token) {
            out.println("token (shown once, send it as 'Authorization: Bearer <token>'): " + secret);
        } else if (!stdin) {
            out.println("password (shown once): " + secret);
        }
        return Opsctl.OK;
    }

    private static void requireEmpty(Deque<String> words) {
        if (!words.isEmpty()) {
            throw new UsageException("unexpected argument '" + words.peek() + "'");
        }
    }

    /** A command line that does not parse: exit 64 and the usage text. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
