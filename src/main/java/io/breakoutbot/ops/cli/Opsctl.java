package io.breakoutbot.ops.cli;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.backup.BackupInfo;
import io.breakoutbot.ops.backup.BackupListing;
import io.breakoutbot.ops.backup.BackupMXBean;
import io.breakoutbot.ops.backup.BackupRecord;
import io.breakoutbot.ops.backup.DrillResult;
import io.breakoutbot.ops.backup.RestoreResult;
import io.breakoutbot.ops.backup.VerifyResult;
import io.breakoutbot.ops.config.ByteSize;
import io.breakoutbot.ops.monitoring.MetricState;
import io.breakoutbot.ops.monitoring.ResourceMetricsMXBean;
import io.breakoutbot.ops.lifecycle.ArchiveResult;
import io.breakoutbot.ops.lifecycle.LogArchiver;
import io.breakoutbot.ops.lifecycle.LogLifecycle;
import io.breakoutbot.ops.lifecycle.LogStats;
import io.breakoutbot.ops.lifecycle.LogUsage;
import io.breakoutbot.ops.lifecycle.MaintenanceMXBean;
import io.breakoutbot.ops.lifecycle.RemovedFile;
import io.breakoutbot.ops.lifecycle.RetentionPolicy;
import io.breakoutbot.ops.lifecycle.RotationResult;
import io.breakoutbot.ops.lifecycle.RotationRule;
import io.breakoutbot.ops.lifecycle.SweepResult;
import io.breakoutbot.ops.jobs.JobBusy;
import io.breakoutbot.ops.security.UserFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import javax.management.JMX;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.slf4j.LoggerFactory;

/**
 * {@code jmx/opsctl}: the Maintenance operations from a shell or cron, in the seed's own words
 * ({@code --cleanup --days 7}, {@code --stats}, {@code --setup}). It talks to the running server over
 * remote JMX with the credentials {@code deploy/run.sh} created (over SSL once {@code jmx/ssl-setup} has
 * written {@code $OPS_HOME/jmx/client-ssl.properties}); with {@code --offline --log-dir DIR} it runs the same
 * code directly on a directory, for when no server runs. {@code opsctl user add|remove|list} manages the
 * REST users in {@code $OPS_HOME/state/users}.
 *
 * <p>Exit codes follow sysexits.h: 0 done, 64 usage, 65 bad argument, 69 server unreachable,
 * 75 another job is running (try later), 77 not allowed, 70 anything else. Errors are one line.
 */
public final class Opsctl {

    static final int OK = 0;
    static final int USAGE = 64;
    static final int BAD_ARGUMENT = 65;
    static final int UNAVAILABLE = 69;
    static final int FAILED = 70;
    static final int BUSY = 75;
    static final int NOT_ALLOWED = 77;

    static final String USAGE_TEXT = """
            usage: opsctl ACTION [OPTIONS]
              actions:  --metrics | --stats | --cleanup [--days N] | --preview [--days N] | --rotate [LOG]
                        | --archive | --setup
              backups:  --backup | --list-backups | --verify NAME | --drill
                        | --restore NAME --target DIR [--dry-run]
              server:   [--jmx HOST:PORT] [--user NAME] [--password-file FILE]
                        defaults: 127.0.0.1:$OPS_JMX_PORT (9010), ops-admin, $OPS_HOME/jmx/credentials
              offline:  --offline --log-dir DIR [--archive-dir DIR] [--backups N] [--max-total-size SIZE]
                        [--rules 'GLOB SIZE [rename|copytruncate]; ...']
            """ + UserCommands.USAGE_TEXT;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Opsctl(PrintStream out, PrintStream err, Map<String, String> env) {
        this(InputStream.nullInputStream(), out, err, env);
    }

    Opsctl(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        // The library code logs through SLF4J; a command-line tool should only print its answer.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        System.exit(new Opsctl(System.in, System.out, System.err, System.getenv()).run(args));
    }

    /** The parsed command line. */
    record Command(String action, String argument, Map<String, String> options) {

        String option(String name, String fallback) {
            return options.getOrDefault(name, fallback);
        }

        int days() {
            String days = option("--days", "7");
            try {
                return Integer.parseInt(days);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--days must be a whole number of days, not '" + days + "'.");
            }
        }
    }

