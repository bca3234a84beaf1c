package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.alerts.AlertDispatch;
import io.breakoutbot.ops.alerts.AlertRules;
import io.breakoutbot.ops.alerts.Alerting;
import io.breakoutbot.ops.alerts.Severity;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jmx.MBeans;
import io.breakoutbot.ops.lifecycle.CacheClearRequest;
import io.breakoutbot.ops.lifecycle.Maintenance;
import io.breakoutbot.ops.lifecycle.MaintenanceTimers;
import io.breakoutbot.ops.lifecycle.RotationFailures;
import io.breakoutbot.ops.lifecycle.SweepResult;
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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the resources every {@code ops.monitor.interval} on a non-persistent interval timer, and
 * registers the ResourceMetrics and Thresholds MXBeans. A step that is still running when the next
 * one is due is skipped, never queued; webhooks and actions run elsewhere, so a slow receiver or a long
 * cleanup never delays sampling.
 */
@Singleton
@Startup
@DependsOn({"MaintenanceTimers", "Alerting"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ResourceMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceMonitor.class);

    @Resource
    TimerService timerService;

    @Resource
    ManagedExecutorService executor;

    @Inject
    MonitorSettings config;

    @Inject
    MaintenanceTimers maintenanceTimers;

    @Inject
    Audit audit;

    @Inject
    Alerting alerting;

    @Inject
    Event<CacheClearRequest> cacheClear;

    @Inject
    RotationFailures rotationFailures;

    /** The bot's process figures, read into every sample. */
    @Inject
    WatchedProcess bot;

    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean sampling = new AtomicBoolean();
    private final List<ObjectName> registered = new ArrayList<>();
    private Monitor monitor;

    /** The OSHI sampler, made on the executor at start. */
    private Future<Sampler> sampler;

    private AlertDispatch dispatch;

    @PostConstruct
    void start() {
        ThresholdStore store = new ThresholdStore(config.stateDirectory(), clock);
        ThresholdStore.Loaded loaded;
        try {
            loaded = store.load();
        } catch (IOException e) {
            LOG.error("Cannot read {}; the default thresholds apply: {}", store.file(), e.getMessage());
            loaded = new ThresholdStore.Loaded(ThresholdSettings.defaults(), java.util.Optional.of(e.getMessage()));
        }
        loaded.problem().ifPresent(problem -> LOG.error("{}", problem));

        AlertRules rules = alerting.rules();
        dispatch = alerting.dispatch();
        Evaluator evaluator = new Evaluator(loaded.settings());
        Actions actions = new Actions(
                config.actions(),
                new Effects(config.diskCleanupTarget()),
                executor,
                config.alertInterval(),
                clock,
                audit);
        SampleHistory history = SampleHistory.covering(config.history(), config.interval());
        JmxResourceMetrics metrics = new JmxResourceMetrics(() -> monitor);
        // OSHI's discovery (its classes, JNA's native library, the first CPU reading) is the dearest part of
        // this start: made on another thread, the deployment and the first health answer do not wait for it.
        // Ticks before it is done take no sample, so health says "not sampled yet" as before any first sample.
        sampler = executor.submit(() -> new Sampler(config.paths(), clock, bot));
        monitor = new Monitor(
                () -> madeSampler().sample(), history, evaluator, rules, actions, metrics::announce, dispatch::send);
        monitor.watch(() -> RotationAlert.condition(rotationFailures.sentences(), clock.instant()));

        registered.add(MBeans.register(ResourceMetricsMXBean.OBJECT_NAME, metrics, ResourceMetricsMXBean.class));
        registered.add(MBeans.register(
                ThresholdsMXBean.OBJECT_NAME,
                new JmxThresholds(evaluator, store, audit, loaded.problem()),
                ThresholdsMXBean.class));
        long every = config.interval().toMillis();
        timerService.createIntervalTimer(every, every, new TimerConfig("sample", false));
        LOG.info(
                "Sampling every {} ms; thresholds {}; actions {}",
                every,
                JmxThresholds.describe(loaded.settings()),
                config.actions());
    }

    @Timeout
    void sample() {
        if (!sampling.compareAndSet(false, true)) {
            return; // the previous step is still running: skip rather than pile up
        }
        try {
            if (!sampler.isDone()) {
                LOG.debug("OSHI is still starting: no sample this time");
                return;
            }
            monitor.tick();
        } catch (RuntimeException e) {
            // Thrown on purpose; the container would otherwise retry the timeout at once.
            LOG.error("Sampling failed: {}", e.getMessage(), e);
        } finally {
            sampling.set(false);
        }
    }

    private Sampler madeSampler() {
        try {
            return sampler.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("OSHI could not start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while OSHI starts", e);
        }
    }

    /** The latest state, for the REST resources. */
    public Monitor monitor() {
        return monitor;
    }

    @PreDestroy
    void stop() {
        registered.forEach(MBeans::unregister);
    }

    /** What the actions do in this server. */
    private final class Effects implements Actions.Effects {

        private final long diskCleanupTarget;

        Effects(long diskCleanupTarget) {
            this.diskCleanupTarget = diskCleanupTarget;
        }

        @Override
        public String gc() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = memory.getHeapMemoryUsage().getUsed();
            System.gc(); // asked for by the memory-critical action; the JVM may still decline
            long after = memory.getHeapMemoryUsage().getUsed();
            return String.format(
                    Locale.ROOT,
                    "heap %d MB -> %d MB, %d MB freed",
                    before >> 20,
                    after >> 20,
                    Math.max(0, before - after) >> 20);
        }

        @Override
        public String clearCaches(String reason) {
            CacheClearRequest request = new CacheClearRequest(reason);
            cacheClear.fire(request);
            return request.cleared().isEmpty()
                    ? "no caches held anything"
                    : "cleared " + String.join(", ", request.cleared());
        }

        @Override
        public String logCleanup(String reason) {
            Maintenance maintenance = maintenanceTimers.maintenance();
            SweepResult result = maintenance.emergencyCleanup("monitor", diskCleanupTarget, Duration.ofMinutes(1));
            String effect = result.removed().size() + " files deleted, " + (result.bytesFreed() >> 20) + " MB freed";
            if (result.warning().isEmpty()) {
                return effect;
            }
            // The audit trail lost files it promised to keep: someone must hear of it, not only the log.
            dispatch.sendEvent(
                    "audit",
                    Severity.CRITICAL,
                    usedPercent(maintenance.lifecycle().directory()),
                    100,
                    result.warning());
            return effect + "; " + result.warning();
        }

        private double usedPercent(Path directory) {
            try {
                FileStore store = Files.getFileStore(directory);
                return Sampler.usedPercent(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
            } catch (IOException e) {
                LOG.warn("Cannot read the disk usage of {} for the audit alert: {}", directory, e.toString());
                return Double.NaN;
            }
        }
    }
}
