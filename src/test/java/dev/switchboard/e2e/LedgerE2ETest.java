package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.JSON;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static dev.switchboard.e2e.GatewayFixture.streamChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Billing end to end over HTTP: the cost header and {@code usage.cost_usd} of every answer, streams and abandoned
 * streams billed, and reports whose totals equal the sum of what the clients were told, to the last digit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerE2ETest {
  static final String ADMIN_KEY = "sk-admin-ledger-test-0001";
  static final String OTHER_KEY = "sk-test-other-tenant-0002";
  static final String REUSE_KEY = "sk-test-reuse-tenant-0003";
  static final BigDecimal DEMO_IN = new BigDecimal("2.5");
  static final BigDecimal DEMO_OUT = new BigDecimal("10");
  static final BigDecimal MTOK = new BigDecimal("1000000");

  @TempDir
  static Path dir;
  GatewayFixture gw;

  @BeforeAll
  void start() {
    gw = GatewayFixture.start(dir, """
        admin: { key: "%s" }
        ledger: { flush_interval_ms: 50 }
        providers:
          local: { type: mock }
          slow: { type: mock, stream_interval_ms: 200 }
        models:
          demo: { deployments: [ { provider: local, model: mock-1, price: { input_per_mtok: 2.5, output_per_mtok: 10 } } ] }
          slow-demo: { deployments: [ { provider: slow, model: mock-slow, price: { input_per_mtok: 3, output_per_mtok: 15 } } ] }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ demo, slow-demo ]
          other:
            keys: [ { id: o1, key: "%s" } ]
            models: [ demo ]
          reuse:
            keys: [ { id: r1, key: "%s" } ]
            models: [ demo ]
        """.formatted(ADMIN_KEY, TENANT_KEY, OTHER_KEY, REUSE_KEY));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  static BigDecimal expected(JsonNode usage, BigDecimal in, BigDecimal out) {
    return in.multiply(BigDecimal.valueOf(usage.path("prompt_tokens").asLong()))
        .add(out.multiply(BigDecimal.valueOf(usage.path("completion_tokens").asLong()))).divide(MTOK);
  }

  static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }

  static String tomorrow() {
    return LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
  }

  /** Waits (bounded) until the ledger's backlog gauge reads 0, i.e. every event is in the store. */
  void awaitLedgerStored() throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      String metrics = gw.get("/metrics", null).body();
      if (metrics.lines().anyMatch(l -> l.equals("switchboard_ledger_backlog 0.0"))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the ledger backlog did not drain");
  }

  JsonNode costReport(String query) {
    GatewayFixture.Reply reply = gw.get("/admin/reports/cost?" + query, ADMIN_KEY);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  @Test
  void everyAnswerCarriesItsExactCostAndTheReportsAddUpToIt() throws Exception {
    BigDecimal told = BigDecimal.ZERO;
    BigDecimal toldTest = BigDecimal.ZERO;
    int requests = 0;
    for (int i = 0; i < 25; i++) {
      String key = i % 5 == 0 ? OTHER_KEY : TENANT_KEY;
      GatewayFixture.Reply reply = gw.postChat(key, chat("demo", "bill me exactly, request number " + i + "!"));
      assertEquals(200, reply.status(), reply.body());
      JsonNode usage = reply.json().path("usage");
      BigDecimal header = new BigDecimal(reply.header("x-switchboard-cost-usd"));
      assertEquals(0, expected(usage, DEMO_IN, DEMO_OUT).compareTo(header), reply.body());
      assertTrue(usage.path("cost_usd").isNumber(), reply.body());
      assertEquals(0, header.compareTo(usage.path("cost_usd").decimalValue()));
      told = told.add(header);
      toldTest = key.equals(TENANT_KEY) ? toldTest.add(header) : toldTest;
      requests++;
    }
    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("demo", "stream the bill", true));
    JsonNode usageChunk = sse.chunks().get(sse.chunks().size() - 1);
    JsonNode streamUsage = usageChunk.path("usage");
    BigDecimal streamed = streamUsage.path("cost_usd").decimalValue();
    assertEquals(0, expected(streamUsage, DEMO_IN, DEMO_OUT).compareTo(streamed), usageChunk.toString());
    assertTrue(streamed.signum() > 0);
    told = told.add(streamed);
    toldTest = toldTest.add(streamed);
    requests++;
    GatewayFixture.Reply embedded = gw.send(gw.request("/v1/embeddings").header("Authorization", "Bearer " + TENANT_KEY)
        .post(RequestBody.create("{\"model\":\"demo\",\"input\":\"embed and bill\"}", JSON)).build());
    assertEquals(200, embedded.status(), embedded.body());
    BigDecimal embeddingCost = new BigDecimal(embedded.header("x-switchboard-cost-usd"));
    assertEquals(0, expected(embedded.json().path("usage"), DEMO_IN, DEMO_OUT).compareTo(embeddingCost));
    told = told.add(embeddingCost);
    toldTest = toldTest.add(embeddingCost);
    requests++;
    awaitLedgerStored();

    String range = "from=" + today() + "&to=" + tomorrow();
    JsonNode byTenant = costReport(range + "&group_by=tenant,model&tenant=&format=json");
    BigDecimal rows = BigDecimal.ZERO;
    for (JsonNode row : byTenant.path("rows")) {
      assertTrue(row.has("tenant") && row.has("model") && !row.has("day"), row.toString());
      rows = rows.add(new BigDecimal(row.path("cost_usd").asText()));
    }
    BigDecimal total = new BigDecimal(byTenant.path("total").path("cost_usd").asText());
    assertTrue(total.compareTo(told) >= 0, "the abandoned-stream test may add its own event");
    JsonNode testOnly = costReport(range + "&group_by=model&tenant=test");
    JsonNode otherOnly = costReport(range + "&group_by=day&tenant=other");
    assertEquals(0, rows.compareTo(total));
    assertEquals(5, otherOnly.path("total").path("requests").asLong());
    assertEquals(0, told.subtract(toldTest).compareTo(new BigDecimal(otherOnly.path("total").path("cost_usd").asText())));

    GatewayFixture.Reply csv = gw.get("/admin/reports/cost?" + range + "&group_by=tenant&tenant=other&format=csv",
        ADMIN_KEY);
    assertEquals(200, csv.status(), csv.body());
    assertTrue(csv.header("content-type").startsWith("text/csv"));
    String[] lines = csv.body().split("\r\n");
    assertEquals("tenant,requests,prompt_tokens,completion_tokens,cost_usd", lines[0]);
    assertEquals("other", lines[1].split(",")[0]);
    assertEquals(0, told.subtract(toldTest).compareTo(new BigDecimal(lines[1].split(",")[4])));

    GatewayFixture.Reply own = gw.get("/v1/usage?" + range, TENANT_KEY);
    assertEquals(200, own.status(), own.body());
    assertEquals("test", own.json().path("tenant").asText());
    assertEquals(0, new BigDecimal(testOnly.path("total").path("cost_usd").asText())
        .compareTo(new BigDecimal(own.json().path("total").path("cost_usd").asText())));
    for (JsonNode row : own.json().path("rows")) {
      assertTrue(row.has("model") && row.has("day"), row.toString());
    }

    List<JsonNode> logged = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 50; page++) {
      GatewayFixture.Reply reply = gw.get("/admin/requests?tenant=other&limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_KEY);
      assertEquals(200, reply.status(), reply.body());
      reply.json().path("data").forEach(logged::add);
      cursor = reply.json().path("next_cursor").isNull() ? null : reply.json().path("next_cursor").asText();
      if (cursor == null) {
        break;
      }
    }
    assertEquals(5, logged.size());
    BigDecimal loggedSum = BigDecimal.ZERO;
    for (JsonNode entry : logged) {
      assertEquals("o1", entry.path("key_id").asText());
      assertEquals("local/mock-1", entry.path("deployment").asText());
      assertEquals("ok", entry.path("status").asText());
      loggedSum = loggedSum.add(new BigDecimal(entry.path("cost_usd").asText()));
    }
    assertEquals(0, loggedSum.compareTo(told.subtract(toldTest)));
    assertTrue(requests >= 27);

    GatewayFixture.assertNoneContains(gw.seen(), TENANT_KEY);
    GatewayFixture.assertNoneContains(gw.seen(), OTHER_KEY);
  }

  @Test
  void anAbandonedStreamIsBilledForWhatWasGenerated() throws Exception {
    String longPrompt = String.join(" ", Stream.generate(() -> "word").limit(60).toList());
    Request request = gw.chatRequest(TENANT_KEY, streamChat("slow-demo", longPrompt, false)).build();
    Call call = gw.http().newCall(request);
    String requestId;
    int contentChunks = 0;
    try (Response response = call.execute()) {
      assertEquals(200, response.code());
      requestId = response.header("x-request-id");
      BufferedSource source = response.body().source();
      for (int i = 0; i < 100 && contentChunks < 3; i++) {
        String line = source.readUtf8Line();
        if (line == null) {
          break;
        }
        if (line.startsWith("data: ")) {
          contentChunks++;
        }
      }
      call.cancel();
    }
    assertEquals(3, contentChunks);
    assertNotNull(requestId);
    JsonNode entry = null;
    for (int i = 0; i < 200 && entry == null; i++) {
      for (JsonNode e : gw.get("/admin/requests?tenant=test&limit=1000", ADMIN_KEY).json().path("data")) {
        if (e.path("id").asText().equals(requestId)) {
          entry = e;
        }
      }
      Thread.sleep(50);
    }
    assertNotNull(entry, "the abandoned stream reached the ledger");
    assertEquals("client_closed", entry.path("status").asText(), entry.toString());
    assertTrue(entry.path("stream").asBoolean());
    assertEquals("slow/mock-slow", entry.path("deployment").asText());
    long completion = entry.path("completion_tokens").asLong();
    assertTrue(completion > 0 && completion < 60, "billed what was generated before the client left: " + entry);
    BigDecimal cost = new BigDecimal("3").multiply(BigDecimal.valueOf(entry.path("prompt_tokens").asLong()))
        .add(new BigDecimal("15").multiply(BigDecimal.valueOf(completion))).divide(MTOK);
    assertEquals(0, cost.compareTo(new BigDecimal(entry.path("cost_usd").asText())), entry.toString());
  }

  @Test
  void aReusedClientRequestIdIsStillBilledOncePerRequest() throws Exception {
    List<String> costs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      GatewayFixture.Reply reply = gw.send(gw.chatRequest(REUSE_KEY, chat("demo", "same id, call " + i))
          .header("x-request-id", "client-chosen-id-42").build());
      assertEquals(200, reply.status(), reply.body());
      assertEquals("client-chosen-id-42", reply.header("x-request-id"));
      costs.add(reply.header("x-switchboard-cost-usd"));
    }
    List<JsonNode> entries = new ArrayList<>();
    for (int i = 0; i < 200 && entries.size() < 2; i++) {
      entries.clear();
      for (JsonNode e : gw.get("/admin/requests?tenant=reuse&limit=1000", ADMIN_KEY).json().path("data")) {
        if (e.path("id").asText().equals("client-chosen-id-42")) {
          entries.add(e);
        }
      }
      Thread.sleep(50);
    }
    assertEquals(2, entries.size(), "two requests, two events, though the client gave both the same id");
    assertTrue(!entries.get(0).path("event_id").asText().equals(entries.get(1).path("event_id").asText()));
    assertEquals(costs.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros(),
        entries.stream().map(e -> new BigDecimal(e.path("cost_usd").asText())).reduce(BigDecimal.ZERO, BigDecimal::add)
            .stripTrailingZeros());
  }

  @Test
  void badReportParametersAre400NamingTheParameter() {
    GatewayFixture.Reply typo = gw.get("/admin/reports/cost?group_by=tenantt", ADMIN_KEY);
    JsonNode error = GatewayFixture.assertOpenAiError(typo, 400, "invalid_request", "group_by");
    assertTrue(error.path("message").asText().contains("unknown key 'tenantt'"), typo.body());
    GatewayFixture.assertOpenAiError(gw.get("/admin/reports/cost?from=2026-02-30", ADMIN_KEY), 400,
        "invalid_request", "from");
    GatewayFixture.assertOpenAiError(gw.get("/admin/reports/cost?from=2026-03-01&to=2026-02-01", ADMIN_KEY), 400,
        "invalid_request", "from");
    GatewayFixture.assertOpenAiError(gw.get("/admin/requests?limit=5000", ADMIN_KEY), 400, "invalid_request", "limit");
    GatewayFixture.assertOpenAiError(gw.get("/v1/usage?group_by=model,colour", TENANT_KEY), 400, "invalid_request",
        "group_by");
    GatewayFixture.assertOpenAiError(gw.get("/admin/reports/cost", TENANT_KEY), 401, "invalid_api_key", null);
    GatewayFixture.assertOpenAiError(gw.get("/v1/usage", null), 401, "invalid_api_key", null);
  }
}
