package dev.switchboard.budget;

import dev.switchboard.tenant.Tenant;
import dev.switchboard.tenant.TenantLimits;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets counted in this process, for a single gateway. Each tenant has a day and a month counter in
 * nano-dollars, seeded from {@link SpendHistory} the first time the tenant is seen and reset when the UTC
 * day or month changes; every check-and-count runs under the tenant's lock.
 */
public final class LocalBudgetGuard implements BudgetGuard {
  private static final Logger LOG = LoggerFactory.getLogger(LocalBudgetGuard.class);

  private final Clock clock;
  private final SpendHistory history;
  private final Map<String, Future<Account>> accounts = new ConcurrentHashMap<>();

  public LocalBudgetGuard(Clock clock, SpendHistory history) {
    this.clock = clock;
    this.history = history;
  }

  /** One tenant's counters; guarded by its own monitor. */
  private static final class Account {
    String day;
    long daySpent;
    String month;
    long monthSpent;

    Account(BudgetPeriods periods, long daySpent, long monthSpent) {
      this.day = periods.dayKey();
      this.daySpent = daySpent;
      this.month = periods.monthKey();
      this.monthSpent = monthSpent;
    }

    void roll(BudgetPeriods now) {
      if (!now.monthKey().equals(month)) {
        month = now.monthKey();
        monthSpent = 0;
      }
      if (!now.dayKey().equals(day)) {
        day = now.dayKey();
        daySpent = 0;
      }
    }

    void add(Reservation r, long delta) {
      if (r.day().equals(day)) {
        daySpent += delta;
      }
      if (r.month().equals(month)) {
        monthSpent += delta;
      }
    }
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
    return account(tenant.id(), periods).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("budget of tenant {} not checked: the spend so far cannot be read ({})", tenant.id(),
            ar.cause().getMessage());
        return Future.failedFuture(BudgetErrors.unavailable(tenant.id()));
      }
      Account account = ar.result();
      synchronized (account) {
        account.roll(periods);
        if (limits.dailyBudgetUsd() != null && account.daySpent + estimate > NanoUsd.floor(limits.dailyBudgetUsd())) {
          return Future.failedFuture(BudgetErrors.exceeded(tenant.id(), "daily", now, periods.dayEnd()));
        }
        if (limits.monthlyBudgetUsd() != null
            && account.monthSpent + estimate > NanoUsd.floor(limits.monthlyBudgetUsd())) {
          return Future.failedFuture(BudgetErrors.exceeded(tenant.id(), "monthly", now, periods.monthEnd()));
        }
        Reservation reservation = new Reservation(tenant.id(), account.day, account.month, estimate);
        account.add(reservation, estimate);
        return Future.succeededFuture(reservation);
      }
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
    return account(tenantId, periods).map(a -> {
      synchronized (a) {
        a.roll(periods);
        return new Spent(NanoUsd.usd(a.daySpent), NanoUsd.usd(a.monthSpent));
      }
    });
  }

  private void adjust(Reservation reservation, long delta) {
    if (!reservation.counted() || delta == 0) {
      return;
    }
    Future<Account> account = accounts.get(reservation.tenantId());
    if (account != null && account.succeeded()) {
      Account a = account.result();
      synchronized (a) {
        a.add(reservation, delta);
      }
    }
  }

  private Future<Account> account(String tenantId, BudgetPeriods periods) {
    Future<Account> loading = accounts.computeIfAbsent(tenantId, id ->
        history.spentSince(id, periods.dayStart()).compose(day ->
            history.spentSince(id, periods.monthStart()).map(month ->
                new Account(periods, NanoUsd.ceil(day), NanoUsd.ceil(month)))));
    loading.onFailure(e -> accounts.remove(tenantId, loading));
    return loading;
  }
}
