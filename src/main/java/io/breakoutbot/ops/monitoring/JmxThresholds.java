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

    private void warning(Metric metric, double percent) {
        change(
                metric.label() + ".warning",
                percent,
                s -> s.with(metric, new Threshold(percent, s.of(metric).critical())));
    }

    private void critical(Metric metric, double percent) {
        change(
                metric.label() + ".critical",
                percent,
                s -> s.with(metric, new Threshold(s.of(metric).warning(), percent)));
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
        Metric m = Arrays.stream(Metric.values())
                .filter(x ->
                        x.label().equals(metric == null ? "" : metric.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> refused(
                        String.valueOf(metric),
                        warning + "/" + critical,
                        new IllegalArgumentException(
                                "There is no metric '" + metric + "'; the metrics are cpu, memory, disk and fds.")));
        change(m.label(), warning + "/" + critical, s -> s.with(m, new Threshold(warning, critical)));
    }

    @Override
    public void resetToDefaults() {
        change("all", "defaults", s -> ThresholdSettings.defaults());
    }
}
