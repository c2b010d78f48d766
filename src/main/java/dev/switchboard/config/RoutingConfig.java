package dev.switchboard.config;

/** {@code routing}: attempt limits and health-checking parameters. */
public record RoutingConfig(int maxAttempts, long attemptTimeoutMs, Active active, Passive passive) {

  /** {@code routing.health.active}: periodic probes. */
  public record Active(long intervalMs, long timeoutMs, int unhealthyThreshold, int healthyThreshold) {}

  /** {@code routing.health.passive}: outlier detection from real traffic. */
  public record Passive(int consecutiveFailures, long baseEjectionMs, long maxEjectionMs) {}
}
