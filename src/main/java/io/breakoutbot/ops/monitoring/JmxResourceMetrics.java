package io.breakoutbot.ops.monitoring;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The {@code io.breakoutbot.ops:type=ResourceMetrics} MXBean. Its notifications carry the metric, state,
 * value and threshold as open data, so a JConsole user sees them without our classes.
 */
class JmxResourceMetrics extends NotificationBroadcasterSupport implements ResourceMetricsMXBean {

    private static final CompositeType BREACH = breachType();

    private final Supplier<Monitor> monitor;
    private final AtomicLong sequence = new AtomicLong();

    /** @param monitor the monitor, which exists only once this emitter can be given to it */
    public JmxResourceMetrics(Supplier<Monitor> monitor) {
        super(new MBeanNotificationInfo(
                new String[] {WARNING, CRITICAL, RECOVERED},
                Notification.class.getName(),
                "A metric entered WARNING or CRITICAL, or recovered to OK"));
        this.monitor = monitor;
    }

    private static CompositeType breachType() {
        try {
            return new CompositeType(
                    "ThresholdBreach",
                    "A metric crossing one of its levels",
                    new String[] {"metric", "state", "value", "threshold"},
                    new String[] {
                        "cpu, memory, disk, fds, bot.cpu, bot.memory, bot.fds or bot.threads",
                        "the state entered",
                        "percent 0 to 100; threads for bot.threads",
                        "the level crossed, in the value's unit"
                    },
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.DOUBLE, SimpleType.DOUBLE});
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one notification for a transition the monitor announces. */
    public void announce(Transition t) {
        String type = switch (t.to()) {
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
            default -> RECOVERED;
        };
        String unit = t.metric().unit() == Metric.Unit.PERCENT ? "%%" : "";
        String message = t.to() == State.OK
                ? String.format(
                        Locale.ROOT,
                        "%s recovered at %.1f" + unit + " (below %.1f" + unit + ")",
                        t.metric().label(),
                        t.value(),
                        t.threshold())
                : String.format(
                        Locale.ROOT,
                        "%s entered %s at %.1f" + unit + " (level %.1f" + unit + ")",
                        t.metric().label(),
                        t.to(),
                        t.value(),
                        t.threshold());
        Notification n = new Notification(
                type, ResourceMetricsMXBean.OBJECT_NAME, sequence.incrementAndGet(), t.at().toEpochMilli(), message);
        try {
            CompositeData data = new CompositeDataSupport(
                    BREACH,
                    new String[] {"metric", "state", "value", "threshold"},
                    new Object[] {t.metric().label(), t.to().name(), t.value(), t.threshold()});
            n.setUserData(data);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
        sendNotification(n);
    }

    private Sample latestOrNull() {
        return monitor.get().history().latest().orElse(null);
    }

    private double value(Metric metric) {
        Sample s = latestOrNull();
        return s == null ? Double.NaN : s.value(metric);
    }

    @Override
    public SampleView getLatest() {
        Sample s = latestOrNull();
        return s == null ? null : SampleView.of(s);
    }

    @Override
    public List<MetricState> getStates() {
        return monitor.get().states();
    }

    @Override
    public double getCpuPercent() {
        return value(Metric.CPU);
    }

    @Override
    public double getMemoryPercent() {
        return value(Metric.MEMORY);
    }

    @Override
    public double getDiskPercent() {
        return value(Metric.DISK);
    }

    @Override
    public double getFileDescriptorPercent() {
        return value(Metric.FILE_DESCRIPTORS);
    }

    @Override
    public int getThreads() {
        Sample s = latestOrNull();
        return s == null ? -1 : s.threads();
    }

    private ProcessFigures bot() {
        Sample s = latestOrNull();
        return s == null ? null : s.bot();
    }

    @Override
    public ProcessView getBot() {
        return ProcessView.of(bot());
    }

    @Override
    public long getBotPid() {
        ProcessFigures f = bot();
        return f == null ? -1 : f.pid();
    }

    @Override
    public double getBotCpuPercent() {
        ProcessFigures f = bot();
        return f == null ? Double.NaN : f.cpuPercent();
    }

    @Override
    public long getBotResidentMemoryBytes() {
        ProcessFigures f = bot();
        return f == null ? -1 : f.residentBytes();
    }

    @Override
    public int getBotThreads() {
        ProcessFigures f = bot();
        return f == null ? -1 : f.threads();
    }

    @Override
    public long getBotOpenFileDescriptors() {
        ProcessFigures f = bot();
        return f == null ? -1 : f.openFileDescriptors();
    }

    @Override
    public int getHistorySize() {
        return monitor.get().history().size();
    }
}
