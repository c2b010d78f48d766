package dev.switchboard.tenant;

import java.math.BigDecimal;

/**
 * What a tenant may spend and how fast: daily and monthly budgets in USD (null = no budget of that kind),
 * requests and tokens per minute (0 = unlimited).
 */
public record TenantLimits(BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd, long rpm, long tpm) {
  /** No budget, no rate limit. */
  public static final TenantLimits NONE = new TenantLimits(null, null, 0, 0);

  /** True when either budget is set. */
  public boolean hasBudget() {
    return dailyBudgetUsd != null || monthlyBudgetUsd != null;
  }
}
