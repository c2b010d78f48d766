package dev.switchboard.budget;

/**
 * What {@link BudgetGuard#reserve} counted: the tenant, the UTC day ({@code 2026-12-04}) and month
 * ({@code 2026-12}) it was counted in, and the amount in nano-dollars. A settlement applies only to those
 * periods, so a call that straddles midnight does not disturb the new day's count.
 */
public record Reservation(String tenantId, String day, String month, long nanos) {
  /** The reservation of a tenant without budgets: settling or releasing it does nothing. */
  public static final Reservation NONE = new Reservation(null, null, null, 0);

  /** True when this reservation counted something. */
  public boolean counted() {
    return tenantId != null;
  }
}
