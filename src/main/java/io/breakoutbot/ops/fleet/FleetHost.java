package io.breakoutbot.ops.fleet;

import java.time.Instant;
import java.util.List;

/**
 * One host of the fleet, as Prometheus last scraped it.
 *
 * @param instance                  Prometheus' {@code instance} label: host:port of its breakout-ops
 * @param up                        whether Prometheus' last scrape of it succeeded
 * @param status                    its overall health, UP, DEGRADED or DOWN; null when not scraped (down, or a
 *                                  version without {@code ops_health_status})
 * @param bot                       its bot's last check, UP, DEGRADED or DOWN; null when no bot check is
 *                                  configured there, or before its first check
 * @param newestBackup              when its newest verified backup was taken; null when there is none
 * @param newestBackupAgeSeconds    seconds from then to the answer; null with no backup
 * @param newestRemoteBackup        when its newest backup verified off-host was taken; null without one
 * @param newestRemoteBackupAgeSeconds seconds from then to the answer; null without one
 * @param alerts                    the names of the alerts firing for it in Prometheus, sorted
 * @param dashboardUrl              its own dashboard, {@code http://<instance>/}; null when the instance label
 *                                  is not a host:port
 */
public record FleetHost(
        String instance,
        boolean up,
        String status,
        String bot,
        Instant newestBackup,
        Long newestBackupAgeSeconds,
        Instant newestRemoteBackup,
        Long newestRemoteBackupAgeSeconds,
        List<String> alerts,
        String dashboardUrl) {}
