package dev.switchboard.usage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.Json;
import dev.switchboard.store.Database;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-request log for audits, newest first, in pages with keyset pagination: each page ends with an opaque
 * cursor naming its last entry, so paging stays exact while new requests arrive. Holds no prompt text.
 */
public final class RequestLogPages {
  private static final String COLUMNS = "event_id, request_id, ts_ms, tenant, key_id, model, provider, deployment, upstream_model, "
      + "prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, cost_e10, priced, "
      + "status, stream, latency_ms, estimated, prompt, "
      + "(SELECT k.prefix FROM tenant_keys k WHERE k.id = usage_events.key_id AND k.tenant_id = usage_events.tenant) "
      + "AS key_prefix";

  private final Database database;

  public RequestLogPages(Database database) {
    this.database = database;
  }

  /** One page as {@code {"data":[...],"next_cursor":...}} ({@code next_cursor} null on the last page). */
  public Future<ObjectNode> page(RequestLogQuery q) {
    return database.call(c -> render(read(c, q), q.limit()));
  }

  /** One log entry and its place in the log. */
  record Entry(RequestLogQuery.Position position, ObjectNode json) {}

  static List<Entry> read(Connection c, RequestLogQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM usage_events WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.tenant() != null) {
      sql.append(" AND tenant = ?");
      args.add(q.tenant());
    }
    if (q.from() != null) {
      sql.append(" AND day >= ?");
      args.add(q.from().toString());
    }
    if (q.to() != null) {
      sql.append(" AND day < ?");
      args.add(q.to().toString());
    }
    if (q.after() != null) {
      sql.append(" AND (ts_ms < ? OR (ts_ms = ? AND event_id < ?))");
      args.add(q.after().timeMs());
      args.add(q.after().timeMs());
      args.add(q.after().eventId());
    }
    sql.append(" ORDER BY ts_ms DESC, event_id DESC LIMIT ?");
    args.add(q.limit() + 1);
    List<Entry> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        s.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs));
        }
      }
    }
    return out;
  }

  private static Entry entry(ResultSet rs) throws SQLException {
    String eventId = rs.getString("event_id");
    long ts = rs.getLong("ts_ms");
    ObjectNode e = Json.MAPPER.createObjectNode()
        .put("id", rs.getString("request_id"))
        .put("event_id", eventId)
        .put("time", Instant.ofEpochMilli(ts).toString())
        .put("tenant", rs.getString("tenant"))
        .put("key_id", rs.getString("key_id"))
        .put("key_prefix", rs.getString("key_prefix"))
        .put("model", rs.getString("model"))
        .put("provider", rs.getString("provider"))
        .put("deployment", rs.getString("deployment"))
        .put("upstream_model", rs.getString("upstream_model"))
        .put("prompt_tokens", rs.getLong("prompt_tokens"))
        .put("completion_tokens", rs.getLong("completion_tokens"))
        .put("cached_tokens", rs.getLong("cached_tokens"))
        .put("cache_write_tokens", rs.getLong("cache_write_tokens"))
        .put("reasoning_tokens", rs.getLong("reasoning_tokens"))
        .put("cost_usd", Pricing.format(UsageStore.fromUnits(rs.getBigDecimal("cost_e10"))))
        .put("priced", rs.getInt("priced") == 1)
        .put("status", rs.getString("status"))
        .put("stream", rs.getInt("stream") == 1)
        .put("latency_ms", rs.getLong("latency_ms"))
        .put("estimated", rs.getInt("estimated") == 1)
        .put("prompt", rs.getString("prompt"));
    return new Entry(new RequestLogQuery.Position(ts, eventId), e);
  }

  private static ObjectNode render(List<Entry> rows, int limit) {
    ObjectNode root = Json.MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
      data.add(rows.get(i).json());
    }
    if (rows.size() > limit) {
      root.put("next_cursor", rows.get(limit - 1).position().cursor());
    } else {
      root.putNull("next_cursor");
    }
    return root;
  }
}
