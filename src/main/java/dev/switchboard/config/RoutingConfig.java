package dev.switchboard.config;

/**
 * {@code routing}: attempt limits, the overall deadline, retry pacing and budget, and health checking.
 *
 * @param maxAttempts      upstream attempts per request across deployments and fallbacks
 * @param attemptTimeoutMs one attempt's bound: a whole non-streamed answer, or a stream's first token
 * @param deadlineMs       the whole request's bound until its answer (non-stream) or first token (stream)
 */
public record RoutingConfig(int maxAttempts, long attemptTimeoutMs, long deadlineMs, Retry retry, Active active,
                            Passive passive) {

  /**
   * {@code routing.retry}: a retry waits {@code backoff_base_ms} doubled per repeat (jittered, at most
   * {@code backoff_max_ms}) when it goes back to a deployment already tried; the budget allows retries up to
   * {@code budget_ratio} of requests plus {@code budget_min_per_second}, so an outage cannot multiply load.
   */
  public record Retry(double budgetRatio, int budgetMinPerSecond, long backoffBaseMs, long backoffMaxMs) {}

  /** {@code routing.health.active}: periodic probes. */
  public record Active(boolean enabled, long intervalMs, long timeoutMs, int unhealthyThreshold, int healthyThreshold) {}

  /** {@code routing.health.passive}: outlier detection from real traffic. */
  public record Passive(int consecutiveFailures, long baseEjectionMs, long maxEjectionMs) {}
}
