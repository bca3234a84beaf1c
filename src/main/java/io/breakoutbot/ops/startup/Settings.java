package io.breakoutbot.ops.startup;

import ch.qos.logback.classic.Level;
import io.breakoutbot.ops.alerts.AlertLabels;
import io.breakoutbot.ops.alerts.AlertSettings;
import io.breakoutbot.ops.alerts.AlertmanagerAuth;
import io.breakoutbot.ops.alerts.LogRule;
import io.breakoutbot.ops.alerts.WebhookUrl;
import io.breakoutbot.ops.backup.BackupKey;
import io.breakoutbot.ops.backup.BackupPlan;
import io.breakoutbot.ops.backup.BackupSettings;
import io.breakoutbot.ops.backup.HostName;
import io.breakoutbot.ops.backup.RestoreLimits;
import io.breakoutbot.ops.backup.RetentionRules;
import io.breakoutbot.ops.bot.BotSettings;
import io.breakoutbot.ops.bot.RestartCommand;
import io.breakoutbot.ops.config.ByteSize;
import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.config.Environment;
import io.breakoutbot.ops.config.InvalidSettingException;
import io.breakoutbot.ops.config.Setting;
import io.breakoutbot.ops.fleet.FleetSettings;
import io.breakoutbot.ops.jobs.CronSchedule;
import io.breakoutbot.ops.lifecycle.DirectoryPolicy;
import io.breakoutbot.ops.lifecycle.KeepFloor;
import io.breakoutbot.ops.lifecycle.LifecycleSettings;
import io.breakoutbot.ops.lifecycle.RetentionPolicy;
import io.breakoutbot.ops.lifecycle.RotationRule;
import io.breakoutbot.ops.logs.LogSegment;
import io.breakoutbot.ops.logs.LogSettings;
import io.breakoutbot.ops.monitoring.ActionPlan;
import io.breakoutbot.ops.monitoring.MonitorSettings;
import io.breakoutbot.ops.remote.RemoteSettings;
import io.breakoutbot.ops.security.AccessPolicy;
import io.breakoutbot.ops.security.SecuritySettings;
import io.breakoutbot.ops.security.UserFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated settings. {@link #load} reads every key once and fails on the first bad value with an
 * {@link InvalidSettingException}, so a mistake stops the deployment instead of surfacing hours later.
 *
 * @param home        the absolute {@code OPS_HOME}, created and known to be writable
 * @param exitOnError whether an invalid setting ends the JVM rather than only the deployment
 * @param environment development or production
 * @param logs        how our own log files are written
 * @param retention   how every log in the log directory ({@code ops.logs.dir}) is rotated, compressed, kept and archived
 * @param monitor     resource sampling and actions
 * @param alerts      alert delivery
 * @param security    REST authentication and which endpoints are open
 * @param backup      what is backed up, where, how long it is kept, and when backups and drills run
 * @param botHome     the bot's absolute directory ({@code ops.bot.home}), or null when no bot is configured
 * @param bot         how the bot is checked and restarted
 * @param remote      where off-host copies go, or null when no remote is configured
 * @param fleet       the Prometheus the fleet view asks, off without {@code ops.fleet.prometheusUrl}
 */
public record Settings(
        Path home,
        boolean exitOnError,
        Environment environment,
        LogSettings logs,
        LifecycleSettings retention,
        MonitorSettings monitor,
        AlertSettings alerts,
        SecuritySettings security,
        BackupPlan backup,
        Path botHome,
        BotSettings bot,
        RemoteSettings remote,
        FleetSettings fleet) {

    private static final String LEVELS = "one of TRACE, DEBUG, INFO, WARN, ERROR";
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    /**
     * @param source the raw value of a key, empty when unset (MicroProfile Config in the server, a map in tests)
     */
    public static Settings load(Function<String, Optional<String>> source) {
        Reader in = new Reader(source);
        Path home = writableHome(in.text(Setting.HOME));
        boolean exitOnError = in.bool(Setting.EXIT_ON_ERROR);
        Environment environment = in.environment();
        Path botHome = in.botHome(home);
        LogSettings logs = new LogSettings(
                in.logDirectory(home, botHome),
                in.level(Setting.LOG_LEVEL),
                in.size(Setting.LOG_MAX_FILE_SIZE, environment.defaultLogFileSize()),
                in.integer(Setting.LOG_BACKUPS, 1, 1000),
                in.bool(Setting.LOG_COMPRESS),
                in.integer(Setting.LOG_QUEUE_SIZE, 64, 1 << 20),
                in.bool(Setting.LOG_DISCARD_WHEN_BUSY),
                in.integer(Setting.AUDIT_DAYS, 1, RetentionPolicy.MAX_AGE_DAYS));
        RetentionPolicy policy = in.policy(logs.backups());
        Path archives = in.directory(Setting.ARCHIVE_DIR, home);
        if (archives.startsWith(logs.directory())) {
            throw new InvalidSettingException(
                    Setting.ARCHIVE_DIR.key(),
                    in.text(Setting.ARCHIVE_DIR),
                    "must be outside the log directory " + logs.directory());
        }
        LifecycleSettings retention = new LifecycleSettings(
                policy,
                in.rules(Setting.ROTATION_RULES),
                in.bool(Setting.ROTATION_DELAY_COMPRESS),
                archives,
                in.integer(Setting.ARCHIVE_KEEP, 1, 1000),
                in.integer(Setting.ARCHIVE_DAYS, 1, RetentionPolicy.MAX_AGE_DAYS),
                List.of(
                        new DirectoryPolicy(
                                in.directory(Setting.REPORTS_DIR, home),
                                in.integer(Setting.REPORTS_KEEP, 1, 100_000),
                                in.integer(Setting.REPORTS_DAYS, 1, RetentionPolicy.MAX_AGE_DAYS)),
                        new DirectoryPolicy(
                                in.directory(Setting.BACKTESTS_DIR, home),
                                in.integer(Setting.BACKTESTS_KEEP, 1, 100_000),
                                in.integer(Setting.BACKTESTS_DAYS, 1, RetentionPolicy.MAX_AGE_DAYS))),
                in.schedule(Setting.SCHEDULE_ROTATION),
                in.schedule(Setting.SCHEDULE_RETENTION),
                in.schedule(Setting.SCHEDULE_SIZE_CHECK),
                in.schedule(Setting.SCHEDULE_ARCHIVE),
                new KeepFloor(LogSegment.AUDIT.fileName(), logs.auditDays()));
        Duration interval = in.duration(Setting.MONITOR_INTERVAL, Duration.ofSeconds(1), Duration.ofHours(1));
        List<Path> paths = new java.util.ArrayList<>(List.of(home));
        if (!logs.directory().startsWith(home)) {
            paths.add(logs.directory()); // the bot's logs may fill another disk; log-cleanup frees that one
        }
        for (String path : in.list(Setting.MONITOR_PATHS)) {
            paths.add(in.path(Setting.MONITOR_PATHS, path));
        }
        boolean allowPrivate = in.bool(Setting.ALERTS_ALLOW_PRIVATE);
        Duration alertInterval = in.duration(Setting.ALERTS_MIN_INTERVAL, Duration.ofSeconds(1), Duration.ofDays(1));
        MonitorSettings monitor = new MonitorSettings(
                interval,
                List.copyOf(paths),
                in.duration(Setting.MONITOR_HISTORY, interval, Duration.ofHours(24)),
                in.actions(Setting.MONITOR_ACTIONS),
                in.size(Setting.MONITOR_DISK_CLEANUP_TARGET, 0),
                alertInterval,
                home.resolve("state"));
        AlertSettings alerts = new AlertSettings(
                alertInterval,
                in.webhooks(Setting.ALERTS_WEBHOOKS, allowPrivate),
                allowPrivate,
                in.duration(Setting.ALERTS_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1)),
                in.integer(Setting.ALERTS_HEALTH_CHECKS, 1, 1000),
                in.logRules(),
                in.alertmanagers(allowPrivate),
                in.alertLabels(),
                in.alertInstance(),
                in.externalUrl(),
                in.groupBy(),
                in.alertmanagerAuth(home),
                in.alertmanagerAuthFile(home));
        SecuritySettings security = new SecuritySettings(
                in.bool(Setting.SECURITY_TRUST_LOOPBACK),
                new AccessPolicy(
                        in.bool(Setting.SECURITY_OPEN_HEALTH),
                        in.bool(Setting.SECURITY_OPEN_PROBES),
                        in.bool(Setting.SECURITY_OPEN_METRICS)),
                UserFile.in(home));
        return new Settings(
                home,
                exitOnError,
                environment,
                logs,
                retention,
                monitor,
                alerts,
                security,
                in.backup(home, botHome, logs.directory()),
                botHome,
                in.bot(botHome != null ? botHome : home, logs.directory()),
                in.remote(home),
                in.fleet());
    }

    /** The value in force for every key, defaults included, for the audit log and docs/settings.md. */
    public Map<String, String> effective() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(Setting.HOME.key(), home.toString());
        values.put(Setting.EXIT_ON_ERROR.key(), Boolean.toString(exitOnError));
        values.put(Setting.ENVIRONMENT.key(), environment.label());
        values.put(Setting.BOT_HOME.key(), botHome == null ? "" : botHome.toString());
        values.put(Setting.LOGS_DIR.key(), logs.directory().toString());
        values.put(Setting.LOG_LEVEL.key(), logs.level().toString());
        values.put(Setting.LOG_MAX_FILE_SIZE.key(), ByteSize.format(logs.maxFileSize()));
        values.put(Setting.LOG_BACKUPS.key(), Integer.toString(logs.backups()));
        values.put(Setting.LOG_COMPRESS.key(), Boolean.toString(logs.compress()));
        values.put(Setting.LOG_QUEUE_SIZE.key(), Integer.toString(logs.queueSize()));
        values.put(Setting.LOG_DISCARD_WHEN_BUSY.key(), Boolean.toString(logs.discardWhenBusy()));
        values.put(
                Setting.ROTATION_RULES.key(),
                retention.rules().stream().map(RotationRule::toString).collect(Collectors.joining("; ")));
        values.put(Setting.ROTATION_DELAY_COMPRESS.key(), Boolean.toString(retention.delayCompress()));
        values.put(
                Setting.RETENTION_DAYS.key(),
                Integer.toString(retention.policy().maxAgeDays()));
        values.put(
                Setting.RETENTION_MAX_TOTAL_SIZE.key(),
                ByteSize.format(retention.policy().maxTotalBytes()));
        values.put(
                Setting.RETENTION_DELETE_FIRST.key(),
                String.join(",", retention.policy().deleteFirst()));
        values.put(Setting.AUDIT_DAYS.key(), Integer.toString(logs.auditDays()));
        values.put(Setting.ARCHIVE_DIR.key(), retention.archiveDirectory().toString());
        values.put(Setting.ARCHIVE_KEEP.key(), Integer.toString(retention.archiveKeep()));
        values.put(Setting.ARCHIVE_DAYS.key(), Integer.toString(retention.archiveDays()));
        DirectoryPolicy reports = retention.otherDirectories().get(0);
        values.put(Setting.REPORTS_DIR.key(), reports.directory().toString());
        values.put(Setting.REPORTS_DAYS.key(), Integer.toString(reports.maxAgeDays()));
        values.put(Setting.REPORTS_KEEP.key(), Integer.toString(reports.keep()));
        DirectoryPolicy backtests = retention.otherDirectories().get(1);
        values.put(Setting.BACKTESTS_DIR.key(), backtests.directory().toString());
        values.put(Setting.BACKTESTS_DAYS.key(), Integer.toString(backtests.maxAgeDays()));
        values.put(Setting.BACKTESTS_KEEP.key(), Integer.toString(backtests.keep()));
        values.put(Setting.SCHEDULE_ROTATION.key(), retention.rotation().toString());
        values.put(Setting.SCHEDULE_RETENTION.key(), retention.retention().toString());
        values.put(Setting.SCHEDULE_SIZE_CHECK.key(), retention.sizeCheck().toString());
        values.put(Setting.SCHEDULE_ARCHIVE.key(), retention.archive().toString());
        values.put(Setting.MONITOR_INTERVAL.key(), Durations.format(monitor.interval()));
        values.put(
                Setting.MONITOR_PATHS.key(),
                monitor.paths().stream()
                        .skip(logs.directory().startsWith(home) ? 1 : 2)
                        .map(Path::toString)
                        .collect(Collectors.joining(",")));
        values.put(Setting.MONITOR_HISTORY.key(), Durations.format(monitor.history()));
        values.put(Setting.MONITOR_ACTIONS.key(), monitor.actions().toString());
        values.put(Setting.MONITOR_DISK_CLEANUP_TARGET.key(), ByteSize.format(monitor.diskCleanupTarget()));
        values.put(Setting.ALERTS_MIN_INTERVAL.key(), Durations.format(monitor.alertInterval()));
        values.put(
                Setting.ALERTS_WEBHOOKS.key(), String.valueOf(alerts.webhooks().size()) + " configured");
        values.put(Setting.ALERTS_ALLOW_PRIVATE.key(), Boolean.toString(alerts.allowPrivateTargets()));
        values.put(Setting.ALERTS_TIMEOUT.key(), Durations.format(alerts.timeout()));
        values.put(Setting.ALERTS_HEALTH_CHECKS.key(), Integer.toString(alerts.healthChecks()));
        values.put(
                Setting.ALERTS_LOG_RULES.key(),
                alerts.logRules().stream().map(LogRule::text).collect(Collectors.joining("; ")));
        values.put(Setting.ALERTS_ALERTMANAGERS.key(), String.join(",", alerts.alertmanagers()));
        values.put(
                Setting.ALERTS_ALERTMANAGER_AUTH_FILE.key(),
                alerts.alertmanagerAuthFile() == null
                        ? ""
                        : alerts.alertmanagerAuthFile() + " ("
                                + alerts.alertmanagerAuth().scheme() + ")");
        values.put(
                Setting.ALERTS_LABELS.key(),
                alerts.labels().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",")));
        values.put(Setting.ALERTS_INSTANCE.key(), alerts.instance());
        values.put(Setting.ALERTS_EXTERNAL_URL.key(), alerts.externalUrl());
        values.put(Setting.ALERTS_GROUP_BY.key(), String.join(",", alerts.groupBy()));
        values.put(Setting.SECURITY_TRUST_LOOPBACK.key(), Boolean.toString(security.trustLoopback()));
        values.put(
                Setting.SECURITY_OPEN_HEALTH.key(),
                Boolean.toString(security.policy().openHealth()));
        values.put(
                Setting.SECURITY_OPEN_PROBES.key(),
                Boolean.toString(security.policy().openProbes()));
        values.put(
                Setting.SECURITY_OPEN_METRICS.key(),
                Boolean.toString(security.policy().openMetrics()));
        BackupSettings b = backup.settings();
        values.put(
                Setting.BACKUP_SOURCES.key(),
                b.sources().stream()
                        .map(p -> b.optional().contains(p) ? p + "?" : p.toString())
                        .collect(Collectors.joining(",")));
        values.put(Setting.BACKUP_DIR.key(), b.directory().toString());
        values.put(
                Setting.BACKUP_KEY_FILE.key(),
                b.keyFile() == null ? "" : b.keyFile().toString());
        values.put(
                Setting.BACKUP_KEEP_LAST.key(), Integer.toString(b.retention().keepLast()));
        values.put(
                Setting.BACKUP_KEEP_DAILY.key(), Integer.toString(b.retention().keepDaily()));
        values.put(
                Setting.BACKUP_KEEP_WEEKLY.key(), Integer.toString(b.retention().keepWeekly()));
        values.put(Setting.BACKUP_DAYS.key(), Integer.toString(b.retention().maxAgeDays()));
        values.put(
                Setting.BACKUP_MAX_TOTAL_SIZE.key(),
                b.retention().maxTotalBytes() == 0
                        ? "0"
                        : ByteSize.format(b.retention().maxTotalBytes()));
        values.put(
                Setting.BACKUP_RESTORE_MAX_ENTRIES.key(),
                Long.toString(b.limits().maxEntries()));
        values.put(
                Setting.BACKUP_RESTORE_MAX_SIZE.key(),
                ByteSize.format(b.limits().maxTotalBytes()));
        values.put(
                Setting.BACKUP_RESTORE_MAX_RATIO.key(), Long.toString(b.limits().maxRatio()));
        values.put(Setting.BACKUP_STALE_AFTER.key(), Durations.format(backup.staleAfter()));
        values.put(Setting.BACKUP_DRILL_STALE_AFTER.key(), Durations.format(backup.drillStaleAfter()));
        values.put(Setting.SCHEDULE_BACKUP.key(), backup.backup().toString());
        values.put(Setting.SCHEDULE_DRILL.key(), backup.drill().toString());
        values.put(
                Setting.BOT_PID_FILE.key(),
                bot.pidFile() == null ? "" : bot.pidFile().toString());
        values.put(Setting.BOT_SYSTEMD_UNIT.key(), bot.systemdUnit() == null ? "" : bot.systemdUnit());
        values.put(
                Setting.BOT_HEALTH_URL.key(),
                bot.healthUrl() == null ? "" : bot.healthUrl().toString());
        values.put(Setting.BOT_INTERVAL.key(), Durations.format(bot.interval()));
        values.put(Setting.BOT_TIMEOUT.key(), Durations.format(bot.timeout()));
        values.put(Setting.BOT_FAILURES_BEFORE_RESTART.key(), Integer.toString(bot.failuresBeforeRestart()));
        values.put(
                Setting.BOT_RESTART_COMMAND.key(),
                bot.restartCommand() == null ? "" : bot.restartCommand().toString());
        values.put(Setting.BOT_RESTART_TIMEOUT.key(), Durations.format(bot.restartTimeout()));
        values.put(Setting.BOT_START_GRACE.key(), Durations.format(bot.startGrace()));
        values.put(Setting.BOT_MAX_RESTARTS.key(), Integer.toString(bot.maxRestarts()));
        values.put(Setting.BOT_RESTART_WINDOW.key(), Durations.format(bot.restartWindow()));
        if (remote == null) {
            for (Setting s : Setting.values()) {
                if (s.key().startsWith("ops.remote.")) {
                    values.put(s.key(), s.key().equals(Setting.REMOTE_URL.key()) ? "" : "(no remote)");
                }
            }
        } else {
            values.put(Setting.REMOTE_URL.key(), "s3://" + remote.bucket() + "/" + remote.prefix());
            values.put(
                    Setting.REMOTE_ENDPOINT.key(),
                    remote.endpoint() == null ? "" : remote.endpoint().toString());
            values.put(Setting.REMOTE_REGION.key(), remote.region());
            values.put(Setting.REMOTE_PATH_STYLE.key(), Boolean.toString(remote.pathStyle()));
            values.put(
                    Setting.REMOTE_CREDENTIALS_FILE.key(),
                    remote.credentialsFile() == null
                            ? ""
                            : remote.credentialsFile().toString());
            values.put(Setting.REMOTE_HOST.key(), remote.host());
            values.put(Setting.REMOTE_STALE_AFTER.key(), Durations.format(remote.staleAfter()));
            values.put(Setting.REMOTE_KEEP_LOCAL.key(), Integer.toString(remote.keepLocal()));
            values.put(Setting.REMOTE_PART_SIZE.key(), ByteSize.format(remote.partSize()));
            values.put(Setting.REMOTE_MULTIPART_THRESHOLD.key(), ByteSize.format(remote.multipartThreshold()));
            values.put(Setting.REMOTE_TIMEOUT.key(), Durations.format(remote.timeout()));
            values.put(Setting.REMOTE_INTERVAL.key(), Durations.format(remote.interval()));
            values.put(Setting.REMOTE_DRILLS.key(), remote.drills().name().toLowerCase(Locale.ROOT));
        }
        values.put(
                Setting.FLEET_PROMETHEUS_URL.key(),
                fleet.enabled() ? fleet.prometheusUrl().toString() : "");
        values.put(Setting.FLEET_JOB.key(), fleet.job());
        return values;
    }

    private static Path writableHome(String value) {
        String allowed = "must be a directory this process can create and write";
        Path home;
        try {
            home = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(Setting.HOME.key(), value, "not a path; " + allowed, e);
        }
        try {
            Files.createDirectories(home);
            Path probe = Files.createTempFile(home, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InvalidSettingException(
                    Setting.HOME.key(),
                    value,
                    "cannot be written (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); " + allowed,
                    e);
        }
        return home;
    }

    /** Reads one key at a time, so every error names its key and value. */
    private record Reader(Function<String, Optional<String>> source) {

        String text(Setting setting) {
            return source.apply(setting.key())
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .orElse(setting.defaultValue());
        }

        Environment environment() {
            String value = text(Setting.ENVIRONMENT);
            try {
                return Environment.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.ENVIRONMENT.key(), value, "must be " + Environment.allowed());
            }
        }

        Level level(Setting setting) {
            String value = text(setting);
            Level level = Level.toLevel(value, null);
            if (level == null || level == Level.ALL || level == Level.OFF) {
                throw new InvalidSettingException(setting.key(), value, "must be " + LEVELS);
            }
            return level;
        }

        long size(Setting setting, long fallback) {
            String value = text(setting);
            if (value == null) {
                return fallback;
            }
            try {
                return ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(
                        setting.key(), value, "must be a size greater than zero in B, KB, MB or GB, like 10MB");
            }
        }

        int integer(Setting setting, int min, int max) {
            String value = text(setting);
            String allowed = "must be a whole number from " + min + " to " + max;
            try {
                int number = Integer.parseInt(value);
                if (number < min || number > max) {
                    throw new InvalidSettingException(setting.key(), value, allowed);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(setting.key(), value, allowed);
            }
        }

        RetentionPolicy policy(int backups) {
            int days = integer(Setting.RETENTION_DAYS, 1, RetentionPolicy.MAX_AGE_DAYS);
            long cap = size(Setting.RETENTION_MAX_TOTAL_SIZE, 0);
            String order = text(Setting.RETENTION_DELETE_FIRST);
            List<String> deleteFirst =
                    Arrays.stream(order.split(",")).map(String::trim).toList();
            if (deleteFirst.stream().anyMatch(n -> n.isEmpty() || n.contains("/"))) {
                throw new InvalidSettingException(
                        Setting.RETENTION_DELETE_FIRST.key(),
                        order,
                        "must be log names or globs separated by commas, like general.log,*,errors.log");
            }
            return new RetentionPolicy(backups, days, cap, deleteFirst);
        }

        List<RotationRule> rules(Setting setting) {
            String value = text(setting);
            try {
                return RotationRule.parseAll(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting.key(), value, e.getMessage());
            }
        }

        CronSchedule schedule(Setting setting) {
            String value = text(setting);
            try {
                return CronSchedule.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting.key(), value, e.getMessage());
            }
        }

        /** A directory relative to {@code home} unless absolute; created, so a typo fails now, not at 03:00. */
        Path directory(Setting setting, Path home) {
            String value = text(setting);
            try {
                Path dir = home.resolve(value).toAbsolutePath().normalize();
                Files.createDirectories(dir);
                return dir;
            } catch (InvalidPathException | IOException e) {
                throw new InvalidSettingException(
                        setting.key(), value, "must be a directory this process can create (" + e.getMessage() + ")");
            }
        }

        /**
         * As {@link #directory}, but one that is missing is made {@code rwx------} from the start: the backup
         * directory holds {@code .env}, and made with the umask's mode it would be open to others until the backup
         * code tightened it, which would then warn of a mode nobody loosened. An existing one is left as it is.
         */
        Path ownerOnlyDirectory(Setting setting, Path home) {
            String value = text(setting);
            try {
                Path dir = home.resolve(value).toAbsolutePath().normalize();
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir.getParent());
                    Files.createDirectories(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                return dir;
            } catch (InvalidPathException | IOException | UnsupportedOperationException e) {
                throw new InvalidSettingException(
                        setting.key(), value, "must be a directory this process can create (" + e.getMessage() + ")");
            }
        }

        Duration duration(Setting setting, Duration min, Duration max) {
            String value = text(setting);
            String allowed = "must be a duration from " + Durations.format(min) + " to " + Durations.format(max)
                    + " with a unit (ms, s, m, h, d), like 5s";
            try {
                Duration d = Durations.parse(value);
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    throw new InvalidSettingException(setting.key(), value, allowed);
                }
                return d;
            } catch (IllegalArgumentException e) {
                if (e instanceof InvalidSettingException invalid) {
                    throw invalid;
                }
                throw new InvalidSettingException(setting.key(), value, allowed);
            }
        }

        List<String> list(Setting setting) {
            String value = text(setting);
            return value == null
                    ? List.of()
                    : Arrays.stream(value.split(","))
                            .map(String::trim)
                            .filter(v -> !v.isEmpty())
                            .toList();
        }

        Path path(Setting setting, String value) {
            try {
                return Path.of(value).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new InvalidSettingException(setting.key(), value, "must be directory paths separated by commas");
            }
        }

        ActionPlan actions(Setting setting) {
            String value = text(setting);
            try {
                return ActionPlan.parse(value == null ? "" : value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting.key(), value, e.getMessage());
            }
        }

        /** The log rules; the message names the rule and what is wrong with it. */
        List<LogRule> logRules() {
            String value = text(Setting.ALERTS_LOG_RULES);
            try {
                return LogRule.parseAll(value == null ? "" : value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.ALERTS_LOG_RULES.key(), value, e.getMessage());
            }
        }

        /** Webhooks are checked like the ones added over JMX; the key names the first bad one. */
        List<String> webhooks(Setting setting, boolean allowPrivate) {
            List<String> urls = list(setting);
            for (String url : urls) {
                try {
                    WebhookUrl.validate(url, allowPrivate);
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingException(setting.key(), text(setting), e.getMessage());
                }
            }
            return urls;
        }

        /**
         * Alertmanager base URLs, checked as webhooks are; the key names the first bad one. A name that does not
         * resolve only warns: at boot DNS or the Alertmanager's own record may not be there yet, and every send
         * checks again (a name that resolves to a forbidden address is refused here and there).
         */
        List<String> alertmanagers(boolean allowPrivate) {
            List<String> urls = list(Setting.ALERTS_ALERTMANAGERS);
            for (String url : urls) {
                try {
                    WebhookUrl.validate(url, allowPrivate, "Alertmanager URL");
                } catch (WebhookUrl.UnresolvedHost e) {
                    LOG.warn(
                            "{}: the host of Alertmanager {} does not resolve now; sends to it are retried, and its "
                                    + "address is checked before each",
                            Setting.ALERTS_ALERTMANAGERS.key(),
                            e.uri().getScheme() + "://" + e.uri().getHost()
                                    + (e.uri().getPort() < 0
                                            ? ""
                                            : ":" + e.uri().getPort()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingException(
                            Setting.ALERTS_ALERTMANAGERS.key(), text(Setting.ALERTS_ALERTMANAGERS), e.getMessage());
                }
            }
            return urls;
        }

        /** {@code ops.alerts.labels}: name=value pairs, checked. */
        Map<String, String> alertLabels() {
            String value = text(Setting.ALERTS_LABELS);
            try {
                return AlertLabels.parseLabels(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.ALERTS_LABELS.key(), value, e.getMessage());
            }
        }

        /** {@code ops.alerts.instance}, or this host's name. */
        String alertInstance() {
            String value = text(Setting.ALERTS_INSTANCE);
            if (value == null || value.isEmpty()) {
                String host = HostName.local();
                return host.isBlank() ? "localhost" : host;
            }
            if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidSettingException(
                        Setting.ALERTS_INSTANCE.key(), value, "must not hold control characters");
            }
            return value;
        }

        /** {@code ops.alerts.externalUrl}: empty, or an absolute http(s) URL. */
        String externalUrl() {
            String value = text(Setting.ALERTS_EXTERNAL_URL);
            if (value == null || value.isEmpty()) {
                return "";
            }
            try {
                java.net.URI uri = new java.net.URI(value);
                String scheme = uri.getScheme();
                if (uri.getHost() != null
                        && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                        && uri.getRawUserInfo() == null) {
                    return value;
                }
            } catch (java.net.URISyntaxException e) {
                // refused below
            }
            throw new InvalidSettingException(
                    Setting.ALERTS_EXTERNAL_URL.key(),
                    value,
                    "must be an absolute http or https URL without credentials, like https://ops-1.example/");
        }

        /** {@code ops.alerts.groupBy}: label names, or {@code ...}. */
        List<String> groupBy() {
            try {
                return AlertLabels.checkedGroupBy(list(Setting.ALERTS_GROUP_BY));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(
                        Setting.ALERTS_GROUP_BY.key(), text(Setting.ALERTS_GROUP_BY), e.getMessage());
            }
        }

        Path alertmanagerAuthFile(Path home) {
            String value = text(Setting.ALERTS_ALERTMANAGER_AUTH_FILE);
            return value == null || value.isEmpty()
                    ? null
                    : relative(Setting.ALERTS_ALERTMANAGER_AUTH_FILE, value, home);
        }

        /** Read now, so a file others can read, or a malformed one, stops the start. */
        AlertmanagerAuth alertmanagerAuth(Path home) {
            Path file = alertmanagerAuthFile(home);
            if (file == null) {
                return null;
            }
            try {
                return AlertmanagerAuth.read(file);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(
                        Setting.ALERTS_ALERTMANAGER_AUTH_FILE.key(),
                        text(Setting.ALERTS_ALERTMANAGER_AUTH_FILE),
                        e.getMessage());
            }
        }

        /** The bot's directory, relative to {@code home}; it must exist, so a typo stops the start. */
        Path botHome(Path home) {
            String value = text(Setting.BOT_HOME);
            if (value.isEmpty()) {
                return null;
            }
            Path bot = relative(Setting.BOT_HOME, value, home);
            if (!Files.isDirectory(bot)) {
                throw new InvalidSettingException(Setting.BOT_HOME.key(), value, "must be an existing directory");
            }
            return bot;
        }

        /**
         * The managed log directory: {@code ops.logs.dir}, else {@code <bot>/logs}, else {@code home/logs}; created,
         * and probed with a temp file, so a directory we cannot write stops the start instead of losing logs.
         */
        Path logDirectory(Path home, Path botHome) {
            String value = text(Setting.LOGS_DIR);
            Path dir;
            if (value == null || value.isEmpty()) {
                dir = (botHome == null ? home : botHome).resolve("logs");
                value = dir.toString();
            } else {
                dir = relative(Setting.LOGS_DIR, value, home);
            }
            if (home.startsWith(dir)) {
                // Rotation and retention act on every file the directory holds: not on state, backups and users.
                throw new InvalidSettingException(
                        Setting.LOGS_DIR.key(), value, "must not be ops.home " + home + " or a directory above it");
            }
            if (botHome != null && botHome.startsWith(dir)) {
                // The same for the bot's home: its data/ and .env must never be rotated or pruned.
                throw new InvalidSettingException(
                        Setting.LOGS_DIR.key(),
                        value,
                        "must not be ops.bot.home " + botHome + " or a directory above it; use a directory inside it, "
                                + "like " + botHome.resolve("logs"));
            }
            try {
                Files.createDirectories(dir);
                Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
                Files.delete(probe);
            } catch (IOException | SecurityException e) {
                throw new InvalidSettingException(
                        Setting.LOGS_DIR.key(),
                        value,
                        "must be a directory this process can create and write ("
                                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                        e);
            }
            return dir;
        }

        /**
         * The backup sources: {@code ops.backup.sources}, relative to {@code home} unless absolute, a trailing
         * {@code ?} marking one optional; by default {@code data}, the log directory and {@code .env} of the bot's
         * directory, or of {@code home} when there is no bot.
         */
        BackupPlan backup(Path home, Path botHome, Path logDirectory) {
            List<Path> sources = new java.util.ArrayList<>();
            java.util.Set<Path> optional = new java.util.HashSet<>();
            List<String> configured = list(Setting.BACKUP_SOURCES);
            if (configured.isEmpty()) {
                Path base = botHome == null ? home : botHome;
                sources.addAll(List.of(base.resolve("data"), logDirectory, base.resolve(".env")));
            }
            for (String source : configured) {
                boolean mayBeMissing = source.endsWith("?");
                String name =
                        mayBeMissing ? source.substring(0, source.length() - 1).trim() : source;
                if (name.isEmpty()) {
                    throw new InvalidSettingException(
                            Setting.BACKUP_SOURCES.key(),
                            text(Setting.BACKUP_SOURCES),
                            "must be paths separated by commas, each optionally ending with ?");
                }
                Path path = relative(Setting.BACKUP_SOURCES, name, home);
                sources.add(path);
                if (mayBeMissing) {
                    optional.add(path);
                }
            }
            String sourcesText = sources.stream().map(Path::toString).collect(Collectors.joining(","));
            Path directory = ownerOnlyDirectory(Setting.BACKUP_DIR, home);
            String keyText = text(Setting.BACKUP_KEY_FILE);
            Path key = keyText == null || keyText.isEmpty() ? null : relative(Setting.BACKUP_KEY_FILE, keyText, home);
            if (key != null) {
                try {
                    BackupKey.read(key); // an unusable key must stop the deployment, not the Sunday backup
                } catch (IllegalArgumentException e) {
                    throw new InvalidSettingException(Setting.BACKUP_KEY_FILE.key(), keyText, e.getMessage());
                }
            }
            long cap = "0".equals(text(Setting.BACKUP_MAX_TOTAL_SIZE)) ? 0 : size(Setting.BACKUP_MAX_TOTAL_SIZE, 0);
            RetentionRules retention = new RetentionRules(
                    integer(Setting.BACKUP_KEEP_LAST, 0, 10_000),
                    integer(Setting.BACKUP_KEEP_DAILY, 0, 10_000),
                    integer(Setting.BACKUP_KEEP_WEEKLY, 0, 10_000),
                    integer(Setting.BACKUP_DAYS, 0, 36_500),
                    cap);
            RestoreLimits limits = new RestoreLimits(
                    integer(Setting.BACKUP_RESTORE_MAX_ENTRIES, 1, 100_000_000),
                    size(Setting.BACKUP_RESTORE_MAX_SIZE, 0),
                    integer(Setting.BACKUP_RESTORE_MAX_RATIO, 2, 100_000));
            BackupSettings settings;
            try {
                settings = new BackupSettings(
                        sources,
                        optional,
                        directory,
                        home.resolve("state").resolve("backup-state.json"),
                        key,
                        limits,
                        retention,
                        BackupSettings.DEFAULT_LEVEL,
                        BackupSettings.DEFAULT_BLOCK,
                        HostName.local());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.BACKUP_SOURCES.key(), sourcesText, e.getMessage());
            }
            // A source that contains the backup directory is fine (the writer leaves it out); the directory
            // itself as a source would back up nothing but backups.
            if (sources.contains(directory)) {
                throw new InvalidSettingException(
                        Setting.BACKUP_SOURCES.key(),
                        sourcesText,
                        "cannot include the backup directory " + directory + " itself");
            }
            return new BackupPlan(
                    settings,
                    schedule(Setting.SCHEDULE_BACKUP),
                    schedule(Setting.SCHEDULE_DRILL),
                    duration(Setting.BACKUP_STALE_AFTER, Duration.ofHours(1), Duration.ofDays(3650)),
                    duration(Setting.BACKUP_DRILL_STALE_AFTER, Duration.ofHours(1), Duration.ofDays(3650)));
        }

        /** The remote, or null when {@code ops.remote.url} is empty; credentials are checked here, not at upload. */
        RemoteSettings remote(Path home) {
            String url = text(Setting.REMOTE_URL);
            if (url.isEmpty()) {
                return null;
            }
            String[] location = parsed(Setting.REMOTE_URL, () -> RemoteSettings.parseUrl(url));
            String endpointText = text(Setting.REMOTE_ENDPOINT);
            java.net.URI endpoint = endpointText.isEmpty()
                    ? null
                    : parsed(Setting.REMOTE_ENDPOINT, () -> RemoteSettings.endpoint(endpointText));
            String credentialsText = text(Setting.REMOTE_CREDENTIALS_FILE);
            Path credentials =
                    credentialsText.isEmpty() ? null : relative(Setting.REMOTE_CREDENTIALS_FILE, credentialsText, home);
            String hostText = text(Setting.REMOTE_HOST);
            String region = text(Setting.REMOTE_REGION);
            if (!region.matches("[a-z0-9-]{1,32}")) {
                throw new InvalidSettingException(
                        Setting.REMOTE_REGION.key(), region, "must be a region name like us-east-1");
            }
            long part = size(Setting.REMOTE_PART_SIZE, RemoteSettings.MIN_PART);
            if (part < RemoteSettings.MIN_PART || part > RemoteSettings.MAX_PART) {
                throw new InvalidSettingException(
                        Setting.REMOTE_PART_SIZE.key(), text(Setting.REMOTE_PART_SIZE), "must be 5MB to 1GB");
            }
            long threshold = size(Setting.REMOTE_MULTIPART_THRESHOLD, RemoteSettings.MAX_SINGLE_PUT);
            if (threshold > RemoteSettings.MAX_SINGLE_PUT) {
                throw new InvalidSettingException(
                        Setting.REMOTE_MULTIPART_THRESHOLD.key(),
                        text(Setting.REMOTE_MULTIPART_THRESHOLD),
                        "must be at most 5GB, S3's limit for one PUT");
            }
            String host = parsed(
                    Setting.REMOTE_HOST, () -> RemoteSettings.host(hostText.isEmpty() ? HostName.local() : hostText));
            Duration staleAfter = duration(Setting.REMOTE_STALE_AFTER, Duration.ofHours(1), Duration.ofDays(3650));
            int keepLocal = integer(Setting.REMOTE_KEEP_LOCAL, 0, 10_000);
            Duration timeout = duration(Setting.REMOTE_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1));
            Duration interval = duration(Setting.REMOTE_INTERVAL, Duration.ofSeconds(10), Duration.ofDays(1));
            RemoteSettings.Drills drills =
                    parsed(Setting.REMOTE_DRILLS, () -> RemoteSettings.Drills.parse(text(Setting.REMOTE_DRILLS)));
            boolean pathStyle = bool(Setting.REMOTE_PATH_STYLE);
            RemoteSettings settings;
            try {
                settings = new RemoteSettings(
                        location[0],
                        location[1],
                        endpoint,
                        region,
                        pathStyle,
                        credentials,
                        host,
                        staleAfter,
                        keepLocal,
                        (int) part,
                        threshold,
                        timeout,
                        interval,
                        home.resolve("state").resolve("remote-state.json"),
                        drills);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(Setting.REMOTE_URL.key(), url, e.getMessage());
            }
            try {
                RemoteSettings.checkCredentials(settings);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(
                        Setting.REMOTE_CREDENTIALS_FILE.key(), credentialsText, e.getMessage());
            }
            return settings;
        }

        /**
         * The bot's settings; a relative pid file is resolved against {@code base}, the restart output appended
         * in the managed log directory {@code logs}. {@code PATH}, for the restart command and systemctl, comes
         * from the same source (MicroProfile Config reads the environment), else the process's.
         */
        BotSettings bot(Path base, Path logs) {
            String pidText = text(Setting.BOT_PID_FILE);
            Path pidFile = null;
            if (!pidText.isEmpty()) {
                pidFile = parsed(Setting.BOT_PID_FILE, () -> BotSettings.pidFile(base, pidText));
            }
            String searchPath = source.apply("PATH").orElse(System.getenv("PATH"));
            String unitText = text(Setting.BOT_SYSTEMD_UNIT);
            String unit = null;
            Path systemctl = null;
            if (!unitText.isEmpty()) {
                unit = parsed(Setting.BOT_SYSTEMD_UNIT, () -> BotSettings.systemdUnit(unitText));
                if (pidFile != null) {
                    throw new InvalidSettingException(
                            Setting.BOT_SYSTEMD_UNIT.key(),
                            unitText,
                            "cannot be set with " + Setting.BOT_PID_FILE.key() + "; set one of them");
                }
                systemctl = parsed(Setting.BOT_SYSTEMD_UNIT, () -> BotSettings.systemctl(searchPath));
            }
            String urlText = text(Setting.BOT_HEALTH_URL);
            java.net.URI url =
                    urlText.isEmpty() ? null : parsed(Setting.BOT_HEALTH_URL, () -> BotSettings.healthUrl(urlText));
            String commandText = text(Setting.BOT_RESTART_COMMAND);
            RestartCommand command = commandText.isEmpty()
                    ? null
                    : parsed(Setting.BOT_RESTART_COMMAND, () -> RestartCommand.parse(commandText, searchPath));
            return new BotSettings(
                    pidFile,
                    unit,
                    systemctl,
                    url,
                    duration(Setting.BOT_INTERVAL, Duration.ofSeconds(1), Duration.ofHours(1)),
                    duration(Setting.BOT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1)),
                    integer(Setting.BOT_FAILURES_BEFORE_RESTART, 1, 100),
                    command,
                    duration(Setting.BOT_RESTART_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)),
                    duration(Setting.BOT_START_GRACE, Duration.ofSeconds(1), Duration.ofHours(1)),
                    integer(Setting.BOT_MAX_RESTARTS, 1, 100),
                    duration(Setting.BOT_RESTART_WINDOW, Duration.ofMinutes(1), Duration.ofDays(1)),
                    logs);
        }

        /** The fleet view's Prometheus, checked now, so a typo stops the start rather than the page. */
        FleetSettings fleet() {
            String job = parsed(Setting.FLEET_JOB, () -> FleetSettings.job(text(Setting.FLEET_JOB)));
            String url = text(Setting.FLEET_PROMETHEUS_URL);
            if (url.isEmpty()) {
                return new FleetSettings(null, job, FleetSettings.DEFAULT_TIMEOUT);
            }
            return new FleetSettings(
                    parsed(Setting.FLEET_PROMETHEUS_URL, () -> FleetSettings.prometheusUrl(url)),
                    job,
                    FleetSettings.DEFAULT_TIMEOUT);
        }

        /** The parser's refusal, as a refusal of this setting. */
        <T> T parsed(Setting setting, java.util.function.Supplier<T> parser) {
            try {
                return parser.get();
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(setting.key(), text(setting), e.getMessage());
            }
        }

        Path relative(Setting setting, String value, Path home) {
            try {
                return home.resolve(value).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new InvalidSettingException(setting.key(), value, "not a path (" + e.getMessage() + ")");
            }
        }

        boolean bool(Setting setting) {
            String value = text(setting);
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidSettingException(setting.key(), value, "must be true or false");
            };
        }
    }
}
