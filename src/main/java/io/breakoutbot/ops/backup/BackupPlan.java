package io.breakoutbot.ops.backup;

import io.breakoutbot.ops.jobs.CronSchedule;
import java.time.Duration;

/**
 * The backup component as configured: what to back up and keep, when to run, and when health should worry.
 *
 * @param settings        sources, directory, key, restore limits and retention
 * @param backup          when a backup is written, verified and the retention rules applied
 * @param drill           when the newest backup is restored into scratch and checked
 * @param staleAfter      the newest verified backup may be this old before health is DEGRADED
 * @param drillStaleAfter the last successful drill may be this old before health is DEGRADED
 */
public record BackupPlan(
        BackupSettings settings,
        CronSchedule backup,
        CronSchedule drill,
        Duration staleAfter,
        Duration drillStaleAfter) {}
