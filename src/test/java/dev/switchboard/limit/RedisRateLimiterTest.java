package dev.switchboard.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.GatewayError;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.tenant.TenantLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared limiter: the same GCRA in one Lua script, so two limiters on one Redis enforce one limit. */
class RedisRateLimiterTest {
  Vertx vertx;
  RedisAPI redis;
  SimpleMeterRegistry meters = new SimpleMeterRegistry();
  String prefix = RedisBackend.prefix();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis = RedisBackend.connect(vertx);
  }

  @AfterEach
  void stop() {
    redis.close();
    vertx.close();
  }

  static <T> Future<T> settle(Future<T> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException refused) {
      // the future is failed; the caller reads its cause
    }
    return f;
  }

  static Tenant tenant(String id, long rpm, long tpm) {
    return new Tenant(id, "k1", List.of("*"), new TenantLimits(null, null, rpm, tpm));
  }

  @Test
  void twoLimitersOnOneRedisShareOneLimit() throws Exception {
    RedisRateLimiter a = new RedisRateLimiter(redis, prefix, meters);
    RedisRateLimiter b = new RedisRateLimiter(redis, prefix, meters);
    Tenant acme = tenant("acme-" + UUID.randomUUID(), 5, 0);
    List<Future<RateLimiter.Permit>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(settle((i % 2 == 0 ? a : b).acquire(acme, 0)));
    }
    assertEquals(5, results.stream().filter(Future::succeeded).count());
    GatewayError error = (GatewayError) results.get(9).cause();
    assertEquals(429, error.status());
    assertEquals("rate_limit_exceeded", error.code());
    long retryAfter = Long.parseLong(error.headers().get("retry-after"));
    assertTrue(retryAfter >= 11 && retryAfter <= 12, "about 12 s until the next request fits, was " + retryAfter);
  }

  @Test
  void tokensAreCorrectedAfterTheCall() throws Exception {
    RedisRateLimiter limiter = new RedisRateLimiter(redis, prefix, meters);
    Tenant acme = tenant("acme-" + UUID.randomUUID(), 0, 1000);
    RateLimiter.Permit permit = settle(limiter.acquire(acme, 900)).result();
    assertTrue(settle(limiter.acquire(acme, 500)).failed());
    limiter.recordTokens(permit, 100);
    boolean admitted = false;
    for (int i = 0; i < 50 && !admitted; i++) {
      admitted = settle(limiter.acquire(acme, 500)).succeeded();
      if (!admitted) {
        Thread.sleep(20);
      }
    }
    assertTrue(admitted, "the refund of 800 tokens lets 500 more through");
  }

  @Test
  void whenRedisIsDownRequestsPassAndAreCounted() throws Exception {
    RedisAPI nowhere = RedisAPI.api(Redis.createClient(vertx, "redis://127.0.0.1:1"));
    RedisRateLimiter limiter = new RedisRateLimiter(nowhere, prefix, meters);
    Tenant acme = tenant("acme", 1, 0);
    assertTrue(settle(limiter.acquire(acme, 0)).succeeded());
    assertTrue(settle(limiter.acquire(acme, 0)).succeeded(), "fail open");
    assertEquals(2.0, meters.counter("switchboard.rate_limit.unavailable").count());
    nowhere.close();
  }
}
