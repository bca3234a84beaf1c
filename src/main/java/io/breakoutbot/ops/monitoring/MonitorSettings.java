package io.breakoutbot.ops.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Resource monitoring as configured at start-up; thresholds live in their own file
 * (see {@link ThresholdStore}) because operators change them at runtime.
 *
 * @param interval            time between samples
 * @param paths               directories whose disks are watched, {@code ops.home} first
 * @param history             how far back samples are kept
 * @param actions             what runs at which level
 * @param diskCleanupTarget   bytes {@code log-cleanup} shrinks the log directory to
 * @param alertInterval       at most one run of an action per metric and level in this time, as for alerts
 * @param stateDirectory      where thresholds changed at runtime are kept across restarts
 */
public record MonitorSettings(
        Duration interval,
        List<Path> paths,
        Duration history,
        ActionPlan actions,
        long diskCleanupTarget,
        Duration alertInterval,
        Path stateDirectory) {}
