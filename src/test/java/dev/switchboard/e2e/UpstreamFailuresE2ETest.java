package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream failures of non-streamed calls: failover across deployments, and the error when all fail. */
class UpstreamFailuresE2ETest {
  static Upstream upstream;
  @TempDir
  Path dir;
  /** A fresh gateway per test, so one test's ejections and cooldowns never leak into the next. */
  GatewayFixture gw;

  @BeforeAll
  static void startUpstream() {
    upstream = new Upstream();
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @BeforeEach
  void start() {
    upstream.wm.resetAll();
    gw = GatewayFixture.start(dir, upstream.sections(30_000));
  }

  @AfterEach
  void stop() {
    if (gw != null) {
      GatewayFixture.assertNoneContains(gw.seen(), Upstream.SECRET);
      gw.close();
    }
  }

  @Test
  void serverErrorOnTheFirstDeploymentFailsOverToTheSecond() {
    upstream.wm.stubFor(Upstream.chatFor("up-a")
        .willReturn(Upstream.error(500, "server_error", null, null, "The server had an error")));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.completion()));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "hi"));

    assertEquals(200, reply.status(), reply.body());
    assertEquals("2", reply.header("x-switchboard-attempts"));
    assertEquals("up/up-b", reply.header("x-switchboard-deployment"));
    assertEquals("up", reply.header("x-switchboard-provider"));
    assertEquals("pair", reply.json().path("model").asText());
    assertEquals("\n\nHello there, how may I assist you today?",
        reply.json().path("choices").path(0).path("message").path("content").asText());
    upstream.wm.verify(1, Upstream.chatCallsFor("up-a"));
    upstream.wm.verify(1, Upstream.chatCallsFor("up-b"));
  }

  @Test
  void everyDeploymentFailingIs502NamingEachUpstream() {
    upstream.wm.stubFor(Upstream.chatFor("up-a")
        .willReturn(Upstream.error(500, "server_error", null, null, "The server had an error")));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(aResponse().withStatus(503).withBody("overloaded")));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "hi"));

    assertOpenAiError(reply, 502, "upstream_error", null);
    List<JsonNode> upstreams = upstreams(reply);
    assertEquals(List.of("up/up-a", "up/up-b"), upstreams.stream().map(u -> u.path("deployment").asText()).toList());
    for (JsonNode u : upstreams) {
      assertEquals("up", u.path("provider").asText());
      assertEquals("upstream_5xx", u.path("reason").asText(), u.toString());
      assertTrue(u.path("last_error").isTextual() && u.has("state") && u.has("since"), u.toString());
    }
    assertTrue(upstreams.get(0).path("last_error").asText().contains("500"), upstreams.toString());
    assertEquals(2, upstreams.get(0).path("attempts").asInt(), "max_attempts 3: a, b, then a again after a backoff");
    assertEquals(1, upstreams.get(1).path("attempts").asInt());
    upstream.wm.verify(3, Upstream.chatCalls());
  }

  @Test
  void connectionResetIs502MalformedResponse() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("gpt-test", "hi"));

    assertOpenAiError(reply, 502, "upstream_error", null);
    List<JsonNode> upstreams = upstreams(reply);
    assertEquals(1, upstreams.size());
    assertEquals("up/" + Upstream.UPSTREAM_MODEL, upstreams.get(0).path("deployment").asText());
    assertEquals("malformed_response", upstreams.get(0).path("reason").asText());
  }

  @Test
  void closedPortIs502ConnectRefused() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("refused", "hi"));

    assertOpenAiError(reply, 502, "upstream_error", null);
    List<JsonNode> upstreams = upstreams(reply);
    assertEquals(1, upstreams.size());
    assertEquals("dead/gone", upstreams.get(0).path("deployment").asText());
    assertEquals("dead", upstreams.get(0).path("provider").asText());
    assertEquals("connect_refused", upstreams.get(0).path("reason").asText());
  }

  @Test
  void rateLimitedEverywhereIs429WithRetryAfter() {
    for (String model : new String[] {"up-a", "up-b"}) {
      upstream.wm.stubFor(Upstream.chatFor(model).willReturn(
          Upstream.error(429, "requests", "rate_limit_exceeded", null, "Rate limit reached for requests")
              .withHeader("Retry-After", "3")));
    }

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "hi"));

    assertEquals(429, reply.status(), reply.body());
    assertOpenAiError(reply, 429, reply.json().path("error").path("code").asText(), null);
    assertEquals("3", reply.header("retry-after"));
    assertTrue(reply.json().path("error").path("code").asText().contains("rate_limit"), reply.body());
    List<JsonNode> upstreams = upstreams(reply);
    assertEquals(2, upstreams.size());
    upstreams.forEach(u -> assertEquals("rate_limited", u.path("reason").asText()));
    upstream.wm.verify(2, Upstream.chatCalls());
  }

  @Test
  void rateLimitOnOneDeploymentFailsOver() {
    upstream.wm.stubFor(Upstream.chatFor("up-a").willReturn(
        Upstream.error(429, "requests", "rate_limit_exceeded", null, "Rate limit reached").withHeader("Retry-After", "3")));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.completion()));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "hi"));

    assertEquals(200, reply.status(), reply.body());
    assertEquals("2", reply.header("x-switchboard-attempts"));
    assertFalse(reply.headers().names().contains("retry-after"));
  }

  @Test
  void garbageSuccessBodyIs502MalformedResponse() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(
        aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("<html>oops</html>")));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("gpt-test", "hi"));

    assertOpenAiError(reply, 502, "upstream_error", null);
    assertEquals("malformed_response", upstreams(reply).get(0).path("reason").asText());
  }

  @Test
  void slowUpstreamBeyondTheAttemptTimeoutIs504(@TempDir Path own) throws Exception {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.completion().withFixedDelay(3000)));
    Files.createDirectories(own);
    List<String> seen = new ArrayList<>();
    try (GatewayFixture quick = GatewayFixture.start(own, upstream.sections(500))) {
      GatewayFixture.Reply reply = quick.postChat(TENANT_KEY, chat("gpt-test", "hi"));
      seen.addAll(quick.seen());

      JsonNode error = assertOpenAiError(reply, 504, "upstream_timeout", null);
      assertEquals("timeout_error", error.path("type").asText());
      List<JsonNode> upstreams = upstreams(reply);
      assertEquals(1, upstreams.size());
      assertEquals("read_timeout", upstreams.get(0).path("reason").asText());
      assertEquals(200, quick.get("/healthz", null).status());
    }
    GatewayFixture.assertNoneContains(seen, Upstream.SECRET);
  }

  private static List<JsonNode> upstreams(GatewayFixture.Reply reply) {
    JsonNode array = reply.json().path("upstreams");
    assertTrue(array.isArray(), () -> "an upstreams array: " + reply.body());
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
