package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static dev.switchboard.e2e.GatewayFixture.streamChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Billing against an OpenAI-compatible upstream (WireMock): catalog prices with cache reads, fallbacks billed at
 * the deployment that served, mid-stream failures billed for what was produced, failed requests logged at cost 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingUpstreamE2ETest {
  static final String ADMIN_KEY = "sk-admin-billing-test-0001";
  static final BigDecimal MTOK = new BigDecimal("1000000");

  @TempDir
  static Path dir;
  Upstream upstream;
  GatewayFixture gw;

  @BeforeAll
  void start() {
    upstream = new Upstream();
    gw = GatewayFixture.start(dir, """
        admin: { key: "%s" }
        ledger: { flush_interval_ms: 50 }
        providers:
          up: { type: openai, base_url: "%s", api_key: "%s" }
        models:
          gpt-test:
            deployments: [ { provider: up, model: %s } ]
          pair:
            deployments:
              - { provider: up, model: up-a, weight: 1, price: { input_per_mtok: 1, output_per_mtok: 2 } }
              - { provider: up, model: up-b, weight: 0, price: { input_per_mtok: 3, output_per_mtok: 4 } }
        routing: { max_attempts: 2, attempt_timeout_ms: 30000 }
        tenants:
          test:
            keys: [ { id: t1, key: "%s" } ]
            models: [ "*" ]
        """.formatted(ADMIN_KEY, upstream.baseUrl(), Upstream.SECRET, Upstream.UPSTREAM_MODEL, TENANT_KEY));
  }

  @AfterAll
  void stop() {
    gw.close();
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.wm.resetAll();
  }

  /** The request log entry of {@code requestId}, once the ledger stored it (bounded wait). */
  JsonNode logged(String requestId) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      for (JsonNode e : gw.get("/admin/requests?limit=1000", ADMIN_KEY).json().path("data")) {
        if (e.path("id").asText().equals(requestId)) {
          return e;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("request " + requestId + " never reached the ledger");
  }

  @Test
  void cacheReadsArePricedFromTheCatalog() throws Exception {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("""
            {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
             "choices":[{"index":0,"message":{"role":"assistant","content":"cached"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":2000,"completion_tokens":300,"total_tokens":2300,
                      "prompt_tokens_details":{"cached_tokens":1500}}}""")));
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("gpt-test", "hello again"));
    assertEquals(200, reply.status(), reply.body());
    // 500 uncached x 0.15 + 1500 cached x 0.075 + 300 x 0.6 per million
    assertEquals("0.0003675", reply.header("x-switchboard-cost-usd"));
    assertEquals(0, new BigDecimal("0.0003675").compareTo(reply.json().path("usage").path("cost_usd").decimalValue()));
    JsonNode entry = logged(reply.header("x-request-id"));
    assertEquals(1500, entry.path("cached_tokens").asLong());
    assertEquals("0.0003675", entry.path("cost_usd").asText());
    assertTrue(entry.path("priced").asBoolean());
  }

  @Test
  void aFallbackIsBilledAtTheDeploymentThatServed() throws Exception {
    upstream.wm.stubFor(Upstream.chatFor("up-a").willReturn(Upstream.error(503, "server_error", null, null,
        "overloaded")));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.completion()));
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "fail over"));
    assertEquals(200, reply.status(), reply.body());
    assertEquals("2", reply.header("x-switchboard-attempts"));
    // the documented answer: 9 prompt tokens x 3 + 12 completion tokens x 4 per million
    assertEquals("0.000075", reply.header("x-switchboard-cost-usd"));
    JsonNode entry = logged(reply.header("x-request-id"));
    assertEquals(reply.header("x-request-id") + ":2", entry.path("event_id").asText());
    assertEquals("up/up-b", entry.path("deployment").asText());
    assertEquals("up-b", entry.path("upstream_model").asText());
    assertEquals("0.000075", entry.path("cost_usd").asText());
  }

  @Test
  void aStreamThatFailsMidwayIsBilledForWhatWasProduced() throws Exception {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .willReturn(Upstream.sse(GatewayFixture.resource("openai-stream-truncated.sse"))));
    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("gpt-test", "tell me something", true));
    assertEquals(200, sse.status());
    assertTrue(sse.data().get(sse.data().size() - 1).contains("upstream_error"), sse.lines().toString());
    JsonNode entry = logged(sse.header("x-request-id"));
    assertEquals("upstream_failed_mid_stream", entry.path("status").asText());
    assertTrue(entry.path("estimated").asBoolean(), "the upstream sent no usage, so the gateway counted");
    long completion = entry.path("completion_tokens").asLong();
    assertTrue(completion >= 2, entry.toString()); // "Hello" and " wor"
    BigDecimal expected = new BigDecimal("0.15").multiply(BigDecimal.valueOf(entry.path("prompt_tokens").asLong()))
        .add(new BigDecimal("0.6").multiply(BigDecimal.valueOf(completion))).divide(MTOK);
    assertEquals(0, expected.compareTo(new BigDecimal(entry.path("cost_usd").asText())), entry.toString());
  }

  @Test
  void aRequestWhoseEveryAttemptFailedIsLoggedAtNoCost() throws Exception {
    upstream.wm.stubFor(Upstream.chatFor("up-a").willReturn(aResponse().withStatus(500)));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(aResponse().withStatus(502)));
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "nobody home"));
    assertEquals(502, reply.status(), reply.body());
    assertNotNull(reply.header("x-request-id"));
    JsonNode entry = logged(reply.header("x-request-id"));
    assertEquals("error", entry.path("status").asText());
    assertEquals("0", entry.path("cost_usd").asText());
    assertEquals(0, entry.path("prompt_tokens").asLong());
    assertEquals(reply.header("x-request-id") + ":2", entry.path("event_id").asText());
    assertEquals("up/up-b", entry.path("deployment").asText());
    GatewayFixture.assertNoneContains(gw.seen(), TENANT_KEY);
  }
}
