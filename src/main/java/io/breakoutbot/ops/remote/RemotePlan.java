package io.breakoutbot.ops.remote;

/**
 * What the remote component is handed at start.
 *
 * @param settings    where the copies go, or null when no remote is configured
 * @param logArchives where the log archives are and how long they are kept
 */
public record RemotePlan(RemoteSettings settings, RemoteCopies.LogArchives logArchives) {}
