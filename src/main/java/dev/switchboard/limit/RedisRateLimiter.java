package dev.switchboard.limit;

import dev.switchboard.tenant.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits shared by every replica through Redis: the same GCRA as {@link LocalRateLimiter}, run as one
 * atomic Lua script per request on Redis's own clock ({@code TIME}), so N gateways enforce one limit and
 * their clocks need not agree. When Redis cannot be reached the request is let through (fail open: a rate
 * limit protects capacity, and an outage of the limiter should not become an outage of the gateway); each
 * such request is logged as a warning and counted in {@code switchboard_rate_limit_unavailable_total}.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
  private static final RedisScript ACQUIRE = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local window = tonumber(ARGV[3])
      local costs = { tonumber(ARGV[1]), tonumber(ARGV[2]) }
      local tats = { 0, 0 }
      local waits = { 0, 0 }
      for i = 1, 2 do
        if costs[i] >= 0 then
          local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
          if tat < now then tat = now end
          tats[i] = tat + costs[i]
          if tats[i] - now > window then waits[i] = tats[i] - now - window end
        end
      end
      if waits[1] > 0 or waits[2] > 0 then return { 0, waits[1], waits[2] } end
      for i = 1, 2 do
        if costs[i] >= 0 then
          redis.call('SET', KEYS[i], string.format('%.0f', tats[i]), 'PX', math.floor((tats[i] - now) / 1000) + 1000)
        end
      end
      return { 1, 0, 0 }
      """);
  private static final RedisScript ADJUST = new RedisScript("""
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
      if tat < now then tat = now end
      tat = tat + tonumber(ARGV[1])
      if tat <= now then
        redis.call('DEL', KEYS[1])
        return 0
      end
      redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
      return 1
      """);

  private final RedisAPI redis;
  private final String prefix;
  private final Counter unavailable;

  /** {@code prefix} starts every Redis key this limiter writes (e.g. {@code switchboard:}). */
  public RedisRateLimiter(RedisAPI redis, String prefix, MeterRegistry meters) {
    this.redis = redis;
    this.prefix = prefix;
    this.unavailable = Counter.builder("switchboard.rate_limit.unavailable")
        .description("Requests let through unchecked because Redis, which holds the shared rate limits, was unreachable")
        .register(meters);
  }

  @Override
  public Future<Permit> acquire(Tenant tenant, long estimatedTokens) {
    long rpm = tenant.limits().rpm();
    long tpm = tenant.limits().tpm();
    if (rpm <= 0 && tpm <= 0) {
      return Future.succeededFuture(Permit.none(tenant.id()));
    }
    List<String> args = List.of(String.valueOf(rpm > 0 ? Gcra.cost(1, rpm) : -1),
        String.valueOf(tpm > 0 ? Gcra.cost(estimatedTokens, tpm) : -1), String.valueOf(Gcra.WINDOW_US));
    Permit permit = tpm > 0 ? new Permit(tenant.id(), tpm, estimatedTokens) : Permit.none(tenant.id());
    return ACQUIRE.run(redis, List.of(key(tenant.id(), "rpm"), key(tenant.id(), "tpm")), args).transform(ar -> {
      if (ar.failed()) {
        unavailable.increment();
        LOG.warn("rate limit not checked for tenant {}: Redis is unreachable ({})", tenant.id(), ar.cause().getMessage());
        return Future.succeededFuture(Permit.none(tenant.id()));
      }
      Response r = ar.result();
      if (r.get(0).toLong() == 1) {
        return Future.succeededFuture(permit);
      }
      long rpmWait = r.get(1).toLong();
      long tpmWait = r.get(2).toLong();
      return Future.failedFuture(rpmWait >= tpmWait ? RateLimitExceeded.of(tenant.id(), "rpm", rpm, rpmWait)
          : RateLimitExceeded.of(tenant.id(), "tpm", tpm, tpmWait));
    });
  }

  @Override
  public void recordTokens(Permit permit, long actualTokens) {
    if (permit.tpm() <= 0 || actualTokens == permit.estimatedTokens()) {
      return;
    }
    long delta = Gcra.cost(actualTokens, permit.tpm()) - Gcra.cost(permit.estimatedTokens(), permit.tpm());
    ADJUST.run(redis, List.of(key(permit.tenantId(), "tpm")), List.of(String.valueOf(delta))).onFailure(e -> {
      unavailable.increment();
      LOG.warn("token count not corrected for tenant {}: Redis is unreachable ({})", permit.tenantId(), e.getMessage());
    });
  }

  private String key(String tenantId, String limit) {
    return prefix + "ratelimit:{" + tenantId + "}:" + limit;
  }
}
