package dev.switchboard.http;

import dev.switchboard.admin.TenantAdminApi;
import dev.switchboard.budget.BudgetGuard;
import dev.switchboard.budget.LocalBudgetGuard;
import dev.switchboard.budget.RedisBudgetGuard;
import dev.switchboard.budget.SpendHistory;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.limit.LocalRateLimiter;
import dev.switchboard.limit.RateLimiter;
import dev.switchboard.limit.RedisRateLimiter;
import dev.switchboard.store.Database;
import dev.switchboard.tenant.KeyAuthenticator;
import dev.switchboard.tenant.KeyPepper;
import dev.switchboard.tenant.TenantStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Who may call and how much: key authentication, the tenant admin API, rate limits and budgets. Limits and
 * budgets live in this process, or in Redis when {@code redis.url} is set so that every replica shares them.
 *
 * @param redis the Redis client when {@code redis.url} is set, else null; closed with {@link #close()}
 */
public record AccessControl(KeyAuthenticator keys, TenantAdminApi admin, RateLimiter limits, BudgetGuard budgets,
                            Redis redis) implements AutoCloseable {
  /** The prefix of every Redis key the gateway writes. */
  public static final String REDIS_PREFIX = "switchboard:";
  private static final int REDIS_POOL = 16;

  /** Builds the access control of {@code config}; {@code spend} seeds budgets with the spend already recorded. */
  public static AccessControl create(Vertx vertx, GatewayConfig config, Database database, MeterRegistry meters,
                                     Supplier<Snapshot> snapshot, SpendHistory spend) {
    TenantStore store = new TenantStore(database);
    KeyPepper pepper = new KeyPepper(database);
    KeyAuthenticator keys = new KeyAuthenticator(() -> snapshot.get().tenants(), pepper, store);
    TenantAdminApi admin = new TenantAdminApi(() -> snapshot.get().tenants(), () -> snapshot.get().router().modelNames(),
        store, pepper, keys);
    Clock clock = Clock.systemUTC();
    if (config.redis().url().isEmpty()) {
      return new AccessControl(keys, admin, new LocalRateLimiter(clock), new LocalBudgetGuard(clock, spend), null);
    }
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redis().url())
        .setMaxPoolSize(REDIS_POOL).setMaxPoolWaiting(1024));
    RedisAPI api = RedisAPI.api(redis);
    return new AccessControl(keys, admin, new RedisRateLimiter(api, REDIS_PREFIX, meters),
        new RedisBudgetGuard(api, REDIS_PREFIX, clock, spend), redis);
  }

  @Override
  public void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
