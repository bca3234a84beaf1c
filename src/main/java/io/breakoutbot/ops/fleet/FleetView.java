package io.breakoutbot.ops.fleet;

import java.time.Instant;
import java.util.List;

/**
 * The fleet as Prometheus knows it.
 *
 * @param prometheus the Prometheus asked
 * @param job        the scrape job whose targets are listed
 * @param at         when the answer was composed
 * @param hosts      every target of the job, sorted by instance
 */
public record FleetView(String prometheus, String job, Instant at, List<FleetHost> hosts) {}
