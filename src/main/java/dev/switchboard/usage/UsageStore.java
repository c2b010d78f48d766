package dev.switchboard.usage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@code usage_events} table. Costs are stored as exact integers of 1e-10 USD ({@code cost_e10}); inserts are
 * idempotent by event id ({@code ON CONFLICT DO NOTHING}, on SQLite and PostgreSQL alike). Blocking: runs on the
 * store's worker pool.
 */
final class UsageStore {
  private static final String INSERT = "INSERT INTO usage_events (event_id, request_id, ts_ms, day, month, tenant, key_id, model, "
      + "provider, deployment, upstream_model, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, "
      + "reasoning_tokens, cost_e10, priced, status, stream, latency_ms, estimated, prompt) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";

  private UsageStore() {}

  /** Inserts the events in one transaction; events already stored are left as they are. Returns how many were new. */
  static int insert(Connection c, List<UsageEvent> events) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (UsageEvent e : events) {
        int i = 1;
        s.setString(i++, e.eventId());
        s.setString(i++, e.requestId());
        s.setLong(i++, e.timeMs());
        s.setString(i++, e.day());
        s.setString(i++, e.month());
        s.setString(i++, e.tenant());
        s.setString(i++, e.keyId());
        s.setString(i++, e.model());
        s.setString(i++, e.provider());
        s.setString(i++, e.deployment());
        s.setString(i++, e.upstreamModel());
        s.setLong(i++, e.promptTokens());
        s.setLong(i++, e.completionTokens());
        s.setLong(i++, e.cachedTokens());
        s.setLong(i++, e.cacheWriteTokens());
        s.setLong(i++, e.reasoningTokens());
        s.setLong(i++, toUnits(e.costUsd()));
        s.setInt(i++, e.priced() ? 1 : 0);
        s.setString(i++, e.status());
        s.setInt(i++, e.stream() ? 1 : 0);
        s.setLong(i++, e.latencyMs());
        s.setInt(i++, e.estimated() ? 1 : 0);
        s.setString(i, e.prompt());
        s.addBatch();
      }
      int added = 0;
      for (int n : s.executeBatch()) {
        added += Math.max(0, n);
      }
      c.commit();
      return added;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** USD to integer units of 1e-10 USD; exact (costs carry at most {@link Pricing#SCALE} decimals). */
  static long toUnits(BigDecimal usd) {
    return usd.movePointRight(Pricing.SCALE).longValueExact();
  }

  /** Integer units of 1e-10 USD (as summed by SQL) back to USD. */
  static BigDecimal fromUnits(BigDecimal units) {
    return units == null ? BigDecimal.ZERO.setScale(Pricing.SCALE) : units.movePointLeft(Pricing.SCALE);
  }

  /** The exact USD of {@code tenant}'s events at or after {@code fromMs}. */
  static BigDecimal spentSince(Connection c, String tenant, long fromMs) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT COALESCE(SUM(cost_e10), 0) FROM usage_events WHERE tenant = ? AND ts_ms >= ?")) {
      q.setString(1, tenant);
      q.setLong(2, fromMs);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return fromUnits(rs.getBigDecimal(1));
      }
    }
  }
}
