package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.jmx.Description;
import io.breakoutbot.ops.jmx.Units;
import java.util.List;

/**
 * The latest resource sample, the bot's process figures in it, and each metric's state. Emits a notification when a metric enters WARNING
 * or CRITICAL and when it recovers; subscribe in JConsole's Notifications tab.
 */
@Description("Host, JVM and bot process resources, sampled every ops.monitor.interval; emits threshold notifications")
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
    @Units(Units.PERCENT)
    double getCpuPercent();

    @Description("Physical memory in use, percent 0 to 100")
    @Units(Units.PERCENT)
    double getMemoryPercent();

    @Description("Fullest watched disk, used percent 0 to 100")
    @Units(Units.PERCENT)
    double getDiskPercent();

    @Description("Open file descriptors against the limit, percent 0 to 100")
    @Units(Units.PERCENT)
    double getFileDescriptorPercent();

    @Description("Live threads of this JVM")
    @Units(Units.COUNT)
    int getThreads();

    @Description("The bot's process as the bot check last read it; null when no bot is configured or running")
    ProcessView getBot();

    @Description("Process id of the bot, -1 without a bot")
    @Units(Units.ID)
    long getBotPid();

    @Description("CPU use of the bot's process, percent of all cores 0 to 100 (NaN without a bot)")
    @Units(Units.PERCENT)
    double getBotCpuPercent();

    @Description("Resident memory of the bot's process, bytes (-1 without a bot)")
    @Units(Units.BYTES)
    long getBotResidentMemoryBytes();

    @Description("Threads of the bot's process (-1 without a bot)")
    @Units(Units.COUNT)
    int getBotThreads();

    @Description("Open file descriptors of the bot's process (-1 without a bot)")
    @Units(Units.COUNT)
    long getBotOpenFileDescriptors();

    @Description("Samples kept in memory for trends")
    @Units(Units.COUNT)
    int getHistorySize();
}
