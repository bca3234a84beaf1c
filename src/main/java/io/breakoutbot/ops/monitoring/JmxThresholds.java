package io.breakoutbot.ops.monitoring;

import io.breakoutbot.ops.audit.Audit;
import io.breakoutbot.ops.audit.AuditEntry;
import io.breakoutbot.ops.jmx.MBeans;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The {@code io.breakoutbot.ops:type=Thresholds} MXBean: each change builds new settings (which validates
 * them), saves them, and only then puts them in force, so what runs is always what is on disk.
 */
class JmxThresholds implements ThresholdsMXBean {

    private final Evaluator evaluator;
    private final ThresholdStore store;
    private final Audit audit;
    private final String loadProblem;

    public JmxThresholds(Evaluator evaluator, ThresholdStore store, Audit audit, Optional<String> loadProblem) {
        this.evaluator = evaluator;
        this.store = store;
        this.audit = audit;
        this.loadProblem = loadProblem.orElse("");
    }

    private synchronized void change(String what, Object value, UnaryOperator<ThresholdSettings> edit) {
        ThresholdSettings before = evaluator.settings();
        ThresholdSettings after;
        try {
            after = edit.apply(before);
        } catch (IllegalArgumentException refused) {
            // A refused write is an operator action too: who tried what is worth keeping.
            throw refused(what, value, refused);
        }
        try {
            store.save(after);
        } catch (IOException e) {
            audit.record(new AuditEntry(
                    actor(),
                    "set-threshold",
                    what,
                    Map.of("value", String.valueOf(value)),
                    "failure: " + e.getMessage()));
            throw new IllegalStateException("The thresholds could not be saved to " + store.file() + " ("
                    + e.getMessage() + "); nothing was changed.");
        }
        evaluator.setSettings(after);
        audit.record(new AuditEntry(
                actor(), "set-threshold", what, Map.of("from", describe(before), "to", describe(after)), "success"));
    }

    private IllegalArgumentException refused(String what, Object value, IllegalArgumentException refused) {
        audit.record(new AuditEntry(
                actor(),
                "set-threshold",
                what,
                Map.of("value", String.valueOf(value)),
                "failure: " + refused.getMessage()));
        return refused;
    }

    private static String actor() {
        return MBeans.caller();
    }

    static String describe(ThresholdSettings s) {
        return Arrays.stream(Metric.values())
                        .map(m -> m.label() + "=" + s.of(m).warning() + "/"
                                + s.of(m).critical())
                        .collect(Collectors.joining(" "))
                + " debounce=" + s.debounce() + " hysteresis=" + s.hysteresis();
    }

    private void warning(Metric metric, double level) {
        change(
                metric.label() + ".warning",
                level,
                s -> s.with(metric, s.of(metric).withWarning(level)));
    }

    private void critical(Metric metric, double level) {
        change(
                metric.label() + ".critical",
                level,
                s -> s.with(metric, s.of(metric).withCritical(level)));
    }

    @Override
    public double getCpuWarning() {
        return evaluator.settings().of(Metric.CPU).warning();
    }

    @Override
    public void setCpuWarning(double percent) {
        warning(Metric.CPU, percent);
    }

    @Override
    public double getCpuCritical() {
        return evaluator.settings().of(Metric.CPU).critical();
    }

    @Override
    public void setCpuCritical(double percent) {
        critical(Metric.CPU, percent);
    }

    @Override
    public double getMemoryWarning() {
        return evaluator.settings().of(Metric.MEMORY).warning();
    }

    @Override
    public void setMemoryWarning(double percent) {
        warning(Metric.MEMORY, percent);
    }

    @Override
    public double getMemoryCritical() {
        return evaluator.settings().of(Metric.MEMORY).critical();
    }

    @Override
    public void setMemoryCritical(double percent) {
        critical(Metric.MEMORY, percent);
    }

    @Override
    public double getDiskWarning() {
        return evaluator.settings().of(Metric.DISK).warning();
    }

    @Override
    public void setDiskWarning(double percent) {
        warning(Metric.DISK, percent);
    }

    @Override
    public double getDiskCritical() {
        return evaluator.settings().of(Metric.DISK).critical();
    }

