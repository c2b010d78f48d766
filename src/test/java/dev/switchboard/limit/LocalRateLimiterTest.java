package dev.switchboard.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.GatewayError;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.tenant.TenantLimits;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GCRA limits in one process, on a clock the test moves: exact bursts and exact retry-after. */
class LocalRateLimiterTest {
  final TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
  final LocalRateLimiter limiter = new LocalRateLimiter(clock);

  static Tenant tenant(long rpm, long tpm) {
    return new Tenant("acme", "k1", List.of("*"), new TenantLimits(null, null, rpm, tpm));
  }

  static GatewayError refusal(Future<?> f) {
    assertTrue(f.failed(), "expected a refusal");
    return (GatewayError) f.cause();
  }

  @Test
  void aMinutesWorthOfRequestsPassThenRetryAfterSaysWhenTheNextFits() {
    Tenant acme = tenant(5, 0);
    for (int i = 0; i < 5; i++) {
      assertTrue(limiter.acquire(acme, 0).succeeded(), "request " + (i + 1));
    }
    GatewayError error = refusal(limiter.acquire(acme, 0));
    assertEquals(429, error.status());
    assertEquals("rate_limit_exceeded", error.code());
    assertEquals("12", error.headers().get("retry-after"), "one request every 12 s at 5 per minute");
    assertTrue(error.getMessage().contains("5 requests per minute"), error.getMessage());

    clock.advance(Duration.ofSeconds(11));
    assertEquals("1", refusal(limiter.acquire(acme, 0)).headers().get("retry-after"));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(limiter.acquire(acme, 0).succeeded(), "allowed exactly when retry-after said");
    assertTrue(limiter.acquire(acme, 0).failed());
  }

  @Test
  void refusedRequestsDoNotCount() {
    Tenant acme = tenant(2, 0);
    limiter.acquire(acme, 0);
    limiter.acquire(acme, 0);
    for (int i = 0; i < 10; i++) {
      limiter.acquire(acme, 0);
    }
    clock.advance(Duration.ofSeconds(30));
    assertTrue(limiter.acquire(acme, 0).succeeded(), "30 s frees one request at 2 per minute");
  }

  @Test
  void tokensAreCheckedWithTheEstimateAndCorrectedToTheActualCount() {
    Tenant acme = tenant(0, 1000);
    RateLimiter.Permit big = limiter.acquire(acme, 800).result();
    GatewayError error = refusal(limiter.acquire(acme, 300));
    assertTrue(error.getMessage().contains("1000 tokens per minute (tpm)"), error.getMessage());
    assertEquals("6", error.headers().get("retry-after"), "100 tokens too many drain in 6 s at 1000 per minute");
    clock.advance(Duration.ofMillis(5_500));
    assertEquals("1", refusal(limiter.acquire(acme, 300)).headers().get("retry-after"), "0.5 s, rounded up");
    limiter.recordTokens(big, 100);
    assertTrue(limiter.acquire(acme, 300).succeeded(), "the call used 100 tokens, not 800");
    assertTrue(limiter.acquire(acme, 600).succeeded(), "100 + 300 + 600 fit in the minute");
    assertTrue(limiter.acquire(acme, 100).failed());
  }

  @Test
  void aRequestLargerThanTheWholeLimitWaitsForAFullWindowInsteadOfForever() {
    Tenant acme = tenant(0, 1000);
    assertTrue(limiter.acquire(acme, 5000).succeeded(), "counts as the whole minute");
    assertEquals("60", refusal(limiter.acquire(acme, 5000)).headers().get("retry-after"));
  }

  @Test
  void bothLimitsAreCheckedTogetherAndTenantsAreSeparate() {
    Tenant acme = tenant(1, 100);
    assertTrue(limiter.acquire(acme, 10).succeeded());
    assertEquals("60", refusal(limiter.acquire(acme, 10)).headers().get("retry-after"));
    Tenant other = new Tenant("other", "k9", List.of("*"), new TenantLimits(null, null, 1, 100));
    assertTrue(limiter.acquire(other, 10).succeeded());
    Tenant unlimited = tenant(0, 0);
    for (int i = 0; i < 100; i++) {
      assertTrue(limiter.acquire(new Tenant("free", "k", List.of("*"), unlimited.limits()), 1_000_000).succeeded());
    }
  }
}
