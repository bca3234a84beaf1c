package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.jmx.Description;
import java.util.List;

/**
 * The latest resource sample and each metric's state. Emits a notification when a metric enters WARNING
 * or CRITICAL and when it recovers; subscribe in JConsole's Notifications tab.
 */
@Description("Host and JVM resources, sampled every ops.monitor.interval; emits threshold notifications")
public interface ResourceMetricsMXBean {

    String OBJECT_NAME = "io.breakoutbot.ops:type=ResourceMetrics";

    /** Notification types. */
    String WARNING = "io.breakoutbot.ops.threshold.warning";

    String CRITICAL = "io.breakoutbot.ops.threshold.critical";
    String RECOVERED = "io.breakoutbot.ops.threshold.recovered";

    @Description("The latest full sample; NaN or -1 where a value could not be read")
    SampleView getLatest();

    @Description("Each metric's value, levels and state (OK, WARNING, CRITICAL, UNAVAILABLE)")
    List<MetricState> getStates();

    @Description("System-wide CPU use, percent 0 to 100 (NaN when unavailable)")
    double getCpuPercent();

    @Description("Physical memory in use, percent 0 to 100")
    double getMemoryPercent();

    @Description("Fullest watched disk, used percent 0 to 100")
    double getDiskPercent();

    @Description("Open file descriptors against the limit, percent 0 to 100")
    double getFileDescriptorPercent();

    @Description("Live threads of this JVM")
    int getThreads();

    @Description("Samples kept in memory for trends")
    int getHistorySize();
}
