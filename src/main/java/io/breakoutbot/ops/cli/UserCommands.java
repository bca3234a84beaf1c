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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code opsctl user add|remove|list}: the REST users in {@code $OPS_HOME/state/users}, edited directly on
 * the file (no server needed; a running server reloads it). A new password is read from standard input
 * with {@code --password-stdin}, otherwise generated; a generated password or token is printed once and
 * stored only as a hash. picocli calls the three methods as the subcommands of {@code user}.
 */
@Command(
        name = "user",
        separator = " ",
        usageHelpWidth = Opsctl.HELP_WIDTH,
        synopsisHeading = "",
        customSynopsis = UserCommands.USAGE_TEXT,
        descriptionHeading = "",
        optionListHeading = "%n",
        description = "the REST users in $OPS_HOME/state/users; no server needed, a running one reloads them",
        commandListHeading = "%nCommands:%n")
final class UserCommands implements Callable<Integer> {

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

    Path path() {
        return file.path();
    }

    /** {@code opsctl user} without add, remove or list. */
    @Override
    public Integer call() {
        throw new UsageException("give add, remove or list after user");
    }

    @Command(
            name = "list",
            separator = " ",
            description = "the users, their roles and whether each has a password or a token")
    int list() throws IOException {
        List<User> users = file.read();
        out.printf("%-24s %-12s %s%n", "user", "role", "credential");
        users.forEach(
                u -> out.printf("%-24s %-12s %s%n", u.name(), u.role().label(), u.hasToken() ? "token" : "password"));
        return Opsctl.OK;
    }

    @Command(
            name = "remove",
            separator = " ",
            description = "removes a user; the server refuses it from the next request on")
    int remove(@Parameters(paramLabel = "NAME", description = "the user") String given) throws IOException {
        String name = User.checkName(given);
        if (!file.remove(name)) {
            throw new IllegalArgumentException("user " + name + " is not in " + file.path());
        }
        out.println("removed " + name + " from " + file.path());
        return Opsctl.OK;
    }

    /** @throws IllegalArgumentException for a bad name, role or password, with the sentence to print */
    @Command(name = "add", separator = " ", description = "adds a user with a generated password, printed once")
    int add(
            @Parameters(paramLabel = "NAME", description = "1 to 64 of A-Z a-z 0-9 . _ @ -") String given,
            @Option(names = "--role", paramLabel = "ROLE", description = "ops-reader (the default) or ops-admin")
                    String roleLabel,
            @Option(names = "--token", description = "a bearer token instead of a password, printed once")
                    boolean token,
            @Option(names = "--password-stdin", description = "the password from the first line of standard input")
                    boolean stdin)
            throws IOException {
        String name = User.checkName(given);
        Role role = roleLabel == null ? Role.READER : Role.of(roleLabel);
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
}
