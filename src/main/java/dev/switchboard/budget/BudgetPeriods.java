package dev.switchboard.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** The UTC day and month an instant falls in: the periods daily and monthly budgets reset on. */
record BudgetPeriods(LocalDate day) {
  static BudgetPeriods at(Instant now) {
    return new BudgetPeriods(LocalDate.ofInstant(now, ZoneOffset.UTC));
  }

  String dayKey() {
    return day.toString();
  }

  String monthKey() {
    return day.toString().substring(0, 7);
  }

  Instant dayStart() {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  Instant monthStart() {
    return day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  Instant dayEnd() {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  Instant monthEnd() {
    ZonedDateTime first = day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC);
    return first.plusMonths(1).toInstant();
  }
}
