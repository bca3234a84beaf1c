package io.breakoutbot.ops.alerts;

import io.breakoutbot.ops.jmx.Description;
import io.breakoutbot.ops.jmx.Units;
import java.util.List;

/** Where alerts go, what is firing, and how delivery is doing. */
@Description("Alerts: webhook receivers, the Alertmanagers, active alerts, recent history and delivery counters")
public interface AlertsMXBean {

    String OBJECT_NAME = "io.breakoutbot.ops:type=Alerts";

    @Description(
            "Webhook URLs that receive alerts in Alertmanager's JSON format; path and query masked, since they often carry a token")
    String[] getWebhooks();

    @Description(
            "Adds a webhook: http or https, no credentials in the URL, never link-local or cloud metadata addresses")
    void addWebhook(
            @Description(
                            name = "url",
                            value =
                                    "e.g. https://hooks.example/breakout-ops; Alertmanager itself goes in ops.alerts.alertmanagers")
                    String url);

    @Description(
            "The Alertmanagers every alert is pushed to (ops.alerts.alertmanagers, read at start); path and query masked as for webhooks")
    String[] getAlertmanagers();

    @Description("Removes a webhook; returns false when it was not there")
    boolean removeWebhook(
            @Description(name = "url", value = "the full URL, or exactly as listed in Webhooks") String url);

    @Description("Alerts whose condition holds now")
    List<Alert> getActiveAlerts();

    @Description("The last 200 alerts sent, most recent first")
    List<Alert> getHistory();

    @Description("At most one alert per metric and level in this time")
    String getMinInterval();

    @Description("Deliveries accepted by a receiver")
    @Units(Units.COUNT)
    long getDelivered();

    @Description("Deliveries given up: 4xx, or 5xx and timeouts after every retry")
    @Units(Units.COUNT)
    long getFailedDeliveries();

    @Description("Deliveries dropped because the queue was full")
    @Units(Units.COUNT)
    long getDroppedDeliveries();

    @Description("Retries after 5xx, 429 or a connection error")
    @Units(Units.COUNT)
    long getRetries();

    @Description("Sends a made-up warning to every webhook and Alertmanager, to check the receivers")
    String sendTestAlert();
}
