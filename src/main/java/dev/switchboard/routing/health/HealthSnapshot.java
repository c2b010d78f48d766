package dev.switchboard.routing.health;

import java.time.Instant;

/**
 * A read-only view of one deployment's health at one moment, for the admin API, metrics and error bodies.
 *
 * @param state          the health state
 * @param reason         the reason class of the last failure (CONTRACT section 7), or null
 * @param lastError      the last failure's one-line diagnosis, or null
 * @param since          when the state (or, for a healthy deployment, the last error) began
 * @param coolingUntil   end of a 429 cooldown, or null
 * @param ejectedUntil   end of the current ejection, or null
 * @param inFlight       requests in flight now
 * @param successes      answered attempts since start
 * @param failures       failed attempts since start (caller faults excluded)
 * @param ejections      times ejected since start
 * @param latencyP50Ms   median latency of recent successful attempts, or -1
 * @param latencyP99Ms   99th percentile of recent successful attempts, or -1
 * @param latencyEwmaMs  exponentially weighted moving average latency, or -1
 */
public record HealthSnapshot(HealthState state, String reason, String lastError, Instant since, Instant coolingUntil,
                             Instant ejectedUntil, int inFlight, long successes, long failures, long ejections,
                             long latencyP50Ms, long latencyP99Ms, long latencyEwmaMs) {}
