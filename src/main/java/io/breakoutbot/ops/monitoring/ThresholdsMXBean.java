package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.jmx.Description;
import io.breakoutbot.ops.jmx.Units;

/**
 * Warning and critical levels per metric, debounce and hysteresis, changeable at runtime. Every change is
 * validated (0 <= warning < critical <= 100; for bot.threads whole threads up to 1000000), audited, and saved under {@code $OPS_HOME/state}, so it
 * survives a restart.
 */
@Description("Resource thresholds: levels per metric, debounce and hysteresis; changes are audited and persisted")
public interface ThresholdsMXBean {

    String OBJECT_NAME = "io.breakoutbot.ops:type=Thresholds";

    @Description("CPU warning level, percent; must stay below the critical level")
    @Units(Units.PERCENT)
    double getCpuWarning();

    void setCpuWarning(double percent);

    @Description("CPU critical level, percent; must stay above the warning level")
    @Units(Units.PERCENT)
    double getCpuCritical();

    void setCpuCritical(double percent);

    @Description("Memory warning level, percent")
    @Units(Units.PERCENT)
    double getMemoryWarning();

    void setMemoryWarning(double percent);

    @Description("Memory critical level, percent")
    @Units(Units.PERCENT)
    double getMemoryCritical();

    void setMemoryCritical(double percent);

    @Description("Disk warning level, percent used of the fullest watched disk")
    @Units(Units.PERCENT)
    double getDiskWarning();

    void setDiskWarning(double percent);

    @Description("Disk critical level, percent")
    @Units(Units.PERCENT)
    double getDiskCritical();

    void setDiskCritical(double percent);

    @Description("Open file descriptors warning level, percent of the limit")
    @Units(Units.PERCENT)
    double getFileDescriptorWarning();

    void setFileDescriptorWarning(double percent);

    @Description("Open file descriptors critical level, percent of the limit")
    @Units(Units.PERCENT)
    double getFileDescriptorCritical();

    void setFileDescriptorCritical(double percent);

    @Description("Bot process CPU warning level, percent of all cores")
    @Units(Units.PERCENT)
    double getBotCpuWarning();

    void setBotCpuWarning(double percent);

    @Description("Bot process CPU critical level, percent of all cores")
    @Units(Units.PERCENT)
    double getBotCpuCritical();

    void setBotCpuCritical(double percent);

    @Description("Bot resident memory warning level, percent of physical memory")
    @Units(Units.PERCENT)
    double getBotMemoryWarning();

    void setBotMemoryWarning(double percent);

    @Description("Bot resident memory critical level, percent of physical memory")
    @Units(Units.PERCENT)
    double getBotMemoryCritical();

    void setBotMemoryCritical(double percent);

    @Description("Bot open file descriptors warning level, percent of its limit")
    @Units(Units.PERCENT)
    double getBotFileDescriptorWarning();

    void setBotFileDescriptorWarning(double percent);

    @Description("Bot open file descriptors critical level, percent of its limit")
    @Units(Units.PERCENT)
    double getBotFileDescriptorCritical();

    void setBotFileDescriptorCritical(double percent);

    @Description("Bot threads warning level, a number of threads from 0 to 1000000")
    @Units(Units.COUNT)
    int getBotThreadsWarning();

    void setBotThreadsWarning(int threads);

    @Description("Bot threads critical level, a number of threads from 0 to 1000000")
    @Units(Units.COUNT)
    int getBotThreadsCritical();

    void setBotThreadsCritical(int threads);

    @Description("Consecutive samples at or above a level before the state changes, 1 to 100 (default 1)")
    @Units(Units.COUNT)
    int getDebounce();

    void setDebounce(int samples);

    @Description("Points below a level a value must fall before its state recovers, 0 to 50")
    @Units(Units.PERCENT)
    double getHysteresis();

    void setHysteresis(double points);

    @Description("The file the thresholds are saved in")
    String getStateFile();

    @Description("Why the saved thresholds could not be used at start-up (the defaults then apply), or empty")
    String getLoadProblem();

    @Description("Sets both levels of one metric at once")
    void setLevels(
            @Description(name = "metric", value = "cpu, memory, disk, fds, bot.cpu, bot.memory, bot.fds or bot.threads")
                    String metric,
            @Description(name = "warning", value = "percent (threads for bot.threads), below critical") double warning,
            @Description(name = "critical", value = "percent, at most 100 (threads for bot.threads)") double critical);

    @Description("Restores the defaults: CPU 70/80, memory 75/85, disk 80/90, fds 80/90, bot.cpu 80/95, bot.memory "
            + "50/75, bot.fds 80/95, bot.threads 500/1000, debounce 1, hysteresis 5")
    void resetToDefaults();
}
