package dev.switchboard.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.GatewayError;
import dev.switchboard.limit.RedisBackend;
import dev.switchboard.limit.TestClock;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.tenant.TenantLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reservation budgets, in this process and in Redis: exact, race-free, seeded from the recorded spend. */
class BudgetGuardTest {
  final TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
  final Map<String, BigDecimal> recorded = new ConcurrentHashMap<>();
  final SpendHistory history = (tenant, from) -> Future.succeededFuture(
      recorded.getOrDefault(tenant + "@" + from, BigDecimal.ZERO));
  Vertx vertx;
  RedisAPI redis;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (redis != null) {
      redis.close();
    }
    vertx.close();
  }

  BudgetGuard guard(String backend) {
    if (backend.equals("local")) {
      return new LocalBudgetGuard(clock, history);
    }
    redis = RedisBackend.connect(vertx);
    return new RedisBudgetGuard(redis, RedisBackend.prefix(), clock, history);
  }

  static Tenant tenant(String daily, String monthly) {
    return new Tenant("t-" + UUID.randomUUID(), "k1", List.of("*"), new TenantLimits(
        daily == null ? null : new BigDecimal(daily), monthly == null ? null : new BigDecimal(monthly), 0, 0));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static GatewayError refusal(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      return (GatewayError) e.getCause();
    }
    throw new AssertionError("expected a refusal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void fiftyConcurrentRequestsCannotOverspendTheLastCent(String backend) throws Exception {
    BudgetGuard guard = guard(backend);
    Tenant tenant = tenant("1.00", null);
    BigDecimal estimate = new BigDecimal("0.03");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch go = new CountDownLatch(1);
    List<java.util.concurrent.Future<Future<Reservation>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(pool.submit(() -> {
        go.await();
        return guard.reserve(tenant, estimate);
      }));
    }
    go.countDown();
    List<Reservation> granted = new ArrayList<>();
    int refused = 0;
    for (var call : calls) {
      Future<Reservation> f = call.get(10, TimeUnit.SECONDS);
      try {
        granted.add(await(f));
      } catch (ExecutionException e) {
        assertEquals("budget_exceeded", ((GatewayError) e.getCause()).code());
        refused++;
      }
    }
    pool.shutdownNow();
    assertEquals(33, granted.size(), "33 x 0.03 = 0.99 fits in 1.00, a 34th would not");
    assertEquals(17, refused);
    assertEquals(new BigDecimal("0.990000000"), await(guard.spent(tenant.id())).day());

    granted.forEach(r -> guard.settle(r, new BigDecimal("0.02")));
    BudgetGuard.Spent spent = eventually(guard, tenant, new BigDecimal("0.660000000"));
    assertEquals(new BigDecimal("0.660000000"), spent.day());
    int more = 0;
    while (more < 50 && await(guard.reserve(tenant, estimate).otherwiseEmpty()) != null) {
      more++;
    }
    assertEquals(11, more, "0.34 left covers 11 more estimates of 0.03");
    assertTrue(await(guard.spent(tenant.id())).day().compareTo(new BigDecimal("1.00")) <= 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void releaseGivesTheReservationBackAndSettleCountsTheExactCost(String backend) throws Exception {
    BudgetGuard guard = guard(backend);
    Tenant tenant = tenant("0.000001", "10");
    Reservation r = await(guard.reserve(tenant, new BigDecimal("0.000001")));
    assertEquals(429, refusal(guard.reserve(tenant, new BigDecimal("0.000000001"))).status());
    guard.release(r);
    eventually(guard, tenant, new BigDecimal("0E-9"));
    Reservation again = await(guard.reserve(tenant, new BigDecimal("0.000001")));
    guard.settle(again, new BigDecimal("0.0000004005"));
    BudgetGuard.Spent spent = eventually(guard, tenant, new BigDecimal("0.000000401"));
    assertEquals(new BigDecimal("0.000000401"), spent.month(), "costs are counted rounded up to the nano-dollar");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void theSpendRecordedBeforeARestartCounts(String backend) throws Exception {
    BudgetGuard guard = guard(backend);
    Tenant tenant = tenant("1", "100");
    recorded.put(tenant.id() + "@2026-12-04T00:00:00Z", new BigDecimal("0.95"));
    recorded.put(tenant.id() + "@2026-12-01T00:00:00Z", new BigDecimal("99.97"));
    GatewayError error = refusal(guard.reserve(tenant, new BigDecimal("0.06")));
    assertEquals("budget_exceeded", error.code());
    assertEquals("insufficient_quota", error.type());
    assertTrue(error.getMessage().contains("daily"), error.getMessage());
    assertEquals(String.valueOf(Duration.ofHours(14).toSeconds()), error.headers().get("retry-after"),
        "the daily budget resets at midnight UTC");
    assertTrue(refusal(guard.reserve(tenant, new BigDecimal("0.04"))).getMessage().contains("monthly"));
    await(guard.reserve(tenant, new BigDecimal("0.03")));
  }

  @Test
  void anewDayResetsTheDailyBudgetButNotTheMonthly() throws Exception {
    BudgetGuard guard = guard("local");
    Tenant tenant = tenant("1", "1.5");
    await(guard.reserve(tenant, new BigDecimal("1")));
    assertEquals(429, refusal(guard.reserve(tenant, new BigDecimal("0.5"))).status());
    clock.advance(Duration.ofHours(14));
    await(guard.reserve(tenant, new BigDecimal("0.5")));
    assertTrue(refusal(guard.reserve(tenant, new BigDecimal("0.01"))).getMessage().contains("monthly"));
  }

  @Test
  void tenantsWithoutBudgetsAreNotCounted() throws Exception {
    BudgetGuard guard = guard("local");
    assertEquals(Reservation.NONE, await(guard.reserve(tenant(null, null), new BigDecimal("1000000"))));
  }

  @Test
  void whenRedisIsDownBudgetsFailClosed() throws Exception {
    RedisAPI nowhere = RedisAPI.api(Redis.createClient(vertx, "redis://127.0.0.1:1"));
    BudgetGuard guard = new RedisBudgetGuard(nowhere, "x:", clock, history);
    GatewayError error = refusal(guard.reserve(tenant("10", null), new BigDecimal("0.01")));
    assertEquals(503, error.status());
    assertEquals("budget_unavailable", error.code());
    nowhere.close();
  }

  /** Settlements in Redis are asynchronous: waits (bounded) until the day's count reaches {@code expected}. */
  static BudgetGuard.Spent eventually(BudgetGuard guard, Tenant tenant, BigDecimal expected) throws Exception {
    BudgetGuard.Spent spent = null;
    for (int i = 0; i < 100; i++) {
      spent = await(guard.spent(tenant.id()));
      if (spent.day().compareTo(expected) == 0) {
        return spent;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("spend stayed at " + spent + ", expected " + expected);
  }
}
