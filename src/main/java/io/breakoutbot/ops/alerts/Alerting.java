package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jmx.MBeans;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place alerts go through, whatever raised them (a resource, a health component, a failed job, the
 * bot's restarts, a log rule): one webhook queue, and the Alerts MXBean. Conditions that hold for a while (a
 * resource, a component, a job) go through one set of rules, so the minimum interval holds across all of them;
 * a log rule fires once per episode by its own engine, and a restart is an event, sent as it happens. Held-back
 * notices are sent by the resource monitor's step, which ticks these rules every sampling period.
 */
@Singleton
@Startup
@DependsOn("Logging")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Alerting {

    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    /** The webhook sender's thread is one of the container's. */
    @Resource
    ManagedThreadFactory threads;

    @Inject
    AlertSettings config;

    @Inject
    Audit audit;

    private final Clock clock = Clock.systemUTC();
    private WebhookSender sender;
    private AlertRules rules;
    private AlertDispatch dispatch;
    private ObjectName registered;

    @PostConstruct
    void start() {
        sender = new WebhookSender(
                DeliveryPolicy.DEFAULTS
                        .withTimeouts(config.timeout(), config.timeout())
                        .withAllowPrivate(config.allowPrivateTargets()),
                threads);
        config.webhooks().forEach(sender::add);
        rules = new AlertRules(clock, config.minInterval());
        dispatch = new AlertDispatch(new AlertmanagerPayload(hostName(), ""), sender, clock);
        registered =
                MBeans.register(AlertsMXBean.OBJECT_NAME, new JmxAlerts(rules, dispatch, audit), AlertsMXBean.class);
        LOG.info(
                "Alerts at most every {}; {} webhooks",
                config.minInterval(),
                config.webhooks().size());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Applies one condition and sends the notices it causes. */
    public void update(Condition condition) {
        rules.update(condition).forEach(dispatch::send);
    }

    public AlertRules rules() {
        return rules;
    }

    public AlertDispatch dispatch() {
        return dispatch;
    }

    /** Delivery counters. */
    public WebhookSender sender() {
        return sender;
    }

    @PreDestroy
    void stop() {
        MBeans.unregister(registered);
        sender.close();
    }
}
