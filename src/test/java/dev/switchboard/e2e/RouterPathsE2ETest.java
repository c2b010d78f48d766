package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static dev.switchboard.e2e.GatewayFixture.streamChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Where a request goes when its first choice fails: fallback groups, context-window fallbacks, the deadline over
 * hanging upstreams, streams that time out before their first token; and the caller faults that never fail over.
 * Also the admin view's access rules.
 */
class RouterPathsE2ETest extends RouterE2EBase {

  @Test
  void allDeploymentsFailingMovesToTheFallbackGroup() {
    start(NO_ACTIVE_CHECKS);
    answer(a, Upstream.error(500, "server_error", null, null, "boom"));
    b.stubFor(Upstream.chatFor("big").willReturn(Upstream.completion()));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("primary", "hi"));

    assertEquals(200, reply.status(), reply.body());
    assertEquals("b/big", reply.header("x-switchboard-deployment"));
    assertEquals("primary", reply.json().path("model").asText(), "the caller sees the model it asked for");
    assertTrue(gw.get("/metrics", null).body().contains("switchboard_fallbacks_total{model=\"primary\"} 1.0"));
  }

  @Test
  void aPromptTooLongForTheWindowMovesToTheContextFallbackWithoutHarmingHealth() {
    start(NO_ACTIVE_CHECKS);
    answer(a, Upstream.error(400, "invalid_request_error", "context_length_exceeded", "messages",
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens."));
    b.stubFor(Upstream.chatFor("big").willReturn(Upstream.completion()));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("short", "a long prompt"));

    assertEquals(200, reply.status(), reply.body());
    assertEquals("b/big", reply.header("x-switchboard-deployment"));
    JsonNode a1 = deployment(upstreamsView(), "a/m");
    assertEquals("healthy", a1.path("state").asText());
    assertEquals(0, a1.path("failures").asInt(), "a prompt too long is not the upstream's fault");
  }

  @Test
  void aCallerErrorIsReturnedAsIsAndNeverFailsOver() {
    start(NO_ACTIVE_CHECKS);
    answer(a, Upstream.error(400, "invalid_request_error", "invalid_value", "temperature",
        "Invalid 'temperature': decimal above maximum value."));
    answer(b, Upstream.completion());

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("first-a", "hi"));

    JsonNode error = assertOpenAiError(reply, 400, "invalid_value", "temperature");
    assertTrue(error.path("message").asText().contains("temperature"), error.toString());
    assertEquals(0, chatHits(b), "a 400 the caller caused is not retried elsewhere");
    assertEquals(0, deployment(upstreamsView(), "a/m").path("failures").asInt());
  }

  @Test
  void hangingUpstreamsAnswerWithin504ByTheDeadline() {
    start("{ max_attempts: 5, attempt_timeout_ms: 2000, deadline_ms: 5000, health: { active: { enabled: false } } }");
    answer(a, Upstream.completion().withFixedDelay(15_000));
    answer(b, Upstream.completion().withFixedDelay(15_000));

    long started = System.nanoTime();
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("duo", "hi"));
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertOpenAiError(reply, 504, "upstream_timeout", null);
    assertTrue(elapsedMs < 9_000, "answered by the 5 s deadline (with slack for a slow machine), took " + elapsedMs);
    assertTrue(reply.json().path("error").path("message").asText().contains("read_timeout"), reply.body());
  }

  @Test
  void aStreamWithoutAFirstTokenInTimeFailsOverToOneCleanStream() {
    start("{ max_attempts: 3, attempt_timeout_ms: 1000, health: { active: { enabled: false } } }");
    answer(a, Upstream.stream().withFixedDelay(5_000));
    answer(b, Upstream.stream());

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("first-a", "Hello!", false));

    assertEquals(200, sse.status());
    assertEquals("b/m", sse.header("x-switchboard-deployment"));
    assertEquals("2", sse.header("x-switchboard-attempts"));
    assertEquals(String.join("", Upstream.documentedStreamPieces()), sse.text());
    assertEquals("[DONE]", sse.data().get(sse.data().size() - 1));
  }

  @Test
  void rateLimitedDeploymentsCoolDownAndTheCallerGetsTheShortestRetryAfter() {
    start(NO_ACTIVE_CHECKS);
    answer(a, Upstream.error(429, "requests", "rate_limit_exceeded", null, "Rate limit reached").withHeader("Retry-After", "7"));
    answer(b, Upstream.error(429, "requests", "rate_limit_exceeded", null, "Rate limit reached").withHeader("Retry-After", "4"));

    assertEquals(429, gw.postChat(TENANT_KEY, chat("duo", "one")).status());
    GatewayFixture.Reply cooling = gw.postChat(TENANT_KEY, chat("duo", "two"));

    assertEquals(429, cooling.status(), cooling.body());
    assertEquals("upstream_rate_limited", cooling.json().path("error").path("code").asText());
    int retryAfter = Integer.parseInt(cooling.header("retry-after"));
    assertTrue(retryAfter >= 3 && retryAfter <= 4, "the shortest cooldown, about 4 s: " + retryAfter);
    assertEquals(2, chatHits(a) + chatHits(b), "cooling deployments are not called again");
    assertEquals(0, deployment(upstreamsView(), "a/m").path("failures").asInt(), "a 429 is not a failure");
  }

  @Test
  void theAdminViewNeedsTheAdminKey() {
    start(NO_ACTIVE_CHECKS);
    assertOpenAiError(gw.get("/admin/upstreams", null), 401, "invalid_api_key", null);
    assertOpenAiError(gw.get("/admin/upstreams", TENANT_KEY), 401, "invalid_api_key", null);
    assertOpenAiError(gw.get("/admin/upstreams", "adm-wrong"), 401, "invalid_api_key", null);
    JsonNode view = upstreamsView();
    assertEquals(4, view.path("upstreams").size(), view.toString());
    JsonNode duo = null;
    for (JsonNode m : view.path("models")) {
      if (m.path("model").asText().equals("duo")) {
        duo = m;
      }
    }
    assertEquals(2, duo.path("available").asInt());
    assertTrue(gw.seen().stream().noneMatch(s -> s.contains(ADMIN_KEY)), "the admin key is never echoed");
  }

  @Test
  void activeChecksTakeAnUnreachableDeploymentOutBeforeAnyRequestFails() throws Exception {
    start("{ max_attempts: 3, health: { active: { interval_ms: 200, timeout_ms: 500, unhealthy_threshold: 2,"
        + " healthy_threshold: 1 } } }");
    a.stubFor(post(urlEqualTo(Upstream.PATH)).withRequestBody(matchingJsonPath("$.model", equalTo("m")))
        .willReturn(Upstream.completion()));
    a.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/models"))
        .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"Incorrect API key provided\"}}")));
    String state = "";
    for (int i = 0; i < 50 && !state.equals("unhealthy"); i++) {
      Thread.sleep(100);
      state = deployment(upstreamsView(), "a/m").path("state").asText();
    }
    assertEquals("unhealthy", state);
    assertEquals("auth_rejected", deployment(upstreamsView(), "a/m").path("reason").asText());
  }

  @Test
  void theOverheadHeaderShowsTheGatewaysOwnTimeWithoutTheUpstreams() {
    start(NO_ACTIVE_CHECKS);
    answer(a, Upstream.completion().withFixedDelay(400));
    answer(b, Upstream.stream().withFixedDelay(400));

    long started = System.nanoTime();
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("first-a", "hi"));
    long totalMs = (System.nanoTime() - started) / 1_000_000;
    double overhead = Double.parseDouble(reply.header("x-switchboard-overhead-ms"));
    assertTrue(totalMs >= 400, "the upstream took 400 ms: " + totalMs);
    assertTrue(overhead >= 0 && overhead < totalMs - 350, "overhead " + overhead + " ms excludes the 400 ms upstream wait");

    b.resetAll();
    answer(a, Upstream.error(500, "server_error", null, null, "boom"));
    answer(b, Upstream.stream().withFixedDelay(400));
    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, GatewayFixture.streamChat("duo", "hi", false));
    assertTrue(Double.parseDouble(sse.header("x-switchboard-overhead-ms")) >= 0, sse.headers().toString());
    String metrics = gw.get("/metrics", null).body();
    assertTrue(metrics.contains("switchboard_gateway_overhead_seconds_count"), "the overhead histogram");
    assertTrue(metrics.contains("switchboard_event_loop_lag_seconds_count"), "event-loop lag probes run");
    assertTrue(metrics.contains("switchboard_time_to_first_token_seconds_count{model=\"duo\"} 1"), "time to first token");
    assertTrue(metrics.contains("switchboard_tokens_total{kind=\"prompt\",model=\"first-a\",tenant=\"test\"} 9.0"),
        "tokens by tenant and model (the documented example's 9 prompt tokens)");
  }
}
