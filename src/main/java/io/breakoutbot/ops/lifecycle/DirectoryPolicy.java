package io.breakoutbot.ops.lifecycle;

import java.nio.file.Path;

/**
 * Pruning for a directory of plain files such as {@code reports/} or {@code backtest_results/}: its
 * top-level regular files beyond the {@code keep} newest, or older than {@code maxAgeDays}, are deleted.
 * Sub-directories are never touched.
 *
 * @param directory  absolute
 * @param keep       newest files kept at most, 1 to 100000
 * @param maxAgeDays files last modified longer ago are deleted, 1 to 3650
 */
public record DirectoryPolicy(Path directory, int keep, int maxAgeDays) {}
