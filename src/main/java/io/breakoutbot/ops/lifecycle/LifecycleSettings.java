package io.breakoutbot.ops.lifecycle;

import io.breakoutbot.ops.jobs.CronSchedule;
import java.nio.file.Path;
import java.util.List;

/**
 * The log lifecycle as configured at start-up.
 *
 * @param policy             the three retention rules for {@code logs/}
 * @param rules              how other processes' logs are rotated
 * @param delayCompress      whether the newest generation of other processes' logs stays plain
 * @param archiveDirectory   where log archives go, absolute and outside {@code logs/}
 * @param archiveKeep        archives always kept
 * @param archiveDays        older archives beyond those are deleted
 * @param otherDirectories   reports and backtest results
 * @param rotation           when every log is rotated
 * @param retention          when the rules run
 * @param sizeCheck          when over-size files are rotated and the cap enforced
 * @param archive            when an archive is written
 * @param auditFloor         the audit trail, whose young rotated files the rules keep
 */
public record LifecycleSettings(
        RetentionPolicy policy,
        List<RotationRule> rules,
        boolean delayCompress,
        Path archiveDirectory,
        int archiveKeep,
        int archiveDays,
        List<DirectoryPolicy> otherDirectories,
        CronSchedule rotation,
        CronSchedule retention,
        CronSchedule sizeCheck,
        CronSchedule archive,
        KeepFloor auditFloor) {}
