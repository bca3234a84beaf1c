package io.breakoutbot.ops.bot;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.config.Durations;
import io.breakoutbot.ops.jmx.MBeans;
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
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * Checks the bot every {@code ops.bot.interval} on a non-persistent interval timer and registers the Bot
 * MXBean. A check still running when the next is due is skipped, never queued; the restart command runs on the
 * managed executor, so a slow restart never holds the timer thread. The {@link BotEvents} are a CDI bean when
 * one is deployed (alerts), else {@link LoggedBotEvents}.
 */
@Singleton
@Startup
@DependsOn("Logging")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BotTimers {

    private static final Logger LOG = LoggerFactory.getLogger(BotTimers.class);

    @Resource
    TimerService timerService;

    @Resource
    ManagedExecutorService executor;

    @Inject
    BotSettings settings;

    @Inject
    Audit audit;

    @Inject
    Instance<BotEvents> listeners;

    private final AtomicBoolean checking = new AtomicBoolean();
    private Bot bot;
    private ObjectName registered;

    @PostConstruct
    void start() {
        BotEvents events = listeners.isResolvable() ? listeners.get() : new LoggedBotEvents();
        bot = new Bot(settings, new SystemInfo(), executor, audit, events, Clock.systemUTC());
        registered = MBeans.register(BotMXBean.OBJECT_NAME, new JmxBot(bot, restartWait(), audit), BotMXBean.class);
        if (!bot.enabled()) {
            LOG.info("Bot check off: no ops.bot.pidFile, ops.bot.systemdUnit or ops.bot.healthUrl");
            return;
        }
        long every = settings.interval().toMillis();
        timerService.createIntervalTimer(every, every, new TimerConfig("bot-check", false));
        LOG.info(
                "Checking the bot every {} ms: {}{}; restart command {}, after {} failed checks, at most {} within {}",
                every,
                settings.pidFile() != null
                        ? "pid file " + settings.pidFile()
                        : settings.systemdUnit() != null ? "systemd unit " + settings.systemdUnit() : "no process",
                settings.healthUrl() == null ? "" : ", " + settings.healthUrl(),
                settings.restartCommand() == null ? "none" : settings.restartCommand(),
                settings.failuresBeforeRestart(),
                settings.maxRestarts(),
                Durations.format(settings.restartWindow()));
    }

    /** How long an operator's restart is waited for: the command's timeout and the time to kill it. */
    Duration restartWait() {
        return settings.restartTimeout().plusSeconds(10);
    }

    @Timeout
    void check() {
        if (!checking.compareAndSet(false, true)) {
            return; // the previous check is still waiting for the bot: skip rather than pile up
        }
        try {
            bot.check();
        } catch (RuntimeException e) {
            // Caught on purpose; the container would otherwise retry the timeout at once.
            LOG.error("Bot check failed: {}", e.getMessage(), e);
        } finally {
            checking.set(false);
        }
    }

    /** The bot check, for REST and for health. */
    public Bot bot() {
        return bot;
    }

    @PreDestroy
    void stop() {
        MBeans.unregister(registered);
    }
}
