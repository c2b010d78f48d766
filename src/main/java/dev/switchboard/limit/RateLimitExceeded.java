package dev.switchboard.limit;

import dev.switchboard.api.GatewayError;
import java.util.Map;

/** The 429 {@code rate_limit_exceeded} answer, with {@code retry-after} in whole seconds. */
final class RateLimitExceeded {
  private RateLimitExceeded() {}

  static GatewayError of(String tenantId, String limit, long perMinute, long waitUs) {
    long seconds = Gcra.retryAfterSeconds(waitUs);
    String what = limit.equals("rpm") ? "requests" : "tokens";
    return new GatewayError(429, "rate_limit_error", "rate_limit_exceeded", null,
        "rate limit reached for tenant '" + tenantId + "': " + perMinute + " " + what + " per minute ("
            + limit + "); retry in " + seconds + " s",
        Map.of("retry-after", String.valueOf(seconds), "x-ratelimit-limit-" + (limit.equals("rpm") ? "requests" : "tokens"),
            String.valueOf(perMinute)),
        Map.of());
  }
}
