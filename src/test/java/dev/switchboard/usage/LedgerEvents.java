package dev.switchboard.usage;

import dev.switchboard.store.Database;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test events with varied tenants, models, days and exact costs, and queries over the stored ledger. */
final class LedgerEvents {
  static final long DAY_MS = 86_400_000L;
  /** 2026-11-01T00:00:00Z. */
  static final long NOV_1 = 1_793_491_200_000L;

  private LedgerEvents() {}

  /** {@code n} events spread over 3 tenants, 3 models, 2 keys and 30 days of November 2026. */
  static List<UsageEvent> make(String prefix, int n, long seed) {
    Random random = new Random(seed);
    List<UsageEvent> out = new ArrayList<>(n);
    String[] tenants = {"acme", "globex", "initech"};
    String[] models = {"gpt-4o", "claude-sonnet", "demo"};
    for (int i = 0; i < n; i++) {
      long units = random.nextInt(50_000_000);
      out.add(new UsageEvent(UsageEvent.id(prefix + "-" + i, 1 + random.nextInt(2)), prefix + "-" + i,
          NOV_1 + random.nextInt(30) * DAY_MS + random.nextInt((int) DAY_MS), tenants[random.nextInt(3)],
          "k" + random.nextInt(2), models[random.nextInt(3)], "prov", "prov/up", "up", random.nextInt(5000),
          random.nextInt(2000), 0, 0, 0, BigDecimal.valueOf(units).movePointLeft(Pricing.SCALE), true,
          UsageEvent.OK, random.nextBoolean(), random.nextInt(3000), false, null));
    }
    return out;
  }

  static BigDecimal sum(List<UsageEvent> events) {
    return events.stream().map(UsageEvent::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static long count(Database db) throws Exception {
    return db.call(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM usage_events")) {
        rs.next();
        return rs.getLong(1);
      }
    }).toCompletionStage().toCompletableFuture().get();
  }

  static BigDecimal storedSum(Database db) throws Exception {
    return db.call(c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SUM(cost_e10) FROM usage_events")) {
        rs.next();
        return UsageStore.fromUnits(rs.getBigDecimal(1));
      }
    }).toCompletionStage().toCompletableFuture().get();
  }

  static void exec(Database db, String sql) throws Exception {
    db.call(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      return null;
    }).toCompletionStage().toCompletableFuture().get();
  }
}
