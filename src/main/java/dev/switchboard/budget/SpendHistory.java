package dev.switchboard.budget;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The spend already recorded for a tenant, read by a budget guard when it first meets the tenant in a period
 * (after a start, or when Redis lost its counters), so the spend so far this day and month survives restarts.
 * The usage ledger provides it.
 */
public interface SpendHistory {
  /** The total USD recorded for {@code tenant} at or after {@code from}. */
  Future<BigDecimal> spentSince(String tenant, Instant from);

  /** For a gateway without a usage ledger: budgets then count from zero at each start. */
  SpendHistory NONE = (tenant, from) -> Future.succeededFuture(BigDecimal.ZERO);
}
