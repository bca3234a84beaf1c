package io.breakoutbot.ops.remote;

import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.alerts.Severity;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.backup.BackupTimers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the remote component when {@code ops.remote.url} is set: hands the copies to the backup component (for
 * remote listings, restores and drills) and runs a {@link RemoteCopies#sync() pass} every {@code ops.remote.interval}
 * on the container's timer, waiting out the back-off after a failure. A failed pass raises the {@code remote.upload}
 * alert; health reports an old newest copy.
 */
@Singleton
@Startup
@DependsOn("Logging")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RemoteTimers {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteTimers.class);
    /** The first pass waits this long, so that it never slows the start or the first health answer. */
    private static final Duration FIRST_PASS = Duration.ofSeconds(5);

    @Resource
    TimerService timerService;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    RemotePlan plan;

    @Inject
    BackupTimers backups;

    @Inject
    Alerting alerting;

    @Inject
    Audit audit;

    private RemoteCopies copies;

    @PostConstruct
    void start() {
        RemoteSettings settings = plan.settings();
        if (settings == null) {
            LOG.info("No remote: backups and log archives stay on this host (set ops.remote.url to copy them off)");
            return;
        }
        copies = new RemoteCopies(
                settings, backups.jobs(), plan.logArchives(), Clock.systemUTC(), threads, audit, this::failed);
        backups.offHost(copies);
        // Ticks every 10 s at most; whether a pass is due (interval, back-off) is the copies' decision.
        long tick = Math.min(settings.interval().toMillis(), 10_000);
        timerService.createIntervalTimer(FIRST_PASS.toMillis(), tick, new TimerConfig("remote-sync", false));
        LOG.info(
                "Copying verified backups and log archives to {} at {} every {}",
                settings.location(),
                settings.where(),
                settings.interval());
    }

    @Timeout
    void tick() {
        try {
            if (copies.due()) {
                copies.sync();
            }
        } catch (RuntimeException e) {
            // Caught on purpose; the container would otherwise retry the timeout at once.
            LOG.error("Remote pass failed: {}", e.getMessage(), e);
        }
    }

    private void failed(String why) {
        alerting.dispatch().sendEvent("remote.upload", Severity.WARNING, 0, 0, "off-host copy failed: " + why);
    }

    /** The copies, or null when no remote is configured. */
    public RemoteCopies copies() {
        return copies;
    }

    @PreDestroy
    void stop() {
        if (copies != null) {
            copies.close();
        }
    }
}