    @Override
    public void setDiskCritical(double percent) {
        critical(Metric.DISK, percent);
    }

    @Override
    public double getFileDescriptorWarning() {
        return evaluator.settings().of(Metric.FILE_DESCRIPTORS).warning();
    }

    @Override
    public void setFileDescriptorWarning(double percent) {
        warning(Metric.FILE_DESCRIPTORS, percent);
    }

    @Override
    public double getFileDescriptorCritical() {
        return evaluator.settings().of(Metric.FILE_DESCRIPTORS).critical();
    }

    @Override
    public void setFileDescriptorCritical(double percent) {
        critical(Metric.FILE_DESCRIPTORS, percent);
    }

    @Override
    public double getBotCpuWarning() {
        return evaluator.settings().of(Metric.BOT_CPU).warning();
    }

    @Override
    public void setBotCpuWarning(double percent) {
        warning(Metric.BOT_CPU, percent);
    }

    @Override
    public double getBotCpuCritical() {
        return evaluator.settings().of(Metric.BOT_CPU).critical();
    }

    @Override
    public void setBotCpuCritical(double percent) {
        critical(Metric.BOT_CPU, percent);
    }

    @Override
    public double getBotMemoryWarning() {
        return evaluator.settings().of(Metric.BOT_MEMORY).warning();
    }

    @Override
    public void setBotMemoryWarning(double percent) {
        warning(Metric.BOT_MEMORY, percent);
    }

    @Override
    public double getBotMemoryCritical() {
        return evaluator.settings().of(Metric.BOT_MEMORY).critical();
    }

    @Override
    public void setBotMemoryCritical(double percent) {
        critical(Metric.BOT_MEMORY, percent);
    }

    @Override
    public double getBotFileDescriptorWarning() {
        return evaluator.settings().of(Metric.BOT_FILE_DESCRIPTORS).warning();
    }

    @Override
    public void setBotFileDescriptorWarning(double percent) {
        warning(Metric.BOT_FILE_DESCRIPTORS, percent);
    }

    @Override
    public double getBotFileDescriptorCritical() {
        return evaluator.settings().of(Metric.BOT_FILE_DESCRIPTORS).critical();
    }

    @Override
    public void setBotFileDescriptorCritical(double percent) {
        critical(Metric.BOT_FILE_DESCRIPTORS, percent);
    }

    @Override
    public int getBotThreadsWarning() {
        return (int) evaluator.settings().of(Metric.BOT_THREADS).warning();
    }

    @Override
    public void setBotThreadsWarning(int threads) {
        warning(Metric.BOT_THREADS, threads);
    }

    @Override
    public int getBotThreadsCritical() {
        return (int) evaluator.settings().of(Metric.BOT_THREADS).critical();
    }

    @Override
    public void setBotThreadsCritical(int threads) {
        critical(Metric.BOT_THREADS, threads);
    }

    @Override
    public int getDebounce() {
        return evaluator.settings().debounce();
    }

    @Override
    public void setDebounce(int samples) {
        change("debounce", samples, s -> s.withDebounce(samples));
    }

    @Override
    public double getHysteresis() {
        return evaluator.settings().hysteresis();
    }

    @Override
    public void setHysteresis(double points) {
        change("hysteresis", points, s -> s.withHysteresis(points));
    }

    @Override
    public String getStateFile() {
        return store.file().toString();
    }

    @Override
    public String getLoadProblem() {
        return loadProblem;
    }

    @Override
    public void setLevels(String metric, double warning, double critical) {
        Metric m = Metric.byLabel(metric == null ? "" : metric.trim().toLowerCase(Locale.ROOT));
        if (m == null) {
            throw refused(
                    String.valueOf(metric),
                    warning + "/" + critical,
                    new IllegalArgumentException(
                            "There is no metric '" + metric + "'; the metrics are " + Metric.labels() + "."));
        }
        change(m.label(), warning + "/" + critical, s -> s.with(m, new Threshold(warning, critical, m.unit())));
    }

    @Override
    public void resetToDefaults() {
        change("all", "defaults", s -> ThresholdSettings.defaults());
    }
}
