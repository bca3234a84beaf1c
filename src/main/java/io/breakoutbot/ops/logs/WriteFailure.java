package io.breakoutbot.ops.logs;

import java.time.Instant;

/**
 * One of our log files that cannot be written now, for example on a full disk.
 *
 * @param file      its name, e.g. {@code general.log}
 * @param reason    what the last attempt met, e.g. {@code No space left on device}
 * @param since     when writing it first failed
 * @param linesLost lines dropped since then because too many were waiting in memory; 0 while every line
 *                  still waits to be written
 */
public record WriteFailure(String file, String reason, Instant since, long linesLost) {}
