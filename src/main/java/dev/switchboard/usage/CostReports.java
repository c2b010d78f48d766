package dev.switchboard.usage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.Dialect;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Cost reports streamed straight from an aggregating SQL query ({@code GROUP BY} over exact integer cost units):
 * rows go out in chunks as the database produces them, so a report never sits whole in memory. The total is the
 * sum of the rows, which SQL computed exactly from the per-request costs.
 */
public final class CostReports {
  private static final Map<String, String> COLUMNS = Map.of("tenant", "tenant", "model", "model",
      "provider", "provider", "key", "key_id", "prompt", "prompt", "day", "day", "month", "month");
  private static final int FETCH_SIZE = 500;

  private final Database database;

  public CostReports(Database database) {
    this.database = database;
  }

  /** Answers {@code query} on {@code ctx}'s response; failures before the first byte go through {@code ctx.fail}. */
  public void send(RoutingContext ctx, ReportQuery query) {
    HttpServerResponse response = ctx.response();
    boolean csv = query.format() == ReportQuery.Format.CSV;
    Context context = ctx.vertx().getOrCreateContext();
    ResponseStream out = csv
        ? new ResponseStream(context, response, "text/csv; charset=utf-8",
            "attachment; filename=\"cost-" + query.from() + "-" + query.to() + ".csv\"")
        : new ResponseStream(context, response, "application/json", null);
    RowWriter writer = csv ? new CsvRows(query) : new JsonRows(query);
    database.call(c -> {
      Totals totals = new Totals();
      out.write(writer.begin());
      query(c, database.dialect(), query, (keys, row) -> {
        out.write(writer.row(keys, row));
        totals.add(row);
      });
      out.write(writer.end(totals));
      return out.rest();
    }).onSuccess(rest -> {
      out.head();
      response.end(rest);
    }).onFailure(e -> {
      if (out.started()) {
        response.reset();
      } else {
        ctx.fail(new GatewayError(503, "api_error", "store_unavailable", null,
            "the usage store did not answer: " + e.getMessage(), Map.of(), Map.of()));
      }
    });
  }

  /** Runs the aggregation and hands each group to {@code sink}, in grouping-key order. Blocking. */
  static void query(Connection c, Dialect dialect, ReportQuery q, RowSink sink) throws SQLException {
    List<String> cols = q.groupBy().stream().map(COLUMNS::get).toList();
    String select = cols.isEmpty() ? "" : String.join(", ", cols) + ", ";
    StringBuilder sql = new StringBuilder("SELECT ").append(select)
        .append("COUNT(*), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost_e10) FROM usage_events ")
        .append("WHERE day >= ? AND day < ?");
    if (q.tenant() != null) {
      sql.append(" AND tenant = ?");
    }
    if (!cols.isEmpty()) {
      String list = String.join(", ", cols);
      sql.append(" GROUP BY ").append(list).append(" ORDER BY ").append(list);
    }
    boolean autoCommit = c.getAutoCommit();
    if (dialect == Dialect.POSTGRESQL) {
      c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
    }
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      s.setFetchSize(FETCH_SIZE);
      s.setString(1, q.from().toString());
      s.setString(2, q.to().toString());
      if (q.tenant() != null) {
        s.setString(3, q.tenant());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<String> keys = new ArrayList<>(cols.size());
          for (int i = 1; i <= cols.size(); i++) {
            keys.add(rs.getString(i));
          }
          int n = cols.size();
          long requests = rs.getLong(n + 1);
          if (requests == 0) {
            continue;
          }
          sink.accept(keys, new Row(requests, rs.getLong(n + 2), rs.getLong(n + 3),
              UsageStore.fromUnits(rs.getBigDecimal(n + 4))));
        }
      }
    } finally {
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** The sums of one group. */
  record Row(long requests, long promptTokens, long completionTokens, BigDecimal costUsd) {}

  /** Receives report rows. */
  @FunctionalInterface
  interface RowSink {
    void accept(List<String> keys, Row row) throws SQLException;
  }

  /** The running total of the rows written. */
  static final class Totals {
    long requests;
    long promptTokens;
    long completionTokens;
    BigDecimal costUsd = BigDecimal.ZERO;

    void add(Row row) {
      requests += row.requests();
      promptTokens += row.promptTokens();
      completionTokens += row.completionTokens();
      costUsd = costUsd.add(row.costUsd());
    }

    Row row() {
      return new Row(requests, promptTokens, completionTokens, costUsd);
    }
  }

  /** Renders the report in one format. */
  interface RowWriter {
    String begin();

    String row(List<String> keys, Row row);

    String end(Totals totals);
  }

  /** {@code {"from","to","currency","group_by","rows":[...],"total":{...}}}, costs as exact decimal strings. */
  static final class JsonRows implements RowWriter {
    private final ReportQuery query;
    private boolean first = true;

    JsonRows(ReportQuery query) {
      this.query = query;
    }

    @Override
    public String begin() {
      ObjectNode head = Json.MAPPER.createObjectNode().put("from", query.from().toString())
          .put("to", query.to().toString()).put("currency", "USD");
      if (query.tenant() != null) {
        head.put("tenant", query.tenant());
      }
      ArrayNode groups = head.putArray("group_by");
      query.groupBy().forEach(groups::add);
      String text = head.toString();
      return text.substring(0, text.length() - 1) + ",\"rows\":[";
    }

    @Override
    public String row(List<String> keys, Row row) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      for (int i = 0; i < keys.size(); i++) {
        node.put(query.groupBy().get(i), keys.get(i));
      }
      sums(node, row);
      String text = (first ? "" : ",") + node;
      first = false;
      return text;
    }

    @Override
    public String end(Totals totals) {
      return "],\"total\":" + sums(Json.MAPPER.createObjectNode(), totals.row()) + "}";
    }

    private static ObjectNode sums(ObjectNode node, Row row) {
      return node.put("requests", row.requests()).put("prompt_tokens", row.promptTokens())
          .put("completion_tokens", row.completionTokens()).put("cost_usd", Pricing.format(row.costUsd()));
    }
  }

  /** A header row, then one line per group with the same columns as the JSON rows. */
  static final class CsvRows implements RowWriter {
    private final ReportQuery query;

    CsvRows(ReportQuery query) {
      this.query = query;
    }

    @Override
    public String begin() {
      List<String> header = new ArrayList<>(query.groupBy());
      header.addAll(List.of("requests", "prompt_tokens", "completion_tokens", "cost_usd"));
      return String.join(",", header) + "\r\n";
    }

    @Override
    public String row(List<String> keys, Row row) {
      return keys.stream().map(CsvRows::cell).collect(Collectors.joining(",", "", keys.isEmpty() ? "" : ","))
          + row.requests() + "," + row.promptTokens() + "," + row.completionTokens() + ","
          + Pricing.format(row.costUsd()) + "\r\n";
    }

    @Override
    public String end(Totals totals) {
      return "";
    }

    static String cell(String value) {
      if (value == null) {
        return "";
      }
      if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
      }
      return value;
    }
  }
}
