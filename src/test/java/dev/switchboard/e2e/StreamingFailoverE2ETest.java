package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.streamChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams fail over until the first token, so the client sees one clean stream; after it, a broken
 * upstream ends the client's stream with an error event and no {@code [DONE]}.
 */
class StreamingFailoverE2ETest {
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
  void serviceUnavailableBeforeTheFirstTokenFailsOverToOneCleanStream() {
    upstream.wm.stubFor(Upstream.chatFor("up-a")
        .willReturn(Upstream.error(503, "server_error", null, null, "The engine is currently overloaded")));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.stream()));

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("pair", "Hello!", false));

    assertCleanStreamFromB(sse);
    upstream.wm.verify(1, Upstream.chatCallsFor("up-a"));
    upstream.wm.verify(1, Upstream.chatCallsFor("up-b"));
  }

  @Test
  void connectionResetBeforeTheFirstTokenFailsOver() {
    upstream.wm.stubFor(Upstream.chatFor("up-a").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.stream()));

    assertCleanStreamFromB(gw.stream(TENANT_KEY, streamChat("pair", "Hello!", false)));
  }

  @Test
  void streamWithoutAnyContentFailsOver() {
    upstream.wm.stubFor(Upstream.chatFor("up-a").willReturn(Upstream.sse("data: [DONE]\n\n")));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.stream()));

    assertCleanStreamFromB(gw.stream(TENANT_KEY, streamChat("pair", "Hello!", false)));
  }

  @Test
  void everyDeploymentFailingBeforeTheFirstTokenIsAPlainJsonError() {
    upstream.wm.stubFor(Upstream.chatFor("up-a").willReturn(aResponse().withStatus(500)));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(aResponse().withStatus(502)));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, streamChat("pair", "Hello!", false));

    assertOpenAiError(reply, 502, "upstream_error", null);
    JsonNode upstreams = reply.json().path("upstreams");
    assertEquals(2, upstreams.size(), reply.body());
    upstreams.forEach(u -> assertEquals("upstream_5xx", u.path("reason").asText()));
  }

  @Test
  void streamThatStopsAfterContentEndsWithAnErrorEventAndNoDone() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .willReturn(Upstream.sse(GatewayFixture.resource("openai-stream-truncated.sse"))));

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("gpt-test", "Hello!", true));

    assertBrokenAfter(sse, "Hello wor");
  }

  @Test
  void streamThatTurnsIntoGarbageAfterContentEndsWithAnErrorEventAndNoDone() {
    String body = GatewayFixture.resource("openai-stream-truncated.sse")
        + "data: {\"id\":\"chatcmpl-123\",\"choices\":[{\"delta\":{\"content\":\n\n"
        + "data: [DONE]\n\n";
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.sse(body)));

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("gpt-test", "Hello!", false));

    assertBrokenAfter(sse, "Hello wor");
    upstream.wm.verify(1, Upstream.chatCalls());
  }

  @Test
  void upstreamErrorEventAfterContentIsRelayedAsAnErrorEvent() {
    String body = GatewayFixture.resource("openai-stream-truncated.sse")
        + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
        + "\"type\":\"server_error\",\"code\":500}}\n\n";
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.sse(body)));

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("gpt-test", "Hello!", false));

    JsonNode error = assertBrokenAfter(sse, "Hello wor");
    assertTrue(error.path("message").asText().contains("server had an error"), error.toString());
  }

  @Test
  void failingDeploymentMidStreamIsNotRetriedOnceContentWasSent() {
    upstream.wm.stubFor(Upstream.chatFor("up-a")
        .willReturn(Upstream.sse(GatewayFixture.resource("openai-stream-truncated.sse"))));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.stream()));

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("pair", "Hello!", false));

    assertBrokenAfter(sse, "Hello wor");
    assertEquals("up/up-a", sse.header("x-switchboard-deployment"));
    upstream.wm.verify(0, Upstream.chatCallsFor("up-b"));
  }

  private void assertCleanStreamFromB(GatewayFixture.Sse sse) {
    assertEquals(200, sse.status());
    assertEquals("2", sse.header("x-switchboard-attempts"));
    assertEquals("up/up-b", sse.header("x-switchboard-deployment"));
    assertEquals(String.join("", Upstream.documentedStreamPieces()), sse.text());
    assertEquals("[DONE]", sse.data().get(sse.data().size() - 1));
    assertEquals(1, sse.data().stream().filter("[DONE]"::equals).count());
    List<JsonNode> chunks = sse.chunks();
    assertEquals(1, chunks.stream().filter(c -> c.path("choices").path(0).path("delta").has("role")).count(),
        "one role delta: the failed attempt left no trace");
    assertEquals(1, chunks.stream().filter(c -> c.path("choices").path(0).path("finish_reason").isTextual()).count());
    assertTrue(chunks.stream().noneMatch(c -> c.has("error")), sse.data().toString());
    assertEquals(1, chunks.stream().map(c -> c.path("id").asText()).distinct().count(), "one stream id");
  }

  /** Content first, then exactly one error event as the last data line, and never {@code [DONE]}. */
  private JsonNode assertBrokenAfter(GatewayFixture.Sse sse, String content) {
    assertEquals(200, sse.status(), "the stream was committed before it broke");
    assertFalse(sse.data().contains("[DONE]"), () -> "no [DONE] after a failure: " + sse.data());
    List<JsonNode> chunks = sse.chunks();
    JsonNode last = chunks.get(chunks.size() - 1);
    JsonNode error = last.path("error");
    assertTrue(error.isObject(), () -> "last event is an error: " + sse.data());
    assertTrue(error.path("message").isTextual() && error.path("type").isTextual() && error.has("code"), error.toString());
    assertEquals(1, chunks.stream().filter(c -> c.has("error")).count());
    assertEquals(content, sse.text(), "the content that arrived before the failure was delivered");
    GatewayFixture.assertNoStackTrace(String.join("\n", sse.lines()));
    return error;
  }
}
