package dev.switchboard.budget;

import dev.switchboard.api.GatewayError;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The answers of a budget guard that says no: 429 {@code budget_exceeded}, or 503 when it cannot tell. */
final class BudgetErrors {
  private BudgetErrors() {}

  /** The {@code daily} or {@code monthly} budget would be exceeded; {@code retry-after} points at its reset. */
  static GatewayError exceeded(String tenantId, String period, Instant now, Instant reset) {
    long seconds = Math.max(1, Duration.between(now, reset).toSeconds());
    return new GatewayError(429, "insufficient_quota", "budget_exceeded", null,
        "the " + period + " budget of tenant '" + tenantId + "' is spent (or would be by this request); it resets at "
            + reset, Map.of("retry-after", String.valueOf(seconds)), Map.of());
  }

  /** The spend so far cannot be read (Redis or the usage ledger unreachable): refuse rather than overspend. */
  static GatewayError unavailable(String tenantId) {
    return new GatewayError(503, "api_error", "budget_unavailable", null,
        "the budget of tenant '" + tenantId + "' cannot be checked right now; retry shortly",
        Map.of("retry-after", "1"), Map.of());
  }
}
