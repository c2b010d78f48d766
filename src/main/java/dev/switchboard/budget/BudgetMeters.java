package dev.switchboard.budget;

import dev.switchboard.tenant.Tenant;
import dev.switchboard.tenant.TenantLimits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code switchboard_budget_used_ratio{tenant,period}}: the share of each tenant's daily and monthly budget spent
 * so far (reservations included), for the tenants with a budget that have made requests. Refreshed from the
 * {@link BudgetGuard} after each settled request, so it reads the shared counters when they live in Redis.
 */
public final class BudgetMeters {
  private final MeterRegistry registry;
  private final BudgetGuard budgets;
  private final Map<String, AtomicReference<double[]>> ratios = new ConcurrentHashMap<>();

  public BudgetMeters(MeterRegistry registry, BudgetGuard budgets) {
    this.registry = registry;
    this.budgets = budgets;
  }

  /** Reads {@code tenant}'s spend again (registering its gauges the first time); does nothing without a budget. */
  public void refresh(Tenant tenant) {
    TenantLimits limits = tenant.limits();
    if (!limits.hasBudget()) {
      return;
    }
    AtomicReference<double[]> value = ratios.computeIfAbsent(tenant.id(), id -> register(id));
    budgets.spent(tenant.id()).onSuccess(spent -> value.set(new double[] {
        ratio(spent.day(), limits.dailyBudgetUsd()), ratio(spent.month(), limits.monthlyBudgetUsd())}));
  }

  private AtomicReference<double[]> register(String tenant) {
    AtomicReference<double[]> value = new AtomicReference<>(new double[] {Double.NaN, Double.NaN});
    String[] periods = {"day", "month"};
    for (int i = 0; i < periods.length; i++) {
      int index = i;
      Gauge.builder("switchboard.budget.used.ratio", value, v -> v.get()[index])
          .description("Share of the tenant's budget spent this UTC day or month (1 = all of it)")
          .tags("tenant", tenant, "period", periods[i]).register(registry);
    }
    return value;
  }

  private static double ratio(BigDecimal spent, BigDecimal budget) {
    if (budget == null || budget.signum() == 0) {
      return Double.NaN;
    }
    return spent.divide(budget, MathContext.DECIMAL64).doubleValue();
  }
}
