package io.breakoutbot.ops.config;

/**
 * Every setting the service reads: its key, its default and what it does. The table in docs/settings.md
 * is checked against this list by a test, so adding a key here without documenting it fails the build.
 *
 * <p>A key can be set as a system property ({@code -Dops.logs.backups=7}), as an environment variable
 * ({@code OPS_LOGS_BACKUPS=7}, MicroProfile Config's mapping), or in {@code $OPS_HOME/ops.properties},
 * in that order of precedence.
 */
public enum Setting {
    HOME(
            "ops.home",
            "var",
            "Directory the service writes under (its logs go to `ops.logs.dir`); relative to the working directory. "
                    + "Created if missing; must be writable."),
    EXIT_ON_ERROR(
            "ops.startup.exitOnError",
            "false",
            "`true` ends the JVM with exit code 78 (EX_CONFIG) when a setting is invalid, instead of leaving "
                    + "Payara Micro running without the application. `deploy/run.sh` sets it."),
    ENVIRONMENT("ops.environment", "development", "`development` or `production`; chooses the default log file size."),
    BOT_HOME(
            "ops.bot.home",
            "",
            "The bot's directory (the operations manual's `experiments/`); relative to `ops.home`; must exist. "
                    + "When set, the log directory defaults to `<bot>/logs` and the backup sources to `<bot>/data`, "
                    + "`<bot>/logs` and `<bot>/.env`. Empty: no bot."),
    LOGS_DIR(
            "ops.logs.dir",
            null,
            "The log directory: rotated, pruned, size-capped, archived and searched; our own logs are written "
                    + "there too. Relative to `ops.home`. Created at start; must be writable."),
    LOG_LEVEL("ops.logs.level", "INFO", "Lowest level written: TRACE, DEBUG, INFO, WARN or ERROR."),
    LOG_MAX_FILE_SIZE(
            "ops.logs.maxFileSize",
            null,
            "Size at which a log file is rotated, e.g. `512KB`, `10MB`. "
                    + "Default 5MB in development, 10MB in production."),
    LOG_BACKUPS(
            "ops.logs.backups",
            "5",
            "Rotated files kept per log, ours and other processes', 1 to 1000 (the count rule)."),
    LOG_COMPRESS(
            "ops.logs.compress",
            "true",
            "`true` gzips rotated files: ours at once, other processes' once they have been quiet for 60 s."),
    LOG_QUEUE_SIZE(
            "ops.logs.queueSize",
            "8192",
            "Events buffered between the threads that log and the thread that writes, 64 to 1048576."),
    LOG_DISCARD_WHEN_BUSY(
            "ops.logs.discardWhenBusy",
            "true",
            "`true` drops TRACE, DEBUG and INFO events while the queue is over 80% full, so a slow disk "
                    + "never blocks a request; WARN and ERROR always wait for room. "
                    + "`false` makes every event wait."),
    ROTATION_RULES(
            "ops.rotation.rules",
            "*.log 10MB",
            "Other processes' logs in `logs/`: `<glob> <size> [rename|copytruncate]`, several separated by `;`, "
                    + "first match wins. Files reaching the size are rotated at the next size check."),
    ROTATION_DELAY_COMPRESS(
            "ops.rotation.delayCompress",
            "false",
            "`true` leaves the newest rotated file of other processes' logs uncompressed until the next rotation."),
    RETENTION_DAYS(
            "ops.retention.days",
            "7",
            "Rotated files last modified more than this many days ago are deleted (the age rule), 1 to 3650."),
    RETENTION_MAX_TOTAL_SIZE(
            "ops.retention.maxTotalSize",
            "50MB",
            "When `logs/` holds more, rotated files are deleted, lowest priority and oldest first (the size cap)."),
    RETENTION_DELETE_FIRST(
            "ops.retention.deleteFirst",
            "general.log,metrics.log,api.log,*,errors.log",
            "Order in which logs give up rotated files to the size cap; `*` stands for every log not named."),
    AUDIT_DAYS(
            "ops.audit.days",
            "7",
            "Rotated `audit.log` files modified in this many days are kept, 1 to 3650, whatever the count, age and "
                    + "size rules and the `log-cleanup` action select; only a disk left with under 1 MB free takes them "
                    + "(and raises an alert)."),
    ARCHIVE_DIR(
            "ops.archive.dir",
            "archives",
            "Where `logs_archive_YYYYmmdd_HHMMSS.tar.gz` files go; relative to `ops.home`; outside `logs/`."),
    ARCHIVE_KEEP("ops.archive.keep", "10", "Archives always kept, newest first, 1 to 1000."),
    ARCHIVE_DAYS(
            "ops.archive.days",
            "30",
            "Archives beyond the kept ones are deleted once older than this many days, 1 to 3650."),
    REPORTS_DIR(
            "ops.retention.reports.dir",
            "reports",
            "Diagnostic reports directory; relative to `ops.home`. Its top-level files are pruned, never sub-directories."),
    REPORTS_DAYS("ops.retention.reports.days", "30", "Reports older than this many days are deleted, 1 to 3650."),
    REPORTS_KEEP("ops.retention.reports.keep", "100", "Reports kept at most, newest first, 1 to 100000."),
    BACKTESTS_DIR(
            "ops.retention.backtests.dir",
            "backtest_results",
            "Backtest results directory; relative to `ops.home`. Its top-level files are pruned, never sub-directories."),
    BACKTESTS_DAYS(
            "ops.retention.backtests.days", "30", "Backtest results older than this many days are deleted, 1 to 3650."),
    BACKTESTS_KEEP("ops.retention.backtests.keep", "50", "Backtest results kept at most, newest first, 1 to 100000."),
    SCHEDULE_ROTATION(
            "ops.schedule.rotation",
            "0 2 * * *",
            "Rotates every non-empty log, whatever its size. Cron syntax (see Schedules); `off` disables."),
    SCHEDULE_RETENTION(
            "ops.schedule.retention",
            "0 3 * * *",
            "Applies the three retention rules to `logs/`, and prunes reports and backtest results (archives: `ops.schedule.archive`)."),
    SCHEDULE_SIZE_CHECK(
            "ops.schedule.sizeCheck",
            "*/5 * * * *",
            "Rotates other processes' logs that reached their size, then enforces the size cap if it is exceeded."),
    SCHEDULE_ARCHIVE("ops.schedule.archive", "off", "Writes a `logs_archive_*.tar.gz` of `logs/`."),
    MONITOR_INTERVAL(
            "ops.monitor.interval",
            "5s",
            "How often CPU, memory, disk, threads and file descriptors are sampled, 1s to 1h."),
    MONITOR_PATHS(
            "ops.monitor.paths",
            "",
            "Directories whose disks are watched besides those of `ops.home` and the log directory, separated by commas."),
    MONITOR_HISTORY("ops.monitor.history", "1h", "How much sample history is kept in memory for trends, up to 24h."),
    MONITOR_ACTIONS(
            "ops.monitor.actions",
            "memory.critical=gc+clear-caches, disk.critical=log-cleanup",
            "What runs while a metric is at a level: `<metric>.<warning|critical>=<action>[+<action>]`, "
                    + "actions `gc`, `clear-caches`, `log-cleanup`; at most once per `ops.alerts.min-interval`."),
    MONITOR_DISK_CLEANUP_TARGET(
            "ops.monitor.diskCleanupTarget",
            "25MB",
            "Size the `log-cleanup` action shrinks `logs/` to, deleting rotated files in retention's order."),
    ALERTS_MIN_INTERVAL(
            "ops.alerts.min-interval",
            "5m",
            "At most one alert per metric and level in this time; a resolve comes when the condition clears."),
    ALERTS_WEBHOOKS(
            "ops.alerts.webhooks",
            "",
            "Webhook URLs that receive alerts (Alertmanager's JSON), separated by commas; more can be added over JMX."),
    ALERTS_ALLOW_PRIVATE(
            "ops.alerts.allowPrivateTargets",
            "false",
            "`true` allows webhooks on loopback and private addresses (10/8, 172.16/12, 192.168/16, fc00::/7); "
                    + "link-local and cloud metadata addresses are always refused."),
    ALERTS_TIMEOUT(
            "ops.alerts.timeout",
            "5s",
            "Connect and response timeout of each webhook delivery and each send to an Alertmanager; 5xx, 429 and "
                    + "timeouts are retried 3 times with backoff."),
    ALERTS_HEALTH_CHECKS(
            "ops.alerts.healthChecks",
            "3",
            "Checks in a row (one per `ops.monitor.interval`) that an `/api/health` component must be DOWN or "
                    + "DEGRADED before it raises an alert (`health.<component>`), 1 to 1000; it resolves when UP."),
    ALERTS_LOG_RULES(
            "ops.alerts.logRules",
            "",
            "Alerts from log lines: rules separated by `;`, each `<name>: <term> ...` with terms `level>=X` or "
                    + "`level=X`, `message~\"regex\"`, `file~\"glob\"`, `rate>N/<duration>`, `quiet=<duration>` "
                    + "(default 5m), `severity=warning` or `critical` (default critical), e.g. "
                    + "`exchange-disconnect: level>=ERROR message~\"(?i)exchange.*disconnect\"`. "
                    + "The name is the alert's `alertname`; see [logs.md](logs.md#log-rules)."),
    ALERTS_ALERTMANAGERS(
            "ops.alerts.alertmanagers",
            "",
            "Alertmanager base URLs (e.g. `http://am-1:9093`, every node of an HA cluster), separated by commas; "
                    + "alerts are pushed to `<url>/api/v2/alerts`, re-sent every minute while they fire. Checked like "
                    + "webhooks (`ops.alerts.allowPrivateTargets`)."),
    ALERTS_ALERTMANAGER_AUTH_FILE(
            "ops.alerts.alertmanagerAuthFile",
            "",
            "File (mode 600) with one line, `basic USER:PASSWORD` or `bearer TOKEN`, sent as `Authorization` to "
                    + "every Alertmanager; relative to `ops.home`. Empty: none."),
    ALERTS_LABELS(
            "ops.alerts.labels",
            "",
            "Extra labels of every alert, e.g. `env=prod,region=eu`; names `[a-zA-Z_][a-zA-Z0-9_]*`, not "
                    + "`alertname`, `severity`, `metric`, `service` or `instance`."),
    ALERTS_INSTANCE("ops.alerts.instance", "", "The `instance` label of every alert. Empty: this host's name."),
    ALERTS_EXTERNAL_URL(
            "ops.alerts.externalUrl",
            "",
            "Where operators reach this service's dashboard, e.g. `https://ops-1.example/`: the webhook's "
                    + "`externalURL` and every alert's `generatorURL`. Empty: none."),
    ALERTS_GROUP_BY(
            "ops.alerts.groupBy",
            "alertname,instance",
            "Labels a webhook message groups alerts by, as Alertmanager's `group_by` (`...` for all); they "
                    + "make its `groupKey`."),
    SECURITY_TRUST_LOOPBACK(
            "ops.security.trustLoopback",
            "true",
            "`true` lets requests from 127.0.0.0/8 and ::1 (the TCP peer, never `X-Forwarded-For`) read every "
                    + "endpoint without credentials, as `ops-reader`; changes still need an `ops-admin` user."),
    SECURITY_OPEN_HEALTH(
            "ops.security.openHealth",
            "true",
            "`true` answers `GET /api/health` without credentials, status only; `false` requires `ops-reader`. "
                    + "Its components and reasons always need `ops-reader` (or trusted loopback)."),
    SECURITY_OPEN_PROBES(
            "ops.security.openProbes",
            "true",
            "`true` serves Payara's `/health`, `/health/live`, `/health/ready`, `/health/started` without "
                    + "credentials; `false` requires `ops-reader`. Takes effect when the WAR is the root application, "
                    + "as `deploy/run.sh` deploys it (see REST security)."),
    SECURITY_OPEN_METRICS(
            "ops.security.openMetrics",
            "true",
            "`true` serves Payara's `/metrics` without credentials; `false` requires `ops-reader` (Prometheus: "
                    + "`basic_auth` or `authorization`). Root application only, like `ops.security.openProbes`."),
    BACKUP_SOURCES(
            "ops.backup.sources",
            null,
            "Files and directories backed up, separated by commas; relative to `ops.home`, or absolute. Each is "
                    + "stored under its name, so names must differ. A missing one fails the backup, unless it ends "
                    + "with `?` (`reports?`): then it is skipped and reported."),
    BACKUP_DIR(
            "ops.backup.dir",
            "backups",
            "Where `bot_backup_YYYYmmdd_HHMMSS.tar.gz` and its `.sha256` go; relative to `ops.home`; never backed up itself."),
    BACKUP_KEY_FILE(
            "ops.backup.keyFile",
            "",
            "Key file (32 raw bytes or 64 hex characters, mode 600) that encrypts backups with AES-256-GCM "
                    + "(`.tar.gz.enc`); relative to `ops.home`. Empty: not encrypted."),
    BACKUP_KEEP_LAST(
            "ops.backup.keepLast", "7", "The newest this many backups are kept, 0 to 10000 (0 turns the rule off)."),
    BACKUP_KEEP_DAILY(
            "ops.backup.keepDaily",
            "7",
            "The newest backup of each of this many most recent days with backups is kept, 0 to 10000."),
    BACKUP_KEEP_WEEKLY(
            "ops.backup.keepWeekly",
            "4",
            "The newest backup of each of this many most recent weeks with backups is kept, 0 to 10000."),
    BACKUP_DAYS(
            "ops.backup.days",
            "0",
            "Backups older than this many days are deleted even when a keep rule selects them, 0 to 36500 (0: no age limit). "
                    + "The newest verified backup is never deleted."),
    BACKUP_MAX_TOTAL_SIZE(
            "ops.backup.maxTotalSize",
            "0",
            "While the backups take more, the oldest are deleted, e.g. `20GB`; `0` means no cap."),
    BACKUP_RESTORE_MAX_ENTRIES(
            "ops.backup.restore.maxEntries",
            "200000",
            "Verify, restore and drills refuse an archive with more entries, 1 to 100000000."),
    BACKUP_RESTORE_MAX_SIZE(
            "ops.backup.restore.maxSize",
            "256GB",
            "Verify, restore and drills refuse an archive whose entries declare more bytes in all."),
    BACKUP_RESTORE_MAX_RATIO(
            "ops.backup.restore.maxRatio",
            "500",
            "Verify, restore and drills refuse an archive that expands to more than this many bytes per archive byte, 2 to 100000."),
    BACKUP_STALE_AFTER(
            "ops.backup.staleAfter",
            "8d",
            "`/api/health` shows the backup component DEGRADED when the newest verified backup is older."),
    BACKUP_DRILL_STALE_AFTER(
            "ops.backup.drillStaleAfter",
            "35d",
            "`/api/health` shows the backup component DEGRADED when the last successful restore drill is older."),
    SCHEDULE_BACKUP(
            "ops.schedule.backup",
            "0 4 * * 0",
            "Writes and verifies a backup, then applies the backup retention rules."),
    SCHEDULE_DRILL(
            "ops.schedule.drill",
            "0 5 1 * *",
            "Restores the newest backup into a scratch directory, verifies every checksum and deletes the scratch."),
    BOT_PID_FILE(
            "ops.bot.pidFile",
            "",
            "The bot's pid file (first line: its pid; optional second line: its start time in clock ticks after boot, matched exactly); "
                    + "absolute, or relative to `ops.bot.home` (else `ops.home`) without `..`. Without a second line, a pid whose "
                    + "process started after the file was written is another program's: never counted nor signalled."),
    BOT_SYSTEMD_UNIT(
            "ops.bot.systemdUnit",
            "",
            "The bot's systemd unit, read with `systemctl show` (systemctl found on `PATH` at start); instead of `ops.bot.pidFile`, "
                    + "not with it."),
    BOT_HEALTH_URL(
            "ops.bot.healthUrl",
            "",
            "The bot's health URL, e.g. `http://127.0.0.1:8000/api/health`: http or https, loopback allowed, "
                    + "link-local and cloud metadata addresses refused, redirects not followed. With none of the "
                    + "three bot keys set the bot check is off."),
    BOT_INTERVAL("ops.bot.interval", "10s", "How often the bot is checked, 1s to 1h."),
    BOT_TIMEOUT(
            "ops.bot.timeout",
            "5s",
            "Deadline of one health URL request (resolve, connect, headers and body), 100ms to 1m; a 2xx slower than half of it "
                    + "is DEGRADED."),
    BOT_FAILURES_BEFORE_RESTART(
            "ops.bot.failuresBeforeRestart",
            "3",
            "DOWN checks in a row (dead, stopped, no answer) before the restart command runs, 1 to 100."),
    BOT_RESTART_COMMAND(
            "ops.bot.restartCommand",
            "",
            "Restarts the bot: an absolute program path or a name on `PATH`, then arguments separated by spaces; "
                    + "run without a shell. Empty: the bot is never restarted."),
    BOT_RESTART_TIMEOUT(
            "ops.bot.restartTimeout", "60s", "The restart command is killed when it runs longer, 1s to 1h."),
    BOT_START_GRACE(
            "ops.bot.startGrace", "30s", "After a restart, failed checks are not counted for this long, 1s to 1h."),
    BOT_MAX_RESTARTS(
            "ops.bot.maxRestarts",
            "3",
            "The loop guard: after this many automatic restarts within `ops.bot.restartWindow`, restarts pause "
                    + "until an operator resumes them, 1 to 100."),
    BOT_RESTART_WINDOW("ops.bot.restartWindow", "10m", "The loop guard's window, 1m to 1d."),
    REMOTE_URL(
            "ops.remote.url",
            "",
            "Off-host copies of verified backups and log archives go to this bucket and prefix, `s3://bucket/prefix`, "
                    + "below `<prefix>/<ops.remote.host>/`. Empty: no remote."),
    REMOTE_ENDPOINT(
            "ops.remote.endpoint",
            "",
            "The S3 endpoint of a store other than AWS S3 (MinIO, Ceph, Backblaze B2, Wasabi, Hetzner, Scaleway), "
                    + "`http(s)://host[:port]`. Empty: AWS S3 in `ops.remote.region`."),
    REMOTE_REGION("ops.remote.region", "us-east-1", "The region requests are signed for."),
    REMOTE_PATH_STYLE(
            "ops.remote.pathStyle",
            "false",
            "Address the bucket as `endpoint/bucket/key` (MinIO, S3Proxy, most self-hosted stores) rather than "
                    + "`bucket.endpoint/key`."),
    REMOTE_CREDENTIALS_FILE(
            "ops.remote.credentialsFile",
            "",
            "An AWS credentials file of mode 600 whose `[default]` profile has `aws_access_key_id` and "
                    + "`aws_secret_access_key`; absolute or relative to `ops.home`. Empty: the `AWS_ACCESS_KEY_ID` and "
                    + "`AWS_SECRET_ACCESS_KEY` environment variables. Keys are never a plain setting."),
    REMOTE_HOST(
            "ops.remote.host",
            "",
            "This host's folder in the bucket, 1 to 63 of letters, digits, `.`, `_`, `-`; hosts sharing a bucket need "
                    + "different ones. Empty: the host name."),
    REMOTE_STALE_AFTER(
            "ops.remote.staleAfter",
            "8d",
            "`/api/health` shows the remote component DEGRADED when the newest verified remote backup is older, 1h to 10y."),
    REMOTE_KEEP_LOCAL(
            "ops.remote.keepLocal",
            "0",
            "Once their remote copies are verified, keep at most this many local backups (the newest), 0 to 10000; 0: "
                    + "local retention alone decides."),
    REMOTE_PART_SIZE(
            "ops.remote.partSize",
            "8MB",
            "Bytes per part of a multipart upload, 5MB to 1GB; up to three parts are in memory during an upload."),
    REMOTE_MULTIPART_THRESHOLD(
            "ops.remote.multipartThreshold",
            "100MB",
            "Files of at most this size are uploaded in one PUT streamed from the disk, larger ones in parts of "
                    + "ops.remote.partSize, 1B to 5GB; one PUT is one pass with no parts to assemble, but a failure "
                    + "sends the whole file again."),
    REMOTE_TIMEOUT(
            "ops.remote.timeout",
            "60s",
            "How long a request to the store may wait to connect or for the next bytes, 1s to 1h."),
    REMOTE_INTERVAL(
            "ops.remote.interval",
            "1m",
            "How often local archives are compared with the remote copies and what is missing is uploaded, 10s to 1d; "
                    + "after a failure the wait doubles up to an hour."),
    REMOTE_DRILLS(
            "ops.remote.drills",
            "alternate",
            "Which copy the scheduled restore drill takes when a remote is configured: `alternate` (local and remote "
                    + "in turn), `remote` or `local`."),
    FLEET_PROMETHEUS_URL(
            "ops.fleet.prometheusUrl",
            "",
            "A Prometheus that scrapes every breakout-ops host, `http(s)://host[:port][/path]`: the dashboard then "
                    + "shows the fleet, which this server asks Prometheus' HTTP API for. Loopback and private "
                    + "addresses are allowed, link-local and metadata addresses refused. Empty: no fleet view."),
    FLEET_JOB(
            "ops.fleet.job",
            "breakout-ops",
            "The Prometheus scrape job whose targets are the fleet's hosts; each target's `instance` (host:port) "
                    + "is where its dashboard answers.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The default, or {@code null} when it is derived from other settings (the description says how). */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
