package dev.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.StoreBackends;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reports and the request log over a stored ledger, on SQLite and PostgreSQL: exact totals, filters, pages. */
class CostReportsTest {
  @TempDir
  Path dir;
  Vertx vertx;
  Database db;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (db != null) {
      db.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private List<UsageEvent> stored(String backend, int n) throws Exception {
    db = StoreBackends.open(vertx, backend, dir);
    List<UsageEvent> events = LedgerEvents.make("rep", n, 7);
    db.call(c -> UsageStore.insert(c, events)).toCompletionStage().toCompletableFuture().get();
    return events;
  }

  private static ReportQuery query(String params) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (String pair : params.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        map.add(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return ReportQuery.parse(map, "tenant,model,day", null);
  }

  private String render(ReportQuery q, CostReports.RowWriter writer) throws Exception {
    return db.call(c -> {
      StringBuilder out = new StringBuilder(writer.begin());
      CostReports.Totals totals = new CostReports.Totals();
      CostReports.query(c, db.dialect(), q, (keys, row) -> {
        out.append(writer.row(keys, row));
        totals.add(row);
      });
      return out.append(writer.end(totals)).toString();
    }).toCompletionStage().toCompletableFuture().get();
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void theTotalIsTheSumOfTheRowsAndOfEveryRequestExactly(String backend) throws Exception {
    List<UsageEvent> events = stored(backend, 3_000);
    ReportQuery q = query("from=2026-11-01&to=2026-12-01&group_by=tenant,model,day");
    JsonNode report = Json.MAPPER.readTree(render(q, new CostReports.JsonRows(q)));
    assertEquals("USD", report.path("currency").asText());
    assertEquals("2026-11-01", report.path("from").asText());
    BigDecimal rows = BigDecimal.ZERO;
    long requests = 0;
    Set<String> groups = new HashSet<>();
    for (JsonNode row : report.path("rows")) {
      assertTrue(row.has("tenant") && row.has("model") && row.has("day"), row::toString);
      assertTrue(groups.add(row.path("tenant").asText() + row.path("model").asText() + row.path("day").asText()));
      rows = rows.add(new BigDecimal(row.path("cost_usd").asText()));
      requests += row.path("requests").asLong();
    }
    BigDecimal perRequest = LedgerEvents.sum(events);
    assertEquals(0, perRequest.compareTo(rows), "rows " + rows + " vs requests " + perRequest);
    assertEquals(0, perRequest.compareTo(new BigDecimal(report.path("total").path("cost_usd").asText())));
    assertEquals(3_000, requests);
    assertEquals(3_000, report.path("total").path("requests").asLong());
    assertEquals(events.stream().mapToLong(UsageEvent::promptTokens).sum(),
        report.path("total").path("prompt_tokens").asLong());
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void csvHasAHeaderAndTheSameNumbers(String backend) throws Exception {
    List<UsageEvent> events = stored(backend, 1_000);
    ReportQuery q = query("from=2026-11-01&to=2026-12-01&group_by=tenant,month&tenant=acme&format=csv");
    String[] lines = render(q, new CostReports.CsvRows(q)).split("\r\n");
    assertEquals("tenant,month,requests,prompt_tokens,completion_tokens,cost_usd", lines[0]);
    assertEquals(2, lines.length, "one tenant, one month");
    String[] cells = lines[1].split(",");
    List<UsageEvent> acme = events.stream().filter(e -> e.tenant().equals("acme")).toList();
    assertEquals(List.of("acme", "2026-11", String.valueOf(acme.size())), List.of(cells).subList(0, 3));
    assertEquals(0, LedgerEvents.sum(acme).compareTo(new BigDecimal(cells[5])));
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void groupsByEveryKeyAndFiltersTheRangeWithToExclusive(String backend) throws Exception {
    List<UsageEvent> events = stored(backend, 1_200);
    ReportQuery q = query("from=2026-11-03&to=2026-11-05&group_by=provider,key,day");
    JsonNode report = Json.MAPPER.readTree(render(q, new CostReports.JsonRows(q)));
    List<UsageEvent> inRange = events.stream().filter(e -> e.day().equals("2026-11-03") || e.day().equals("2026-11-04"))
        .toList();
    Map<String, BigDecimal> expected = inRange.stream().collect(Collectors.groupingBy(
        e -> e.keyId() + "|" + e.day(), Collectors.reducing(BigDecimal.ZERO, UsageEvent::costUsd, BigDecimal::add)));
    Map<String, BigDecimal> actual = new java.util.HashMap<>();
    for (JsonNode row : report.path("rows")) {
      assertEquals("prov", row.path("provider").asText());
      actual.put(row.path("key").asText() + "|" + row.path("day").asText(), new BigDecimal(row.path("cost_usd").asText()));
    }
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> assertEquals(0, v.compareTo(actual.get(k)), k));
  }

  @ParameterizedTest
  @MethodSource("dev.switchboard.store.StoreBackends#names")
  void theRequestLogPagesThroughEveryEventNewestFirst(String backend) throws Exception {
    List<UsageEvent> events = stored(backend, 250);
    RequestLogPages pages = new RequestLogPages(db);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      MultiMap params = MultiMap.caseInsensitiveMultiMap().add("limit", "100");
      if (cursor != null) {
        params.add("cursor", cursor);
      }
      JsonNode body = pages.page(RequestLogQuery.parse(params)).toCompletionStage().toCompletableFuture().get();
      body.path("data").forEach(e -> seen.add(e.path("event_id").asText()));
      cursor = body.path("next_cursor").isNull() ? null : body.path("next_cursor").asText();
      if (cursor == null) {
        break;
      }
    }
    assertNull(cursor);
    assertEquals(250, seen.size());
    assertEquals(250, new HashSet<>(seen).size(), "no entry twice");
    List<String> newestFirst = events.stream()
        .sorted((a, b) -> a.timeMs() != b.timeMs() ? Long.compare(b.timeMs(), a.timeMs())
            : b.eventId().compareTo(a.eventId()))
        .map(UsageEvent::eventId).toList();
    assertEquals(newestFirst, seen);

    JsonNode acme = pages.page(RequestLogQuery.parse(MultiMap.caseInsensitiveMultiMap().add("tenant", "acme")
        .add("from", "2026-11-10").add("to", "2026-11-20"))).toCompletionStage().toCompletableFuture().get();
    long expected = events.stream().filter(e -> e.tenant().equals("acme") && e.day().compareTo("2026-11-10") >= 0
        && e.day().compareTo("2026-11-20") < 0).count();
    assertEquals(expected, acme.path("data").size());
    JsonNode first = acme.path("data").get(0);
    assertNotNull(first);
    UsageEvent original = events.stream().filter(e -> e.eventId().equals(first.path("event_id").asText()))
        .findFirst().orElseThrow();
    assertEquals(original.requestId(), first.path("id").asText());
    assertEquals(0, original.costUsd().compareTo(new BigDecimal(first.path("cost_usd").asText())));
    assertEquals(original.keyId(), first.path("key_id").asText());
  }

  @Test
  void badParametersNameTheParameter() {
    assertEquals("group_by", assertThrows(GatewayError.class, () -> query("group_by=tenantt")).param());
    assertEquals("group_by: unknown key 'tenantt' (expected one of tenant, model, provider, key, prompt, day, month)",
        assertThrows(GatewayError.class, () -> query("group_by=tenantt")).getMessage());
    assertEquals("from", assertThrows(GatewayError.class, () -> query("from=2026-12-01&to=2026-11-01")).param());
    assertEquals("to", assertThrows(GatewayError.class, () -> query("to=2026-13-01")).param());
    assertEquals("format", assertThrows(GatewayError.class, () -> query("format=xml")).param());
    assertEquals(400, assertThrows(GatewayError.class, () -> query("group_by=day,day")).status());
    assertEquals("limit", assertThrows(GatewayError.class, () -> RequestLogQuery.parse(
        MultiMap.caseInsensitiveMultiMap().add("limit", "0"))).param());
    assertEquals("cursor", assertThrows(GatewayError.class, () -> RequestLogQuery.parse(
        MultiMap.caseInsensitiveMultiMap().add("cursor", "!!"))).param());
  }

  @Test
  void defaultsAreTheCurrentMonth() {
    ReportQuery q = query("");
    assertEquals(1, q.from().getDayOfMonth());
    assertEquals(q.from().plusMonths(1), q.to());
    assertEquals(List.of("tenant", "model", "day"), q.groupBy());
    assertEquals(LocalDate.parse("2026-10-05"), query("to=2026-11-05").from());
    assertEquals(List.of(), query("group_by=").groupBy());
  }
}
