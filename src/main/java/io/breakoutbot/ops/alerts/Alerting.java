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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place alerts go through, whatever raised them (a resource, a health component, a failed job, the
 * bot's restarts, a log rule): one dispatch to the webhook queue and the Alertmanager push, and the Alerts
 * MXBean. Conditions that hold for a while (a resource, a component, a job) go through one set of rules, so the
 * minimum interval holds across all of them; a log rule fires once per episode by its own engine, and a restart
 * is an event, sent as it happens. Held-back notices are sent by the resource monitor's step, which ticks these
 * rules every sampling period.
 */
@Singleton
@Startup
@DependsOn("Logging")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Alerting {

    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    /** How often firing alerts are re-sent to Alertmanager: Prometheus' default {@code resend_delay}. */
    static final Duration RESEND = Duration.ofMinutes(1);

    /** The webhook sender's and the Alertmanager push's threads are the container's. */
    @Resource
    ManagedThreadFactory threads;

    @Inject
    AlertSettings config;

    @Inject
    Audit audit;

    private final Clock clock = Clock.systemUTC();
    private WebhookSender sender;
    private AlertmanagerSender alertmanagers;
    private AlertmanagerPayload payload;
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
        payload = new AlertmanagerPayload(config.instance(), config.labels(), config.externalUrl(), config.groupBy());
        rules = new AlertRules(clock, config.minInterval(), payload::fingerprint);
        alertmanagers = new AlertmanagerSender(
                config.alertmanagers().stream().map(this::alertmanager).toList(),
                payload,
                config.alertmanagerAuth(),
                DeliveryPolicy.DEFAULTS
                        .withTimeouts(config.timeout(), config.timeout())
                        .withAllowPrivate(config.allowPrivateTargets()),
                RESEND,
                clock,
                threads);
        dispatch = new AlertDispatch(payload, sender, alertmanagers, clock);
        registered =
                MBeans.register(AlertsMXBean.OBJECT_NAME, new JmxAlerts(rules, dispatch, audit), AlertsMXBean.class);
        LOG.info(
                "Alerts at most every {}; {} webhooks, {} Alertmanagers; instance {}",
                config.minInterval(),
                config.webhooks().size(),
                config.alertmanagers().size(),
                config.instance());
    }

    /** A configured Alertmanager, which start-up checked; one whose name does not resolve yet is kept. */
    private URI alertmanager(String url) {
        try {
            return WebhookUrl.validate(url, config.allowPrivateTargets(), "Alertmanager URL");
        } catch (WebhookUrl.UnresolvedHost e) {
            return e.uri();
        }
    }

    /** Each webhook's and Alertmanager's last delivery outcome, for the {@code alerts} health component. */
    public List<ReceiverState> receivers() {
        List<ReceiverState> all = new ArrayList<>(sender.receivers());
        all.addAll(alertmanagers.receivers());
        return all;
    }

    /** Alertmanager push counters. */
    public AlertmanagerSender alertmanagers() {
        return alertmanagers;
    }

    /** Applies one condition and sends the notices it causes. */
    public void update(Condition condition) {
        rules.update(condition).forEach(dispatch::send);
    }

    /** The labels and fingerprints receivers see, for rules outside this class (the log rules). */
    public AlertmanagerPayload payload() {
        return payload;
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
        alertmanagers.close();
    }
}
