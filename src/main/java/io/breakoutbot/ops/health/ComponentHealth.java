package io.breakoutbot.ops.health;

/**
 * One part of the service as {@code /api/health} reports it.
 *
 * @param name   bot (when a bot is configured), resources, disk, logs, scheduler, backup or alerts
 * @param status UP, DEGRADED or DOWN
 * @param reason why, in a sentence; "ok" when UP
 */
public record ComponentHealth(String name, Status status, String reason) {}
