package dev.switchboard.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.tenant.Tenant;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Rate limits kept in this process (a Caffeine map of per-tenant GCRA state): exact for a single gateway.
 * Each tenant's request and token checks run together under the tenant's lock, so a request is either counted
 * against both limits or refused by one of them without counting.
 */
public final class LocalRateLimiter implements RateLimiter {
  private final Clock clock;
  private final Cache<String, State> states = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();

  public LocalRateLimiter(Clock clock) {
    this.clock = clock;
  }

  /** One tenant's theoretical arrival times, in epoch microseconds. */
  private static final class State {
    long requestsTat;
    long tokensTat;
  }

  @Override
  public Future<Permit> acquire(Tenant tenant, long estimatedTokens) {
    long rpm = tenant.limits().rpm();
    long tpm = tenant.limits().tpm();
    if (rpm <= 0 && tpm <= 0) {
      return Future.succeededFuture(Permit.none(tenant.id()));
    }
    long now = micros();
    State state = states.get(tenant.id(), id -> new State());
    synchronized (state) {
      long rpmCost = rpm > 0 ? Gcra.cost(1, rpm) : 0;
      long tpmCost = tpm > 0 ? Gcra.cost(estimatedTokens, tpm) : 0;
      long rpmWait = rpm > 0 ? Gcra.waitUs(state.requestsTat, now, rpmCost) : 0;
      long tpmWait = tpm > 0 ? Gcra.waitUs(state.tokensTat, now, tpmCost) : 0;
      if (rpmWait > 0 || tpmWait > 0) {
        return Future.failedFuture(rpmWait >= tpmWait ? RateLimitExceeded.of(tenant.id(), "rpm", rpm, rpmWait)
            : RateLimitExceeded.of(tenant.id(), "tpm", tpm, tpmWait));
      }
      if (rpm > 0) {
        state.requestsTat = Gcra.admit(state.requestsTat, now, rpmCost);
      }
      if (tpm > 0) {
        state.tokensTat = Gcra.admit(state.tokensTat, now, tpmCost);
      }
    }
    return Future.succeededFuture(tpm > 0 ? new Permit(tenant.id(), tpm, estimatedTokens) : Permit.none(tenant.id()));
  }

  @Override
  public void recordTokens(Permit permit, long actualTokens) {
    if (permit.tpm() <= 0 || actualTokens == permit.estimatedTokens()) {
      return;
    }
    State state = states.getIfPresent(permit.tenantId());
    if (state == null) {
      return;
    }
    long delta = Gcra.cost(actualTokens, permit.tpm()) - Gcra.cost(permit.estimatedTokens(), permit.tpm());
    long now = micros();
    synchronized (state) {
      state.tokensTat = Gcra.adjust(state.tokensTat, now, delta);
    }
  }

  private long micros() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
