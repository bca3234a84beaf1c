package io.breakoutbot.ops.security;

import java.nio.file.Path;

/**
 * Who may call what over HTTP.
 *
 * @param trustLoopback whether requests from 127.0.0.0/8 and ::1 read without credentials
 * @param policy        which paths are open
 * @param usersFile     {@code $OPS_HOME/state/users}
 */
public record SecuritySettings(boolean trustLoopback, AccessPolicy policy, Path usersFile) {}
