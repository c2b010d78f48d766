package dev.switchboard.budget;

import dev.switchboard.tenant.Tenant;
import io.vertx.core.Future;
import java.math.BigDecimal;

/**
 * Daily and monthly USD budgets per tenant, enforced by reservation: before a call, {@link #reserve} atomically
 * checks that the spend so far plus every outstanding reservation plus this estimate stays within each budget
 * and, if so, counts the estimate; after the call, {@link #settle} replaces the estimate with the actual cost,
 * or {@link #release} gives it back when nothing was spent. Concurrent requests therefore cannot overspend:
 * with estimates that bound the real cost, the spend never exceeds the budget.
 */
public interface BudgetGuard {
  /** Counts {@code estimateUsd} against the tenant's budgets, or fails with 429 {@code budget_exceeded}. */
  Future<Reservation> reserve(Tenant tenant, BigDecimal estimateUsd);

  /** Replaces the reservation's estimate with the cost the call actually had. */
  void settle(Reservation reservation, BigDecimal actualUsd);

  /** Gives the reservation back (the call failed before anything was spent). */
  void release(Reservation reservation);

  /** What the guard counts for {@code tenantId} in the current UTC day and month, reservations included. */
  Future<Spent> spent(String tenantId);

  /** Spend counted so far this day and this month, in USD. */
  record Spent(BigDecimal day, BigDecimal month) {}
}
