package io.breakoutbot.ops.cli;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.backup.BackupInfo;
import io.breakoutbot.ops.backup.BackupListing;
import io.breakoutbot.ops.backup.BackupMXBean;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.backup.RestoreResult;
import io.breakoutbot.ops.backup.VerifyResult;
import io.breakoutbot.ops.bot.BotMXBean;
import io.breakoutbot.ops.bot.BotState;
import io.breakoutbot.ops.bot.BotStatus;
import io.breakoutbot.ops.config.ByteSize;
import io.breakoutbot.ops.config.InvalidSettingException;
import io.breakoutbot.ops.jobs.JobBusyException;
import io.breakoutbot.ops.lifecycle.ArchiveResult;
import io.breakoutbot.ops.lifecycle.LifecycleSettings;
import io.breakoutbot.ops.lifecycle.LogArchiver;
import io.breakoutbot.ops.lifecycle.LogLifecycle;
import io.breakoutbot.ops.lifecycle.LogStats;
import io.breakoutbot.ops.lifecycle.LogUsage;
import io.breakoutbot.ops.lifecycle.MaintenanceMXBean;
import io.breakoutbot.ops.lifecycle.RemovedFile;
import io.breakoutbot.ops.lifecycle.RetentionPolicy;
import io.breakoutbot.ops.lifecycle.RotationFailures;
import io.breakoutbot.ops.lifecycle.RotationResult;
import io.breakoutbot.ops.lifecycle.RotationRule;
import io.breakoutbot.ops.lifecycle.SweepResult;
import io.breakoutbot.ops.logs.LogSummaries;
import io.breakoutbot.ops.monitoring.MetricState;
import io.breakoutbot.ops.monitoring.ResourceMetricsMXBean;
import io.breakoutbot.ops.security.UserFile;
import io.breakoutbot.ops.startup.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code jmx/opsctl}: the Maintenance operations from a shell or cron, in the words of the operations manual's scripts
 * ({@code --cleanup --days 7}, {@code --stats}, {@code --setup}). It talks to the running server over
 * remote JMX with the credentials {@code deploy/run.sh} created (over SSL once {@code jmx/ssl-setup} has
 * written {@code $OPS_HOME/jmx/client-ssl.properties}); with {@code --offline} it runs the same code directly on
 * the server's log directory (or {@code --log-dir DIR}), with the server's settings, for when no server runs.
 * {@code opsctl user add|remove|list} manages the REST users in {@code $OPS_HOME/state/users}.
 *
 * <p>picocli parses the command line ({@link Line}, {@link UserCommands}); {@link OptionTable} says which options
 * each action takes. Exit codes follow sysexits.h: 0 done, 64 usage, 65 bad argument, 69 server unreachable,
 * 75 another job is running or (offline) a server runs on the directory (try later), 77 not allowed, 78 an
 * invalid setting (offline), 70 anything else. Errors are one line; a usage error
 * is followed by the usage.
 */
public final class Opsctl {

    static final int OK = 0;
    static final int USAGE = 64;
    static final int BAD_ARGUMENT = 65;
    static final int UNAVAILABLE = 69;
    static final int FAILED = 70;
    static final int BUSY = 75;
    static final int NOT_ALLOWED = 77;
    static final int CONFIG = 78;

    static final String USAGE_TEXT = """
            usage: opsctl ACTION [OPTIONS]
              actions:  --metrics | --stats | --cleanup [--days N] | --preview [--days N] | --rotate [LOG]
                        | --archive | --setup
              backups:  --backup | --list-backups [--remote] | --verify NAME | --drill [--remote]
                        | --restore NAME [--from-remote] --target DIR [--dry-run]
              bot:      --bot-status | --bot-restart | --bot-pause | --bot-resume
              json:     --json with --metrics, --stats, --preview, --list-backups or --bot-status
              server:   [--jmx HOST:PORT] [--user NAME] [--password-file FILE]
                        defaults: 127.0.0.1:$OPS_JMX_PORT (9010), ops-admin, $OPS_HOME/jmx/credentials
              offline:  --offline [--log-dir DIR] [--archive-dir DIR] [--backups N] [--max-total-size SIZE]
                        [--rules 'GLOB SIZE [rename|copytruncate]; ...'] [--force]
                        defaults: the server's log directory and settings, as it reads them
            """ + UserCommands.USAGE_TEXT;

    /** Columns of {@code --help}: the usage lines are wider than picocli's default 80. */
    static final int HELP_WIDTH = 100;

    /** Actions that run on the Backup MXBean. */
    static final Set<String> BACKUP_ACTIONS = Set.of("--backup", "--list-backups", "--verify", "--restore", "--drill");

