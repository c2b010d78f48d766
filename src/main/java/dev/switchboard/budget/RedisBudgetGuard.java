package dev.switchboard.budget;

import dev.switchboard.limit.RedisScript;
import dev.switchboard.tenant.Tenant;
import dev.switchboard.tenant.TenantLimits;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets shared by every replica through Redis: one integer nano-dollar counter per tenant and UTC day, one
 * per month, checked and incremented by one atomic Lua script, so concurrent requests on any number of
 * gateways cannot overspend. A counter Redis does not have yet (first use, or Redis lost it) is seeded from
 * {@link SpendHistory}. When Redis is unreachable the guard refuses (503 {@code budget_unavailable}): a
 * budget is a promise about money, so it fails closed. Counters expire a day after their period ends.
 * The script compares in Lua numbers, exact up to 2^53 nano-dollars (about 9 million USD per counter).
 */
public final class RedisBudgetGuard implements BudgetGuard {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBudgetGuard.class);
  private static final Duration KEEP_AFTER_PERIOD = Duration.ofDays(1);
  /** Returns {1} when counted, {0, i} when budget i (1 day, 2 month) is exceeded, {-1, i} when counter i needs a seed. */
  private static final RedisScript RESERVE = new RedisScript("""
      local estimate = tonumber(ARGV[1])
      local limits = { tonumber(ARGV[2]), tonumber(ARGV[3]) }
      local seeds = { ARGV[4], ARGV[5] }
      local ttls = { ARGV[6], ARGV[7] }
      local spent = { 0, 0 }
      for i = 1, 2 do
        local value = redis.call('GET', KEYS[i])
        if not value then
          if seeds[i] == '' then return { -1, i } end
          redis.call('SET', KEYS[i], seeds[i], 'PX', ttls[i])
          value = seeds[i]
        end
        spent[i] = tonumber(value)
      end
      for i = 1, 2 do
        if limits[i] >= 0 and spent[i] + estimate > limits[i] then return { 0, i } end
      end
      for i = 1, 2 do redis.call('INCRBY', KEYS[i], ARGV[1]) end
      return { 1, 0 }
      """);
  private static final RedisScript ADJUST = new RedisScript("""
      for i = 1, 2 do
        if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('INCRBY', KEYS[i], ARGV[1]) end
      end
      return 1
      """);

  private final RedisAPI redis;
  private final String prefix;
  private final Clock clock;
  private final SpendHistory history;

  /** {@code prefix} starts every Redis key this guard writes (e.g. {@code switchboard:}). */
  public RedisBudgetGuard(RedisAPI redis, String prefix, Clock clock, SpendHistory history) {
    this.redis = redis;
    this.prefix = prefix;
    this.clock = clock;
    this.history = history;
  }

  @Override
  public Future<Reservation> reserve(Tenant tenant, BigDecimal estimateUsd) {
    TenantLimits limits = tenant.limits();
    if (!limits.hasBudget()) {
      return Future.succeededFuture(Reservation.NONE);
    }
    Instant now = clock.instant();
    BudgetPeriods periods = BudgetPeriods.at(now);
    long estimate = NanoUsd.ceil(estimateUsd);
    return attempt(tenant, limits, periods, estimate, "", "").transform(ar -> {
      if (ar.failed()) {
        LOG.warn("budget of tenant {} not checked: Redis is unreachable ({})", tenant.id(), ar.cause().getMessage());
        return Future.failedFuture(BudgetErrors.unavailable(tenant.id()));
      }
      Response r = ar.result();
      long outcome = r.get(0).toLong();
      if (outcome == 1) {
        return Future.succeededFuture(new Reservation(tenant.id(), periods.dayKey(), periods.monthKey(), estimate));
      }
      if (outcome == 0) {
        boolean daily = r.get(1).toLong() == 1;
        return Future.failedFuture(BudgetErrors.exceeded(tenant.id(), daily ? "daily" : "monthly", now,
            daily ? periods.dayEnd() : periods.monthEnd()));
      }
      return Future.failedFuture(BudgetErrors.unavailable(tenant.id()));
    });
  }

  /** Runs the script; when a counter is missing, reads the history for both periods and runs it once more. */
  private Future<Response> attempt(Tenant tenant, TenantLimits limits, BudgetPeriods periods, long estimate,
                                   String daySeed, String monthSeed) {
    List<String> args = List.of(String.valueOf(estimate), limit(limits.dailyBudgetUsd()),
        limit(limits.monthlyBudgetUsd()), daySeed, monthSeed, ttl(periods.dayEnd()), ttl(periods.monthEnd()));
    return RESERVE.run(redis, keys(tenant.id(), periods.dayKey(), periods.monthKey()), args).compose(r -> {
      if (r.get(0).toLong() != -1 || !daySeed.isEmpty()) {
        return Future.succeededFuture(r);
      }
      return history.spentSince(tenant.id(), periods.dayStart()).compose(day ->
          history.spentSince(tenant.id(), periods.monthStart()).compose(month ->
              attempt(tenant, limits, periods, estimate, String.valueOf(NanoUsd.ceil(day)),
                  String.valueOf(NanoUsd.ceil(month)))));
    });
  }

  @Override
  public void settle(Reservation reservation, BigDecimal actualUsd) {
    adjust(reservation, NanoUsd.ceil(actualUsd) - reservation.nanos());
  }

  @Override
  public void release(Reservation reservation) {
    adjust(reservation, -reservation.nanos());
  }

  @Override
  public Future<Spent> spent(String tenantId) {
    BudgetPeriods periods = BudgetPeriods.at(clock.instant());
    List<String> keys = keys(tenantId, periods.dayKey(), periods.monthKey());
    return redis.mget(keys).map(r -> new Spent(usd(r.get(0)), usd(r.get(1))));
  }

  private void adjust(Reservation reservation, long delta) {
    if (!reservation.counted() || delta == 0) {
      return;
    }
    ADJUST.run(redis, keys(reservation.tenantId(), reservation.day(), reservation.month()),
        List.of(String.valueOf(delta))).onFailure(e -> LOG.warn(
            "budget of tenant {} not corrected by {} nano-USD: Redis is unreachable ({})", reservation.tenantId(),
            delta, e.getMessage()));
  }

  private List<String> keys(String tenantId, String day, String month) {
    String base = prefix + "budget:{" + tenantId + "}:";
    return List.of(base + "day:" + day, base + "month:" + month);
  }

  private String ttl(Instant periodEnd) {
    return String.valueOf(Math.max(1, Duration.between(clock.instant(), periodEnd.plus(KEEP_AFTER_PERIOD)).toMillis()));
  }

  private static String limit(BigDecimal budget) {
    return budget == null ? "-1" : String.valueOf(NanoUsd.floor(budget));
  }

  private static BigDecimal usd(Response value) {
    return value == null ? BigDecimal.ZERO : NanoUsd.usd(Long.parseLong(value.toString()));
  }
}