    static final Set<String> ACTIONS = Set.of("--metrics", "--stats", "--cleanup", "--preview", "--rotate", "--archive", "--setup",
            "--backup", "--list-backups", "--verify", "--restore", "--drill");
    /** Actions that run on the Backup MXBean, and the ones among them that take an archive name. */
    static final Set<String> BACKUP_ACTIONS = Set.of("--backup", "--list-backups", "--verify", "--restore", "--drill");
    static final Set<String> NAMED = Set.of("--verify", "--restore");
    static final Set<String> VALUED = Set.of("--days", "--jmx", "--user", "--password-file", "--log-dir",
            "--archive-dir", "--backups", "--max-total-size", "--rules", "--target");

    int run(String[] args) {
        if (args.length > 0 && args[0].equals("user")) {
            return users(List.of(args).subList(1, args.length));
        }
        Command command;
        try {
            command = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("opsctl: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        try {
            return command.options().containsKey("--offline") ? offline(command) : online(command);
        } catch (IllegalArgumentException e) {
            err.println("opsctl: " + e.getMessage());
            return BAD_ARGUMENT;
        } catch (IllegalStateException e) {
            err.println("opsctl: " + e.getMessage());
            return busy(e.getMessage()) ? BUSY : FAILED;
        } catch (SecurityException e) {
            err.println("opsctl: not allowed: " + e.getMessage());
            return NOT_ALLOWED;
        } catch (IOException e) {
            err.println("opsctl: " + e.getMessage());
            return UNAVAILABLE;
        } catch (RuntimeException e) {
            Throwable cause = rootCause(e);
            if (cause instanceof IllegalArgumentException) {
                err.println("opsctl: " + cause.getMessage());
                return BAD_ARGUMENT;
            }
            if (cause instanceof SecurityException) {
                err.println("opsctl: not allowed: " + cause.getMessage());
                return NOT_ALLOWED;
            }
            if (cause instanceof IllegalStateException) {
                err.println("opsctl: " + cause.getMessage());
                return busy(cause.getMessage()) ? BUSY : FAILED;
            }
            err.println("opsctl: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            return FAILED;
        }
    }

    /** {@code $OPS_HOME}, {@code var} (relative to here) by default, as {@code deploy/run.sh} has it. */
    private Path home() {
        return Path.of(env.getOrDefault("OPS_HOME", "var"));
    }

    private int users(List<String> args) {
        Path file = UserFile.in(home());
        try {
            return new UserCommands(new UserFile(file), in, out).run(args);
        } catch (UserCommands.UsageException e) {
            err.println("opsctl: " + e.getMessage());
            err.print(UserCommands.USAGE_TEXT);
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("opsctl: " + e.getMessage());
            return BAD_ARGUMENT;
        } catch (IOException | RuntimeException e) {
            err.println("opsctl: cannot read or write " + file + ": " + e);
            return FAILED;
        }
    }

    /** Maintenance's and Backups' refusal to start a job while another runs: try later, not a failure. */
    static boolean busy(String message) {
        return JobBusy.marks(message);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static Command parse(String[] args) {
        Deque<String> words = new ArrayDeque<>(List.of(args));
        String action = null;
        String argument = null;
        Map<String, String> options = new java.util.HashMap<>();
        while (!words.isEmpty()) {
            String word = words.pop();
            if (ACTIONS.contains(word)) {
                if (action != null) {
                    throw new IllegalArgumentException("give one action, not both " + action + " and " + word);
                }
                action = word;
                if (word.equals("--rotate") && !words.isEmpty() && !words.peek().startsWith("--")) {
                    argument = words.pop();
                } else if (NAMED.contains(word)) {
                    if (words.isEmpty() || words.peek().startsWith("--")) {
                        throw new IllegalArgumentException(word + " needs the archive's name, as --list-backups shows it");
                    }
                    argument = words.pop();
                }
            } else if (VALUED.contains(word)) {
                if (words.isEmpty() || words.peek().startsWith("--")) {
                    throw new IllegalArgumentException(word + " needs a value");
                }
                options.put(word, words.pop());
            } else if (word.equals("--offline") || word.equals("--dry-run")) {
                options.put(word, "true");
            } else {
                throw new IllegalArgumentException("unknown argument '" + word + "'");
            }
        }
        if (action == null) {
            throw new IllegalArgumentException("give an action");
        }
        if (action.equals("--restore") && !options.containsKey("--target")) {
            throw new IllegalArgumentException("--restore needs --target DIR, the directory that receives data/, logs/ and .env");
        }
        if ((BACKUP_ACTIONS.contains(action) || action.equals("--metrics")) && options.containsKey("--offline")) {
            throw new IllegalArgumentException(action + " runs on the server; it has no offline form");
        }
        return new Command(action, argument, options);
    }

    private int online(Command command) throws IOException {
        String home = home().toString();
        String address = command.option("--jmx", "127.0.0.1:" + env.getOrDefault("OPS_JMX_PORT", "9010"));
        String user = command.option("--user", "ops-admin");
        Path passwords = Path.of(command.option("--password-file", home + "/jmx/credentials"));
        String password = passwordOf(user, passwords);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi");
        Map<String, Object> credentials = new java.util.HashMap<>(Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
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
            throw new IOException("cannot reach the server's JMX at " + address + " (" + rootCause(e).getMessage()
                    + "); is it running? Use --offline --log-dir DIR without a server.", e);
        }
        try (connector) {
            if (command.action().equals("--metrics")) {
                return metrics(JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                        new ObjectName(ResourceMetricsMXBean.OBJECT_NAME), ResourceMetricsMXBean.class));
            }
            if (BACKUP_ACTIONS.contains(command.action())) {
                return act(command, JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                        new ObjectName(BackupMXBean.OBJECT_NAME), BackupMXBean.class));
            }
            MaintenanceMXBean maintenance = JMX.newMXBeanProxy(connector.getMBeanServerConnection(),
                    new ObjectName(MaintenanceMXBean.OBJECT_NAME), MaintenanceMXBean.class);
            return act(command, maintenance);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private int act(Command command, MaintenanceMXBean maintenance) {
        switch (command.action()) {
            case "--stats" -> print(maintenance.getStats()); // an attribute, so ops-reader may ask too
            case "--cleanup" -> print(maintenance.cleanup(command.days()));
            case "--preview" -> print(maintenance.cleanupPreview(command.days()));
            case "--rotate" -> print(command.argument() == null ? maintenance.rotateNow() : maintenance.rotate(command.argument()));
            case "--archive" -> print(maintenance.archiveLogs());
            case "--setup" -> out.println(maintenance.setup());
            default -> throw new IllegalArgumentException("unknown action " + command.action());
        }
        return OK;
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

    /** The ResourceMetrics attributes, as JConsole shows them; readable by ops-reader. */
    private int metrics(ResourceMetricsMXBean metrics) {
        out.printf("%-8s %10s %-12s %8s %8s%n", "metric", "value %", "state", "warning", "critical");
        for (MetricState s : metrics.getStates()) {
            out.printf(java.util.Locale.ROOT, "%-8s %10.1f %-12s %8.0f %8.0f%n", s.metric(), s.value(), s.state(),
                    s.warning(), s.critical());
        }
        out.printf("threads  %d%nsamples  %d in memory%n", metrics.getThreads(), metrics.getHistorySize());
        return OK;
    }

    /** Exit 0 only when the outcome is good: a backup that failed verification is a failure for cron. */
    private int act(Command command, BackupMXBean backup) {
        switch (command.action()) {
            case "--backup" -> {
                BackupRecord r = backup.backupNow();
                out.printf("backup %s: %d files, %d bytes, archive %d bytes, %d ms, %s%n", r.name(), r.files(), r.bytes(),
                        r.archiveBytes(), r.durationMs(), r.verified() ? "verified" : "FAILED verification");
                r.changedFiles().forEach(f -> out.println("changed while read: " + f));
                r.skipped().forEach(f -> out.println("skipped " + f));
                return r.verified() ? OK : FAILED;
            }
            case "--list-backups" -> {
                BackupListing l = backup.list();
                for (BackupInfo b : l.backups()) {
                    out.printf("%-44s %14d %s%s%n", b.name(), b.bytes(), b.verified() ? "verified" : "not verified",
                            b.checksum() ? "" : ", no .sha256");
                }
                out.printf("%d backups, %d bytes in %s%n", l.backups().size(), l.totalBytes(), l.directory());
                return OK;
            }
            case "--verify" -> {
                VerifyResult r = backup.verify(command.argument());
                out.println((r.ok() ? "ok " : "FAILED ") + r.name() + ": " + r.message());
                return r.ok() ? OK : FAILED;
            }
            case "--restore" -> {
                RestoreResult r = backup.restore(command.argument(),
                        Path.of(command.option("--target", "")).toAbsolutePath().normalize().toString(),
                        command.options().containsKey("--dry-run"));
                out.println((r.ok() ? "ok " : "FAILED ") + r.message());
                return r.ok() ? OK : FAILED;
            }
            case "--drill" -> {
                DrillResult r = backup.drillNow();
                out.println((r.ok() ? "ok " : "FAILED ") + r.message() + " (" + r.durationMs() + " ms)");
                return r.ok() ? OK : FAILED;
            }
            default -> throw new IllegalArgumentException("unknown action " + command.action());
        }
    }

    static String passwordOf(String user, Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read the JMX credentials file " + file + "; give --password-file or set OPS_HOME");
        }
        Optional<String> password = Files.readAllLines(file).stream().map(String::trim)
                .filter(l -> !l.startsWith("#")).map(l -> l.split("\\s+", 2))
                .filter(p -> p.length == 2 && p[0].equals(user)).map(p -> p[1]).findFirst();
        return password.orElseThrow(() -> new IllegalArgumentException("user '" + user + "' is not in " + file));
    }

    /** The same engine as the server's, run directly on a directory nobody is writing through logback. */
    private int offline(Command command) throws IOException {
        String dir = command.options().get("--log-dir");
        if (dir == null) {
            throw new IllegalArgumentException("--offline needs --log-dir DIR");
        }
        Path logs = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(logs)) {
            throw new IllegalArgumentException("log directory " + logs + " does not exist");
        }
        Clock clock = Clock.systemDefaultZone();
        List<RotationRule> rules = RotationRule.parseAll(command.option("--rules", "*.log 10MB"));
        // Outside the server there is no container to ask for threads.
        LogLifecycle lifecycle = new LogLifecycle(logs, rules, Set.of(), () -> { }, true, false, clock,
                Executors.defaultThreadFactory());
        int backups = parseInt("--backups", command.option("--backups", "5"));
        long cap = ByteSize.parse(command.option("--max-total-size", "50MB"));
        RetentionPolicy policy = new RetentionPolicy(backups, command.days(), cap,
                List.of("general.log", "metrics.log", "api.log", "*", "errors.log"));
        switch (command.action()) {
            case "--stats" -> print(lifecycle.stats());
            case "--cleanup" -> print(lifecycle.sweep(policy, false));
            case "--preview" -> print(lifecycle.sweep(policy, true));
            case "--rotate" -> print(command.argument() == null ? lifecycle.rotate(true) : lifecycle.rotate(command.argument()));
            case "--archive" -> {
                Path archives = Path.of(command.option("--archive-dir", logs.resolveSibling("archives").toString()));
                print(new LogArchiver(archives, clock, 10, 30).archive(logs));
            }
            case "--setup" -> throw new IllegalArgumentException("--setup reconfigures a running server; it has no offline form");
            default -> throw new IllegalArgumentException("unknown action " + command.action());
        }
        return OK;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not '" + value + "'.");
        }
    }

    void print(LogStats s) {
        out.printf("directory  %s%ntotal      %d bytes in %d files (%d bytes in files no log pattern matches)%n",
                s.directory(), s.totalBytes(), s.files(), s.unmanagedBytes());
        out.printf("oldest     %s %s%nnewest     %s %s%nfreed by last cleanup  %d bytes%n", s.oldestFile(),
                s.oldestModified(), s.newestFile(), s.newestModified(), s.bytesFreedLastRun());
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
        out.printf("%s %d files, %d bytes; %d bytes remain in %s%n", verb, r.removed().size(), r.bytesFreed(),
                r.bytesRemaining(), r.directory());
    }

    void print(RotationResult r) {
        r.rotated().forEach(s -> out.println("rotated " + s));
        r.compressed().forEach(s -> out.println("compressed " + s));
        r.failures().forEach(s -> out.println("failed " + s));
        out.printf("%d rotated, %d compressed, %d failures%n", r.rotated().size(), r.compressed().size(), r.failures().size());
    }

    void print(ArchiveResult r) {
        out.printf("archive %s: %d files, %d bytes (%d uncompressed)%n", r.archive(), r.files(), r.archiveBytes(),
                r.uncompressedBytes());
        r.skipped().forEach(s -> out.println("skipped " + s));
        r.pruned().forEach(s -> out.println("deleted old archive " + s));
    }
}