    /** Actions that run on the Bot MXBean. */
    static final Set<String> BOT_ACTIONS = Set.of("--bot-status", "--bot-restart", "--bot-pause", "--bot-resume");

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Map<String, String> systemProperties;

    /** Without system properties, so that only {@code env} and {@code ops.properties} speak for the server. */
    Opsctl(PrintStream out, PrintStream err, Map<String, String> env) {
        this(InputStream.nullInputStream(), out, err, env, Map.of());
    }

    Opsctl(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this(in, out, err, env, Map.of());
    }

    /**
     * @param env              the environment: {@code OPS_HOME}, {@code OPS_JMX_PORT}, {@code PATH} (for flock) and,
     *                         offline, the server's settings as {@code OPS_*}
     * @param systemProperties offline, the server's settings as {@code ops.*} keys, which win over {@code env}
     */
    Opsctl(
            InputStream in,
            PrintStream out,
            PrintStream err,
            Map<String, String> env,
            Map<String, String> systemProperties) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.systemProperties = systemProperties;
    }

    public static void main(String[] args) {
        // The library code logs through SLF4J; a command-line tool should only print its answer.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
        Properties jvm = System.getProperties();
        Map<String, String> systemProperties = new HashMap<>();
        jvm.stringPropertyNames().forEach(key -> systemProperties.put(key, jvm.getProperty(key)));
        System.exit(new Opsctl(System.in, System.out, System.err, System.getenv(), systemProperties).run(args));
    }

    /**
     * One command line as picocli fills it in. A new one for every run: picocli resets each option to the value its
     * field held when the model was built. {@link OptionTable} checks it before {@link #call()} runs it.
     */
    @Command(
            name = "opsctl",
            preprocessor = OptionValues.class,
            separator = " ",
            sortOptions = false,
            usageHelpWidth = HELP_WIDTH,
            synopsisHeading = "",
            customSynopsis = USAGE_TEXT,
            descriptionHeading = "",
            description = "Operator client for breakout-ops' MXBeans, for shells and cron: the "
                    + "maintenance and backup operations over remote JMX, or with --offline directly on a log directory. Give "
                    + "one action; an option the action does not take is a usage error.",
            optionListHeading = "%n",
            commandListHeading = "%nCommands:%n",
            exitCodeListHeading = "%nExit codes (sysexits.h):%n",
            exitCodeList = {
                OK + ":done; for --backup, --verify, --restore, --drill, --bot-* only when the outcome is good",
                USAGE + ":usage: the command line does not parse, or gives an option its action does not take",
                BAD_ARGUMENT + ":bad argument: a value the action refuses (--days out of range, a missing directory)",
                UNAVAILABLE
                        + ":unavailable: the server's JMX, the credentials file or (--offline) flock cannot be used",
                FAILED + ":failed: anything else, such as a backup that did not verify or a bot that is DOWN",
                BUSY + ":busy: another maintenance or backup job is running (--offline: a server is); try later",
                NOT_ALLOWED + ":not allowed: the JMX user may not do this (ops-reader asking for a cleanup)",
                CONFIG + ":config: --offline: a setting the server would read is invalid (the line names it)"
            },
            footerHeading = "%n",
            footer = {
                "Connects to 127.0.0.1:$OPS_JMX_PORT (9010) as ops-admin with the password from",
                "$OPS_HOME/jmx/credentials (jmx/opsctl sets OPS_HOME to <repository>/var unless it is set), as",
                "deploy/run.sh set them up; over SSL when jmx/ssl-setup has written",
                "$OPS_HOME/jmx/client-ssl.properties. Errors are one line on standard error; a usage error is",
                "followed by the usage.",
                "",
                "With --offline, an option not given takes the server's setting, read as the server reads it:",
                "-Dops.* system properties (jmx/opsctl passes on those in OPS_JAVA_OPTS), OPS_* environment",
                "variables, $OPS_HOME/ops.properties, then the defaults. It refuses (75) while a server holds",
                "$OPS_HOME/run/instance.lock and the directory is that server's; --force runs anyway."
            })
    final class Line implements Callable<Integer> {

        @ArgGroup(validate = false, heading = "%nActions (give one):%n", order = 1)
        Actions actions = new Actions();

        @ArgGroup(validate = false, heading = "%nOptions of some actions:%n", order = 2)
        ActionOptions options = new ActionOptions();

        @ArgGroup(validate = false, heading = "%nServer (every action but user; not with --offline):%n", order = 3)
        Server server = new Server();

        @ArgGroup(
                validate = false,
                heading = "%nOffline (no server; --stats, --cleanup, --preview, --rotate, --archive):%n",
                order = 4)
        Offline offline = new Offline();

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                scope = ScopeType.INHERIT,
                description = "show this help")
        boolean help;

        /** The action the table found: {@code --stats}, or {@code user add}. */
        String action;

        @Override
        public Integer call() throws IOException {
            return offline.offline ? offline(this) : online(this);
        }

        /** {@code --days}, or the server's age limit when it is not given. */
        int days(IntSupplier server) {
            if (options.days == null) {
                return server.getAsInt();
            }
            try {
                return Integer.parseInt(options.days);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--days must be a whole number of days, not '" + options.days + "'.");
            }
        }
    }

    /** The actions, one of which a command line gives; picocli lists them under their heading in this order. */
    static final class Actions {
        @Option(names = "--metrics", description = "CPU, memory, disk, fds: value, state, levels; threads")
        boolean metrics;

        @Option(names = "--stats", description = "statistics of the log directory")
        boolean stats;

        @Option(names = "--cleanup", description = "the log cleanup: all retention rules, age limit --days")
        boolean cleanup;

        @Option(names = "--preview", description = "what --cleanup would delete, and why; deletes nothing")
        boolean preview;

        @Option(
                names = "--rotate",
                arity = "0..1",
                paramLabel = "LOG",
                description =
                        "rotate every non-empty log now, or only LOG (a file name in the log directory); exit 70 when one"
                                + " could not be rotated")
        String rotate;

        @Option(names = "--archive", description = "write logs_archive_YYYYmmdd_HHMMSS.tar.gz of the log directory")
        boolean archive;

        @Option(names = "--setup", description = "re-read the logging settings and reopen the log files")
        boolean setup;

        @Option(names = "--backup", description = "write a backup now and verify it; exit 0 only when it verified")
        boolean backup;

        @Option(names = "--list-backups", description = "the archives in the backup directory, newest first")
        boolean listBackups;

        @Option(
                names = "--verify",
                paramLabel = "NAME",
                description = "check an archive against its .sha256 and manifest")
        String verify;

        @Option(names = "--restore", paramLabel = "NAME", description = "restore an archive into --target DIR")
        String restore;

        @Option(names = "--drill", description = "restore the newest backup into scratch and verify every checksum")
        boolean drill;

        @Option(
                names = "--bot-status",
                description = "the bot's last check: status, reason, process figures, restarts; exit 70 when DOWN")
        boolean botStatus;

        @Option(names = "--bot-restart", description = "run ops.bot.restartCommand now; exit 0 only when it exited 0")
        boolean botRestart;

        @Option(names = "--bot-pause", description = "pause the bot's automatic restarts")
        boolean botPause;

        @Option(
                names = "--bot-resume",
                description = "resume the bot's automatic restarts, after a pause or the loop guard")
        boolean botResume;
    }

    static final class ActionOptions {
        @Option(
                names = "--days",
                paramLabel = "N",
                description = "--cleanup, --preview: age limit in days, 1 to 3650 (default: the server's setting, "
                        + "ops.retention.days)")
        String days;

        @Option(
                names = "--json",
                description = "--metrics, --stats, --preview, --list-backups, --bot-status: one line of JSON")
        boolean json;

        @Option(
                names = "--target",
                paramLabel = "DIR",
                description = "--restore: the directory that receives data/, logs/ and .env")
        String target;

        @Option(names = "--dry-run", description = "--restore: check everything and write nothing")
        boolean dryRun;

        @Option(
                names = "--remote",
                description = "--list-backups, --drill: this host's copies in the remote (ops.remote.url), not the"
                        + " backup directory")
        boolean remote;

        @Option(
                names = "--from-remote",
                description = "--restore: download NAME from the remote, refused unless it matches its .sha256")
        boolean fromRemote;
    }

    static final class Server {
        @Option(names = "--jmx", paramLabel = "HOST:PORT", description = "the server's JMX (127.0.0.1:$OPS_JMX_PORT)")
        String jmx;

        @Option(
                names = "--user",
                paramLabel = "NAME",
                defaultValue = "ops-admin",
                description = "JMX user (${DEFAULT-VALUE})")
        String user;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "lines of 'USER PASSWORD' ($OPS_HOME/jmx/credentials)")
        String passwordFile;
    }

    static final class Offline {
        @Option(names = "--offline", description = "run on the log directory itself, without a server")
        boolean offline;

        @Option(
                names = "--log-dir",
                paramLabel = "DIR",
                description = "the log directory (default: the server's, $OPS_HOME/logs)")
        String logDir;

        @Option(
                names = "--rules",
                paramLabel = "'GLOB SIZE [rename|copytruncate]; ...'",
                description = "--stats, --cleanup, --preview, --rotate: rotation rules (default: the server's "
                        + "setting, ops.rotation.rules)")
        String rules;

        @Option(
                names = "--backups",
                paramLabel = "N",
                description = "--cleanup, --preview: rotated files kept per log (default: the server's setting, "
                        + "ops.logs.backups)")
        String backups;

        @Option(
                names = "--max-total-size",
                paramLabel = "SIZE",
                description = "--cleanup, --preview: size cap of the directory (default: the server's setting, "
                        + "ops.retention.maxTotalSize)")
        String maxTotalSize;

        @Option(
                names = "--archive-dir",
                paramLabel = "DIR",
                description = "--archive: where archives go (default: for the server's log directory the server's "
                        + "setting, ops.archive.dir; archives/ next to any other)")
        String archiveDir;

        @Option(names = "--force", description = "run even while a server holds $OPS_HOME/run/instance.lock")
        boolean force;
    }

    int run(String[] args) {
        CommandLine commandLine = commandLine();
        int exit = commandLine.execute(args);
        commandLine.getOut().flush();
        return exit;
    }

    /** picocli's model of the command line and how opsctl answers each outcome; a new one for every run. */
    CommandLine commandLine() {
        Line line = new Line();
        UserCommands users = new UserCommands(new UserFile(UserFile.in(home())), in, out);
        return new CommandLine(line)
                .addSubcommand(users)
                .setExpandAtFiles(false) // "@file" is an argument like any other, not a file of arguments
                .setOut(new PrintWriter(out, true))
                .setExecutionStrategy(parsed -> execute(parsed, line))
                .setParameterExceptionHandler((e, given) -> usage(sentence(e, given), e.getCommandLine()))
                .setExecutionExceptionHandler((e, where, parsed) ->
                        where.getParent() == null ? failure(e) : userFailure(e, where, users.path()));
    }

    /** Help first, as picocli would; then the table's verdict on the options; then the action or user command. */
    private int execute(ParseResult parsed, Line line) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        List<String> given = new ArrayList<>();
        ParseResult deepest = parsed;
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            deepest = p;
            p.matchedOptions().forEach(option -> given.add(option.longestName()));
        }
        String subcommand =
                deepest == parsed ? null : path(deepest.commandSpec().commandLine());
        // "user" alone is no row of the table: UserCommands.call() says what is missing
        if (subcommand == null || OptionTable.ROWS.containsKey(subcommand)) {
            try {
                line.action = OptionTable.check(given, subcommand);
            } catch (UsageException e) {
                throw new ParameterException(deepest.commandSpec().commandLine(), e.getMessage(), e);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** {@code user add} for the command line picocli calls {@code opsctl user add}. */
    private static String path(CommandLine command) {
        return command.getCommandSpec().qualifiedName().replaceFirst("^opsctl ", "");
    }

    /** picocli's parse errors in opsctl's words, which scripts and the tests rely on. */
    private static String sentence(ParameterException e, String[] args) {
        CommandLine where = e.getCommandLine();
        if (e instanceof MissingParameterException missing
                && !missing.getMissing().isEmpty()) {
            ArgSpec spec = missing.getMissing().get(0);
            return spec instanceof OptionSpec option
                    ? OptionTable.needsValue(option.longestName())
                    : path(where) + " needs a " + spec.paramLabel();
        }
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            return unmatched(unmatched.getUnmatched().get(0), where, List.of(args));
        }
        if (e instanceof OverwrittenOptionException twice && twice.getOverwritten() instanceof OptionSpec option) {
            return "give " + option.longestName() + " only once";
        }
        return e.getMessage();
    }

    /**
     * A word that {@code where} has no place for. The table may know it as another command's option: {@code --role}
     * is user add's, and saying so beats "unknown".
     */
    static String unmatched(String word, CommandLine where, List<String> args) {
        if (where.getParent() != null && !where.getSubcommands().isEmpty()) {
            return "give add, remove or list after user";
        }
        String action = where.getParent() == null
                ? args.stream().filter(OptionTable::isAction).findFirst().orElse(null)
                : path(where);
        if (action != null && OptionTable.isAction(word)) {
            return "give one action, not both " + action + " and " + word;
        }
        if (action != null && OptionTable.knows(word)) {
            return OptionTable.refusal(action, args.contains("--offline"), word);
        }
        return "unknown argument '" + word + "'";
    }

    /** One line, then the usage of the command it is about. */
    private int usage(String message, CommandLine where) {
        err.println("opsctl: " + message);
        err.print(where.getParent() == null ? USAGE_TEXT : UserCommands.USAGE_TEXT);
        return USAGE;
    }

    /** The exit code for what went wrong, as sysexits.h has it; over JMX the cause may come wrapped. */
    private int failure(Exception e) {
        if (e instanceof IOException) { // the server's JMX, or the credentials file
            err.println("opsctl: " + e.getMessage());
            return UNAVAILABLE;
        }
        boolean plain = e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof SecurityException;
        Throwable cause = plain ? e : rootCause(e);
        if (cause instanceof IllegalArgumentException) {
            err.println("opsctl: " + cause.getMessage());
            return BAD_ARGUMENT;
        }
        if (cause instanceof IllegalStateException) {
            err.println("opsctl: " + cause.getMessage());
            return busy(cause.getMessage()) ? BUSY : FAILED;
        }
        if (cause instanceof SecurityException) {
            err.println("opsctl: not allowed: " + cause.getMessage());
            return NOT_ALLOWED;
        }
        err.println("opsctl: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return FAILED;
    }

    /** The user commands edit a file: a failure is a bad argument, or that file. */
    private int userFailure(Exception e, CommandLine where, Path file) {
        if (e instanceof UsageException) {
            return usage(e.getMessage(), where);
        }
        if (e instanceof IllegalArgumentException) {
            err.println("opsctl: " + e.getMessage());
            return BAD_ARGUMENT;
        }
        err.println("opsctl: cannot read or write " + file + ": " + e);
        return FAILED;
    }

    /** {@code $OPS_HOME}, {@code var} (relative to here) by default, as {@code deploy/run.sh} has it. */
    private Path home() {
        return Path.of(env.getOrDefault("OPS_HOME", "var"));
    }

    /** Maintenance's and Backups' refusal to start a job while another runs: try later, not a failure. */
    static boolean busy(String message) {
        return JobBusyException.isRefusal(message);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private int online(Line line) throws IOException {
        String home = home().toString();
        String address =
                line.server.jmx != null ? line.server.jmx : "127.0.0.1:" + env.getOrDefault("OPS_JMX_PORT", "9010");
        String user = line.server.user;
        Path passwords =
                Path.of(line.server.passwordFile != null ? line.server.passwordFile : home + "/jmx/credentials");
        String password = passwordOf(user, passwords);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi");
        Map<String, Object> credentials =
                new HashMap<>(Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
        Path ssl = Path.of(home, "jmx", CLIENT_SSL);
        if (Files.exists(ssl)) {
            useSsl(ssl);
            // the registry is behind SSL too (registry.ssl=true); the connection itself follows the server's stub
            credentials.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(url, credentials);
        } catch (SecurityException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(
                    "cannot reach the server's JMX at " + address + " ("
                            + rootCause(e).getMessage()
                            + "); is it running? Use --offline --log-dir DIR without a server.",
                    e);
        }
        try (connector) {
            if (line.action.equals("--metrics")) {
                return metrics(
                        line,
                        JMX.newMXBeanProxy(
                                connector.getMBeanServerConnection(),
                                new ObjectName(ResourceMetricsMXBean.OBJECT_NAME),
                                ResourceMetricsMXBean.class));
            }
            if (BOT_ACTIONS.contains(line.action)) {
                return act(
                        line,
                        JMX.newMXBeanProxy(
                                connector.getMBeanServerConnection(),
                                new ObjectName(BotMXBean.OBJECT_NAME),
                                BotMXBean.class));
            }
            if (BACKUP_ACTIONS.contains(line.action)) {
                return act(
                        line,
                        JMX.newMXBeanProxy(
                                connector.getMBeanServerConnection(),
                                new ObjectName(BackupMXBean.OBJECT_NAME),
                                BackupMXBean.class));
            }
            MaintenanceMXBean maintenance = JMX.newMXBeanProxy(
                    connector.getMBeanServerConnection(),
                    new ObjectName(MaintenanceMXBean.OBJECT_NAME),
                    MaintenanceMXBean.class);
            return act(line, maintenance);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private int act(Line line, MaintenanceMXBean maintenance) {
        switch (line.action) {
            case "--stats" ->
                show(line, maintenance.getStats(), this::print); // an attribute, so ops-reader may ask too
            case "--cleanup" -> print(maintenance.cleanup(line.days(maintenance::getMaxAgeDays)));
            case "--preview" ->
                show(line, maintenance.cleanupPreview(line.days(maintenance::getMaxAgeDays)), this::print);
            case "--rotate" -> {
                return rotated(
                        line.actions.rotate.isEmpty()
                                ? maintenance.rotateNow()
                                : maintenance.rotate(line.actions.rotate));
            }
            case "--archive" -> print(maintenance.archiveLogs());
            case "--setup" -> out.println(maintenance.setup());
            default -> throw new IllegalStateException("no online form of " + line.action);
        }
        return OK;
    }

    /** The answer as one line of JSON with {@code --json}, else as text for a person. */
    private <T extends Record> void show(Line line, T answer, Consumer<T> text) {
        if (line.options.json) {
            out.println(JsonText.of(answer));
        } else {
            text.accept(answer);
        }
    }

    /** Written by {@code jmx/ssl-setup}: the trust store (and, with client authentication, the key store). */
    static final String CLIENT_SSL = "client-ssl.properties";

    /** JSSE reads these system properties when the first SSL socket is made, which is after this. */
    static void useSsl(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("javax.net.ssl.")) {
                System.setProperty(key, properties.getProperty(key));
            }
        }
    }

    /**
     * The ResourceMetrics attributes {@code --metrics} shows, named as JConsole names them.
     *
     * @param states      each metric's value (percent 0 to 100; threads for bot.threads), levels and state
     * @param threads     live threads of the server's JVM
     * @param historySize samples kept in memory
     */
    record Metrics(List<MetricState> states, int threads, int historySize) {}

    /** The ResourceMetrics attributes, as JConsole shows them; readable by ops-reader. */
    private int metrics(Line line, ResourceMetricsMXBean bean) {
        show(line, new Metrics(bean.getStates(), bean.getThreads(), bean.getHistorySize()), this::print);
        return OK;
    }

    void print(Metrics metrics) {
        // bot.threads is a count; every other metric, its value and its levels are percent
        out.printf("%-12s %10s %-12s %8s %8s%n", "metric", "value", "state", "warning", "critical");
        for (MetricState s : metrics.states()) {
            String unit = "percent".equals(s.unit()) ? "%" : "";
            out.printf(
                    Locale.ROOT,
                    "%-12s %10s %-12s %8s %8s%n",
                    s.metric(),
                    Double.isNaN(s.value()) ? "NaN" : String.format(Locale.ROOT, "%.1f", s.value()) + unit,
                    s.state(),
                    String.format(Locale.ROOT, "%.0f", s.warning()) + unit,
                    String.format(Locale.ROOT, "%.0f", s.critical()) + unit);
        }
        out.printf("threads  %d%nsamples  %d in memory%n", metrics.threads(), metrics.historySize());
    }

    /** Exit 0 only when the outcome is good: a backup that failed verification is a failure for cron. */
    private int act(Line line, BackupMXBean backup) {
        switch (line.action) {
            case "--backup" -> {
                BackupRecord r = backup.backupNow();
                out.printf(
                        "backup %s: %d files, %d bytes, archive %d bytes, %d ms, %s%n",
                        r.name(),
                        r.files(),
                        r.bytes(),
                        r.archiveBytes(),
                        r.durationMs(),
                        r.verified() ? "verified" : "FAILED verification");
                r.changedFiles().forEach(f -> out.println("changed while read: " + f));
                r.skipped().forEach(f -> out.println("skipped " + f));
                return r.verified() ? OK : FAILED;
            }
            case "--list-backups" -> {
                if (line.options.remote) {
                    show(line, backup.listRemote(), this::printRemote);
                } else {
                    show(line, backup.list(), this::print);
                }
                return OK;
            }
            case "--verify" -> {
                VerifyResult r = backup.verify(line.actions.verify);
                out.println((r.ok() ? "ok " : "FAILED ") + r.name() + ": " + r.message());
                return r.ok() ? OK : FAILED;
            }
            case "--restore" -> {
                String target = Path.of(line.options.target)
                        .toAbsolutePath()
                        .normalize()
                        .toString();
                RestoreResult r = line.options.fromRemote
                        ? backup.restoreFromRemote(line.actions.restore, target, line.options.dryRun)
                        : backup.restore(line.actions.restore, target, line.options.dryRun);
                out.println((r.ok() ? "ok " : "FAILED ") + r.message());
                return r.ok() ? OK : FAILED;
            }
            case "--drill" -> {
                DrillResult r = line.options.remote ? backup.drillRemote() : backup.drillNow();
                out.println((r.ok() ? "ok " : "FAILED ") + r.message() + " (" + r.durationMs() + " ms)");
                return r.ok() ? OK : FAILED;
            }
            default -> throw new IllegalStateException("no backup action " + line.action);
        }
    }

    /** Exit 0 only when the outcome is good: a DOWN bot or a failed restart is a failure for cron. */
    private int act(Line line, BotMXBean bot) {
        switch (line.action) {
            case "--bot-status" -> {
                BotState state = bot.getState(); // an attribute, so ops-reader may ask too
                show(line, state, this::print);
                return state.status() == BotStatus.DOWN ? FAILED : OK;
            }
            case "--bot-restart" -> {
                String outcome = bot.restartNow();
                out.println(outcome);
                return outcome.startsWith("Bot restarted:") ? OK : FAILED;
            }
            case "--bot-pause" -> out.println(bot.pauseRestarts());
            case "--bot-resume" -> out.println(bot.resumeRestarts());
            default -> throw new IllegalStateException("no bot action " + line.action);
        }
        return OK;
    }

    void print(BotState s) {
        out.printf("bot      %s: %s%n", s.status(), s.reason());
        if (s.pid() > 0) {
            out.printf(
                    Locale.ROOT,
                    "process  pid %d, cpu %.1f%%, resident %d bytes, %d threads, %d open files%n",
                    s.pid(),
                    s.cpuPercent(),
                    s.residentBytes(),
                    s.threads(),
                    s.openFiles());
        }
        if (s.httpCode() > 0) {
            out.printf(
                    "http     %d in %d ms%s%n",
                    s.httpCode(), s.latencyMs(), s.bodyStatus().isEmpty() ? "" : ", status " + s.bodyStatus());
        }
        out.printf(
                "checked  %s, %d failed in a row%n",
                s.checkedAt().isEmpty() ? "never" : s.checkedAt(), s.consecutiveFailures());
        out.printf(
                "restarts %d, %s%s%n",
                s.restartsTotal(),
                s.restartGuard(),
                s.lastRestartAt().isEmpty() ? "" : "; last " + s.lastRestartAt() + ": " + s.lastRestartOutcome());
    }

    void print(BackupListing l) {
        for (BackupInfo b : l.backups()) {
            out.printf(
                    "%-44s %14d %s%s%n",
                    b.name(),
                    b.bytes(),
                    b.verified() ? "verified" : "not verified",
                    b.checksum() ? "" : ", no .sha256");
        }
        out.printf("%d backups, %d bytes in %s%n", l.backups().size(), l.totalBytes(), l.directory());
    }

    /** A remote copy without its .sha256 object is one whose upload did not finish: never restorable. */
    void printRemote(BackupListing l) {
        for (BackupInfo b : l.backups()) {
            out.printf(
                    "%-44s %14d %s%n",
                    b.name(),
                    b.bytes(),
                    !b.checksum() ? "incomplete, no .sha256" : b.verified() ? "verified" : "not verified");
        }
        out.printf("%d remote copies, %d bytes in %s%n", l.backups().size(), l.totalBytes(), l.directory());
    }

    static String passwordOf(String user, Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException(
                    "cannot read the JMX credentials file " + file + "; give --password-file or set OPS_HOME");
        }
        Optional<String> password = Files.readAllLines(file).stream()
                .map(String::trim)
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.split("\\s+", 2))
                .filter(p -> p.length == 2 && p[0].equals(user))
                .map(p -> p[1])
                .findFirst();
        return password.orElseThrow(() -> new IllegalArgumentException("user '" + user + "' is not in " + file));
    }

    /**
     * The same engine as the server's, with the server's settings, run directly on a directory nobody is writing
     * through logback: an option not given takes the server's value, so a cleanup keeps what the server would keep.
     */
    private int offline(Line line) throws IOException {
        Settings settings;
        try {
            settings = ServerSettings.load(systemProperties, env);
        } catch (InvalidSettingException e) {
            err.println("opsctl: " + e.getMessage());
            return CONFIG;
        }
        LifecycleSettings server = settings.retention();
        Path serverLogs = settings.logs().directory();
        Path logs = line.offline.logDir == null
                ? serverLogs
                : Path.of(line.offline.logDir).toAbsolutePath().normalize();
        if (!Files.isDirectory(logs)) {
            throw new IllegalArgumentException("log directory " + logs + " does not exist");
        }
        boolean serversLogs = same(logs, serverLogs);
        if (!serversLogs) {
            requireNoOtherHome(logs, settings.home());
        }
        // another directory's archives would count against the server's keep and age limits, and be pruned by them
        Path archives = line.offline.archiveDir != null
                ? Path.of(line.offline.archiveDir).toAbsolutePath().normalize()
                : serversLogs ? server.archiveDirectory() : logs.resolveSibling("archives");
        boolean serversArchives = line.action.equals("--archive") && same(archives, server.archiveDirectory());
        if ((serversLogs || serversArchives) && !line.offline.force) {
            Path lock = InstanceLock.in(settings.home());
            if (InstanceLock.held(lock, env.get("PATH"))) {
                err.println("opsctl: a server runs with OPS_HOME=" + settings.home() + " (it holds " + lock
                        + ") and manages " + (serversLogs ? logs : archives)
                        + ": use opsctl without --offline, or give --force to run anyway");
                return BUSY;
            }
        }
        Clock clock = Clock.systemDefaultZone();
        if (line.action.equals("--archive")) {
            print(new LogArchiver(archives, clock, server.archiveKeep(), server.archiveDays()).archive(logs));
            return OK;
        }
        List<RotationRule> rules =
                line.offline.rules == null ? server.rules() : RotationRule.parseAll(line.offline.rules);
        // Outside the server there is no container to ask for threads.
        LogLifecycle lifecycle = new LogLifecycle(
                        logs,
                        rules,
                        Set.of(),
                        names -> List.of(),
                        settings.logs().compress(),
                        server.delayCompress(),
                        server.auditFloor(),
                        LogLifecycle.FreeSpace.FILE_STORE,
                        clock,
                        Executors.defaultThreadFactory(),
                        new RotationFailures()) // offline, a failure shows in the result alone
                .summarizing(new LogSummaries(ZoneId.systemDefault()));
        switch (line.action) {
            case "--stats" -> show(line, lifecycle.stats(), this::print);
            case "--cleanup" -> print(lifecycle.sweep(policy(line, server.policy()), false));
            case "--preview" -> show(line, lifecycle.sweep(policy(line, server.policy()), true), this::print);
            case "--rotate" -> {
                return rotated(
                        line.actions.rotate.isEmpty() ? lifecycle.rotate(true) : lifecycle.rotate(line.actions.rotate));
            }
            default -> throw new IllegalStateException("no offline form of " + line.action);
        }
        return OK;
    }

    /**
     * A server's default log directory is {@code logs/} in its home, and run.sh leaves {@code run/instance.lock}
     * next to it: such a directory of another home than {@code OPS_HOME} would be cleaned with this home's
     * settings, not its server's. (A directory moved by {@code ops.logs.dir} is the server's when this home's
     * settings name it, and is then not "other".)
     */
    private static void requireNoOtherHome(Path logs, Path home) throws IOException {
        Path real = logs.toRealPath();
        Path other = real.getParent();
        if (other != null
                && real.getFileName().toString().equals("logs")
                && Files.exists(InstanceLock.in(other))
                && !same(other, home)) {
            throw new IllegalArgumentException(logs + " is the log directory of OPS_HOME=" + other + " (it has "
                    + InstanceLock.PATH + "), not of OPS_HOME=" + home + ": set OPS_HOME=" + other
                    + " so that its server's settings apply");
        }
    }

    /** Whether two paths name one directory, through links; one that does not exist is no server's directory. */
    private static boolean same(Path a, Path b) throws IOException {
        return a.equals(b) || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    }

    /** The server's retention rules, each replaced where the command line gives it. */
    private static RetentionPolicy policy(Line line, RetentionPolicy server) {
        int backups = line.offline.backups == null ? server.backups() : parseInt("--backups", line.offline.backups);
        long cap =
                line.offline.maxTotalSize == null ? server.maxTotalBytes() : ByteSize.parse(line.offline.maxTotalSize);
        return new RetentionPolicy(backups, line.days(server::maxAgeDays), cap, server.deleteFirst());
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'.");
        }
    }

    void print(LogStats s) {
        out.printf(
                "directory  %s%ntotal      %d bytes in %d files (%d bytes in files no log pattern matches)%n",
                s.directory(), s.totalBytes(), s.files(), s.unmanagedBytes());
        out.printf(
                "oldest     %s %s%nnewest     %s %s%nfreed by last cleanup  %d bytes%n",
                s.oldestFile(), s.oldestModified(), s.newestFile(), s.newestModified(), s.bytesFreedLastRun());
        out.printf("%-32s %14s %8s %14s%n", "log", "active bytes", "rotated", "rotated bytes");
        for (LogUsage u : s.logs()) {
            out.printf("%-32s %14d %8d %14d%n", u.log(), u.activeBytes(), u.rotatedFiles(), u.rotatedBytes());
        }
    }

    void print(SweepResult r) {
        String verb = r.preview() ? "would delete" : "deleted";
        for (RemovedFile f : r.removed()) {
            out.printf("%s %s (%d bytes): %s%n", verb, f.name(), f.bytes(), f.reason());
        }
        r.skipped().forEach(s -> out.println("kept " + s));
        out.printf(
                "%s %d files, %d bytes; %d bytes remain in %s%n",
                verb, r.removed().size(), r.bytesFreed(), r.bytesRemaining(), r.directory());
    }

    /** Prints the result; a log that could not be rotated fails the run, so cron hears of it. */
    private int rotated(RotationResult r) {
        print(r);
        return r.failures().isEmpty() ? OK : FAILED;
    }

    void print(RotationResult r) {
        r.rotated().forEach(s -> out.println("rotated " + s));
        r.compressed().forEach(s -> out.println("compressed " + s));
        r.failures().forEach(s -> out.println("failed " + s));
        r.stillOpen().forEach(s -> out.println("kept " + s));
        out.printf(
                "%d rotated, %d compressed, %d failures%n",
                r.rotated().size(), r.compressed().size(), r.failures().size());
    }

    void print(ArchiveResult r) {
        out.printf(
                "archive %s: %d files, %d bytes (%d uncompressed)%n",
                r.archive(), r.files(), r.archiveBytes(), r.uncompressedBytes());
        r.skipped().forEach(s -> out.println("skipped " + s));
        r.pruned().forEach(s -> out.println("deleted old archive " + s));
    }
}
