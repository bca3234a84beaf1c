package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.lifecycle.LifecycleSettings;
import io.breakoutbot.ops.lifecycle.RotationRule;
import io.breakoutbot.ops.logs.LineLevel;
import io.breakoutbot.ops.logs.LogFollower;
import io.breakoutbot.ops.logs.LogSegment;
import io.breakoutbot.ops.logs.LogSettings;
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
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every log in the log directory, the bot's and ours, once a second, like {@code tail -F}, and
 * sends the alerts of {@code ops.alerts.logRules}. Off when there are no rules. The logs are the files the
 * globs of {@code ops.rotation.rules} name (the same names the log lifecycle rotates) and our own.
 */
@Singleton
@Startup
@DependsOn("Alerting")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LogWatch {

    /** Often enough that a line reaches the receivers within seconds; reading nothing new costs a directory listing. */
    static final long POLL_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(LogWatch.class);

    @Resource
    TimerService timerService;

    @Inject
    AlertSettings settings;

    @Inject
    LogSettings logs;

    @Inject
    LifecycleSettings lifecycle;

    @Inject
    Alerting alerting;

    private final AtomicBoolean polling = new AtomicBoolean();
    private LogFollower follower;
    private LogRuleEngine engine;

    @PostConstruct
    void start() {
        List<LogRule> rules = settings.logRules();
        if (rules.isEmpty()) {
            LOG.info("No log rules (ops.alerts.logRules): log lines raise no alerts");
            return;
        }
        follower =
                new LogFollower(logs.directory(), logGlobs(lifecycle.rules()), LogFollower.DEFAULT_MAX_BYTES_PER_POLL);
        // The host's zone: the zone of the times lines write without one.
        engine = new LogRuleEngine(rules, Clock.systemDefaultZone(), alerting.payload()::fingerprint);
        timerService.createIntervalTimer(0, POLL_MILLIS, new TimerConfig("log-rules", false));
        LOG.info(
                "Following the logs in {} ({}) for {} rules: {}",
                logs.directory(),
                String.join(", ", logGlobs(lifecycle.rules())),
                rules.size(),
                rules.stream().map(LogRule::name).toList());
    }

    /** The globs of the rotation rules, then our own logs' names. */
    static List<String> logGlobs(List<RotationRule> rotationRules) {
        List<String> globs = new ArrayList<>();
        rotationRules.forEach(r -> globs.add(r.glob()));
        for (LogSegment own : LogSegment.values()) {
            globs.add(own.fileName());
        }
        return globs;
    }

    @Timeout
    void poll() {
        if (!polling.compareAndSet(false, true)) {
            return; // a burst is still being read: the next poll carries on where it stops
        }
        try {
            AlertDispatch dispatch = alerting.dispatch();
            follower.poll((file, line) -> dispatch.send(engine.accept(file, line, LineLevel.of(line))));
            dispatch.send(engine.tick());
        } catch (RuntimeException e) {
            // Caught on purpose; the container would otherwise retry the timeout at once.
            LOG.error("Following the logs for the log rules failed: {}", e.getMessage(), e);
        } finally {
            polling.set(false);
        }
    }

    /** Alerts of the log rules that hold now. */
    public List<Alert> active() {
        return engine == null ? List.of() : engine.active();
    }

    @PreDestroy
    void stop() {
        if (follower != null) {
            follower.close();
        }
    }
}
