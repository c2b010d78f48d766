package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Failover under broken upstreams: no failed request while a healthy path exists, outlier ejection and recovery
 * after an upstream process is killed and restarted, the 503 that names every upstream and why, and the retry
 * budget that keeps an outage from multiplying load.
 */
class RouterResilienceE2ETest extends RouterE2EBase {

  @Test
  void oneBrokenDeploymentCostsNoFailedRequestAndIsEjected() {
    start(NO_ACTIVE_CHECKS);
    answer(a, Upstream.error(500, "server_error", null, null, "boom"));
    answer(b, Upstream.completion());

    for (int i = 0; i < 40; i++) {
      GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("duo", "hi " + i));
      assertEquals(200, reply.status(), reply.body());
      assertEquals("b/m", reply.header("x-switchboard-deployment"));
    }
    assertEquals(2, chatHits(a), "consecutive_failures 2 ejects a; no request reaches it afterwards");
    JsonNode view = upstreamsView();
    JsonNode broken = deployment(view, "a/m");
    assertEquals("ejected", broken.path("state").asText());
    assertEquals("upstream_5xx", broken.path("reason").asText());
    assertTrue(broken.path("last_error").asText().contains("boom"), broken.toString());
    assertTrue(broken.path("ejected_until").isTextual() && broken.path("since").isTextual(), broken.toString());
    assertEquals(1, broken.path("ejections").asInt());
    assertEquals("healthy", deployment(view, "b/m").path("state").asText());
    assertTrue(deployment(view, "b/m").path("latency_p50_ms").isNumber());
    assertTrue(gw.get("/metrics", null).body().contains("switchboard_upstream_state{deployment=\"a/m\",provider=\"a\",state=\"ejected\"} 1.0"));
  }

  @Test
  void killingAnUpstreamUnderLoadFailsNoRequestAndItRecoversWithinOneCheckInterval() throws Exception {
    start("{ max_attempts: 3, attempt_timeout_ms: 5000, health: { active: { interval_ms: 300, timeout_ms: 500,"
        + " unhealthy_threshold: 2, healthy_threshold: 1 }, passive: { consecutive_failures: 1, base_ejection_ms: 60000,"
        + " max_ejection_ms: 600000 } } }");
    answer(a, Upstream.completion());
    answer(b, Upstream.completion());
    for (int i = 0; i < 10; i++) {
      assertEquals(200, gw.postChat(TENANT_KEY, chat("duo", "warm " + i)).status());
    }
    int port = a.port();
    a.stop();
    for (int i = 0; i < 30; i++) {
      GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("duo", "load " + i));
      assertEquals(200, reply.status(), reply.body());
    }
    assertEquals("connect_refused", deployment(upstreamsView(), "a/m").path("reason").asText());

    a = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
    a.start();
    a.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[]}")));
    answer(a, Upstream.completion());
    boolean back = false;
    for (int i = 0; i < 40 && !back; i++) {
      Thread.sleep(100);
      assertEquals(200, gw.postChat(TENANT_KEY, chat("duo", "after " + i)).status());
      back = chatHits(a) > 0;
    }
    assertTrue(back, "the restarted upstream takes traffic again within a few check intervals (300 ms each)");
    assertEquals("healthy", deployment(upstreamsView(), "a/m").path("state").asText());
  }

  @Test
  void whenEveryUpstreamIsBrokenThe503NamesEachOneAndWhy() {
    start(NO_ACTIVE_CHECKS.replace("consecutive_failures: 2", "consecutive_failures: 1"));
    answer(a, Upstream.error(401, "invalid_request_error", "invalid_api_key", null, "Incorrect API key provided"));
    answer(b, Upstream.error(500, "server_error", null, null, "The server had an error"));

    GatewayFixture.Reply first = gw.postChat(TENANT_KEY, chat("trio", "hi"));
    assertOpenAiError(first, 502, "upstream_error", null);
    Map<String, String> reasons = new HashMap<>();
    first.json().path("upstreams").forEach(u -> reasons.put(u.path("deployment").asText(), u.path("reason").asText()));
    assertEquals(Map.of("a/m", "auth_rejected", "b/m", "upstream_5xx", "dead/m", "connect_refused"), reasons);

    GatewayFixture.Reply second = gw.postChat(TENANT_KEY, chat("trio", "again"));
    assertOpenAiError(second, 503, "no_healthy_upstream", null);
    assertTrue(Integer.parseInt(second.header("retry-after")) > 0, second.headers().toString());
    List<JsonNode> entries = new ArrayList<>();
    second.json().path("upstreams").forEach(entries::add);
    assertEquals(3, entries.size(), second.body());
    for (JsonNode u : entries) {
      assertEquals("ejected", u.path("state").asText(), u.toString());
      assertEquals(reasons.get(u.path("deployment").asText()), u.path("reason").asText(), u.toString());
      assertTrue(u.path("provider").isTextual() && u.path("last_error").isTextual() && u.path("since").isTextual());
    }
    assertTrue(second.json().path("error").path("message").asText().contains("connect_refused"), second.body());
  }

  @Test
  void retriesStayWithinTheBudgetWhenEveryUpstreamFails() throws Exception {
    start("{ max_attempts: 3, attempt_timeout_ms: 30000, deadline_ms: 60000, retry: { budget_ratio: 0.2, budget_min_per_second: 5,"
        + " backoff_base_ms: 1, backoff_max_ms: 5 }, health: { active: { enabled: false },"
        + " passive: { consecutive_failures: 1000 } } }");
    answer(a, aResponse().withStatus(503).withBody("overloaded"));
    answer(b, aResponse().withStatus(503).withBody("overloaded"));
    int requests = 100;
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        statuses.add(pool.submit(() -> gw.postChat(TENANT_KEY, chat("duo", "x")).status()));
      }
      for (Future<Integer> status : statuses) {
        assertEquals(502, status.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    int hits = chatHits(a) + chatHits(b);
    System.out.println("retry budget: " + hits + " upstream calls for " + requests + " requests");
    assertTrue(hits >= requests, "every request is tried once: " + hits);
    long seconds = (System.nanoTime() - started) / 1_000_000_000 + 2; // the calendar seconds the burst touched
    assertTrue(hits <= requests + 20 + 5 * seconds,
        "retries bounded by 20% of requests plus 5 per second, not 3x the load: " + hits + " in " + seconds + " s");
  }
}
