package io.breakoutbot.ops.monitoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.breakoutbot.ops.MutableClock;
import io.breakoutbot.ops.alerts.AlertRules;
import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.jmx.MBeans;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The bot's figures as JConsole reads them: registered in the platform MBean server, read as open data. */
class JmxResourceMetricsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    ProcessFigures bot;
    Monitor monitor;

    Sample sample() {
        return new Sample(
                clock.instant(), 10, 50, 1L << 30, 2L << 30, List.of(), 50, 100, 1024, 1L << 20, 1L << 28, 0.5, bot);
    }

    @Test
    void theBotsFiguresAreAttributesAndNoneWithoutABot() throws Exception {
        JmxResourceMetrics metrics = new JmxResourceMetrics(() -> monitor);
        monitor = new Monitor(
                this::sample,
                new SampleHistory(10),
                new Evaluator(ThresholdSettings.defaults()),
                new AlertRules(clock, Duration.ofMinutes(5)),
                new Actions(ActionPlan.parse(""), null, Runnable::run, Duration.ofMinutes(5), clock, new Audit()),
                metrics::announce,
                n -> {});
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = MBeans.register(ResourceMetricsMXBean.OBJECT_NAME, metrics, ResourceMetricsMXBean.class);
        try {
            ResourceMetricsMXBean proxy = JMX.newMXBeanProxy(server, name, ResourceMetricsMXBean.class);
            monitor.tick();
            long noPid = (Long) server.getAttribute(name, "BotPid");
            Object noBot = server.getAttribute(name, "Bot");
            SampleView withoutBot = proxy.getLatest();
            double noCpu = proxy.getBotCpuPercent();

            bot = new ProcessFigures(clock.instant().minusSeconds(2), 4242, 12.5, 300L << 20, 17, 64, 1024);
            monitor.tick();
            CompositeData figures = (CompositeData) server.getAttribute(name, "Bot");

            assertAll(
                    () -> assertEquals(-1, noPid),
                    () -> assertNull(noBot),
                    () -> assertNull(withoutBot.bot()),
                    () -> assertTrue(Double.isNaN(noCpu)),
                    () -> assertEquals(4242L, server.getAttribute(name, "BotPid")),
                    () -> assertEquals(12.5, server.getAttribute(name, "BotCpuPercent")),
                    () -> assertEquals(300L << 20, server.getAttribute(name, "BotResidentMemoryBytes")),
                    () -> assertEquals(17, server.getAttribute(name, "BotThreads")),
                    () -> assertEquals(64L, server.getAttribute(name, "BotOpenFileDescriptors")),
                    () -> assertEquals(1024L, figures.get("maxFileDescriptors")),
                    () -> assertEquals("2026-12-04T09:59:58Z", figures.get("at")),
                    () -> assertEquals(
                            new ProcessView("2026-12-04T09:59:58Z", 4242, 12.5, 300L << 20, 17, 64, 1024),
                            proxy.getLatest().bot()),
                    () -> assertEquals(
                            new MetricState("bot.threads", "OK", 17, 500, 1000, "count"),
                            proxy.getStates().get(7)));
        } finally {
            MBeans.unregister(name);
        }
    }
}
