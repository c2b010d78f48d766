package dev.switchboard.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.assertOpenAiError;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static dev.switchboard.e2e.GatewayFixture.streamChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of an OpenAI-compatible upstream (WireMock): what passes through, and what does not. */
class OpenAiUpstreamE2ETest {
  @TempDir
  static Path dir;
  static Upstream upstream;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    upstream = new Upstream();
    gw = GatewayFixture.start(dir, upstream.sections(30_000));
  }

  @AfterAll
  static void stop() {
    try {
      if (gw != null) {
        GatewayFixture.assertNoneContains(gw.seen(), Upstream.SECRET);
        gw.close();
      }
    } finally {
      if (upstream != null) {
        upstream.close();
      }
    }
  }

  @BeforeEach
  void reset() {
    upstream.wm.resetAll();
  }

  @Test
  void nonStreamedCallPassesThroughWithTheUpstreamModelAndKey() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.completion()));
    String body = chat("gpt-test", "Hello!", Map.of("metadata", Map.of("x", "y"), "logprobs", true,
        "temperature", 0.25));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, body);

    assertEquals(200, reply.status(), reply.body());
    assertEquals("up", reply.header("x-switchboard-provider"));
    assertEquals("up/" + Upstream.UPSTREAM_MODEL, reply.header("x-switchboard-deployment"));
    assertEquals("1", reply.header("x-switchboard-attempts"));
    JsonNode json = reply.json();
    assertEquals("gpt-test", json.path("model").asText(), "the public name is shown to the caller");
    assertEquals("chatcmpl-123", json.path("id").asText());
    assertEquals("fp_44709d6fcb", json.path("system_fingerprint").asText(), "unknown response fields pass through");
    assertEquals("\n\nHello there, how may I assist you today?",
        json.path("choices").path(0).path("message").path("content").asText());
    assertEquals(9, json.path("usage").path("prompt_tokens").asInt());
    assertEquals(12, json.path("usage").path("completion_tokens").asInt());
    assertEquals(21, json.path("usage").path("total_tokens").asInt());
    assertEquals(0, json.path("usage").path("completion_tokens_details").path("reasoning_tokens").asInt(-1));

    upstream.wm.verify(1, Upstream.chatCalls()
        .withHeader("Authorization", equalTo("Bearer " + Upstream.SECRET))
        .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("application/json")));
    JsonNode sent = upstream.receivedBodies().get(0);
    assertEquals(Upstream.UPSTREAM_MODEL, sent.path("model").asText(), "the upstream model name is substituted");
    assertEquals("y", sent.path("metadata").path("x").asText(), "unknown fields reach the upstream unchanged");
    assertTrue(sent.path("logprobs").isBoolean() && sent.path("logprobs").asBoolean());
    assertEquals(0.25, sent.path("temperature").asDouble());
    assertEquals("Hello!", sent.path("messages").path(0).path("content").asText());
    assertFalse(sent.has("stream"), "a non-streamed call is not turned into a stream: " + sent);
  }

  @Test
  void tenantKeyIsNeverForwardedUpstream() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.completion()));
    assertEquals(200, gw.postChat(TENANT_KEY, chat("gpt-test", "hi")).status());
    upstream.wm.findAll(Upstream.chatCalls()).forEach(r -> {
      assertFalse(r.getHeaders().all().toString().contains(TENANT_KEY), "tenant key leaked upstream");
      assertFalse(r.getBodyAsString().contains(TENANT_KEY));
    });
  }

  @Test
  void streamedAnswerIsReEmittedChunkByChunk() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.stream()));

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("gpt-test", "Hello!", true));

    assertEquals(200, sse.status());
    assertEquals("up/" + Upstream.UPSTREAM_MODEL, sse.header("x-switchboard-deployment"));
    assertEquals("1", sse.header("x-switchboard-attempts"));
    assertEquals("[DONE]", sse.data().get(sse.data().size() - 1));
    List<String> pieces = new ArrayList<>();
    for (JsonNode c : sse.chunks()) {
      assertEquals("gpt-test", c.path("model").asText());
      JsonNode content = c.path("choices").path(0).path("delta").path("content");
      if (content.isTextual()) {
        pieces.add(content.asText());
      }
    }
    assertEquals(Upstream.documentedStreamPieces(), pieces, "one client chunk per upstream content chunk");
    assertEquals("assistant", sse.chunks().get(0).path("choices").path(0).path("delta").path("role").asText());
    JsonNode usage = sse.chunks().get(sse.chunks().size() - 1).path("usage");
    assertEquals(9, usage.path("prompt_tokens").asInt(), "the upstream's own usage figures");
    assertEquals(10, usage.path("completion_tokens").asInt());

    JsonNode sent = upstream.receivedBodies().get(0);
    assertTrue(sent.path("stream").asBoolean());
    assertEquals(Upstream.UPSTREAM_MODEL, sent.path("model").asText());
    upstream.wm.verify(1, Upstream.chatCalls().withHeader("Authorization", equalTo("Bearer " + Upstream.SECRET)));
  }

  @Test
  void streamedAnswerSplitAcrossArbitraryTcpChunksIsReassembled() {
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .willReturn(Upstream.stream().withChunkedDribbleDelay(7, 300)));

    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("gpt-test", "Hello!", false));

    assertEquals(200, sse.status());
    assertEquals(String.join("", Upstream.documentedStreamPieces()), sse.text());
    assertEquals("[DONE]", sse.data().get(sse.data().size() - 1));
    assertTrue(sse.chunks().stream().noneMatch(c -> c.has("usage")), "no usage chunk unless asked for");
  }

  @Test
  void upstreamBadRequestIsPassedOnWithoutFailover() {
    String message = "Invalid value for 'logprobs': this model does not support it.";
    upstream.wm.stubFor(Upstream.chatFor("up-a")
        .willReturn(Upstream.error(400, "invalid_request_error", "invalid_value", "logprobs", message)));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.completion()));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "hi", Map.of("logprobs", true)));

    JsonNode error = assertOpenAiError(reply, 400, "invalid_value", "logprobs");
    assertTrue(error.path("message").asText().contains(message), reply.body());
    assertEquals("invalid_request_error", error.path("type").asText());
    upstream.wm.verify(1, Upstream.chatCalls());
    upstream.wm.verify(0, Upstream.chatCallsFor("up-b"));
  }

  @Test
  void upstreamBadRequestOnAStreamIsPassedOnWithoutFailover() {
    String message = "Invalid value for 'logprobs': this model does not support it.";
    upstream.wm.stubFor(Upstream.chatFor("up-a")
        .willReturn(Upstream.error(400, "invalid_request_error", "invalid_value", "logprobs", message)));
    upstream.wm.stubFor(Upstream.chatFor("up-b").willReturn(Upstream.stream()));

    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("pair", "hi", Map.of("stream", true, "logprobs", true)));

    JsonNode error = assertOpenAiError(reply, 400, "invalid_value", "logprobs");
    assertTrue(error.path("message").asText().contains(message), reply.body());
    upstream.wm.verify(1, Upstream.chatCalls());
  }

  @Test
  void upstreamSecretNeverAppearsEvenWhenTheUpstreamEchoesIt() {
    String echoed = "Incorrect API key provided: " + Upstream.SECRET + ". You can find your API key at "
        + "https://platform.openai.com/account/api-keys.";
    upstream.wm.stubFor(Upstream.chatFor("up-a")
        .willReturn(Upstream.error(401, "invalid_request_error", "invalid_api_key", null, echoed)));
    upstream.wm.stubFor(Upstream.chatFor("up-b")
        .willReturn(Upstream.error(400, "invalid_request_error", null, null, echoed)));
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL)
        .willReturn(Upstream.sse(GatewayFixture.resource("openai-stream-truncated.sse")
            + "data: {\"error\":{\"message\":\"" + echoed + "\",\"code\":500}}\n\n")));

    List<Object> replies = new ArrayList<>();
    replies.add(gw.postChat(TENANT_KEY, chat("pair", "hi")));
    replies.add(gw.postChat(TENANT_KEY, chat("pair", "hi", Map.of("stream", true))));
    replies.add(gw.stream(TENANT_KEY, streamChat("gpt-test", "hi", true)));
    upstream.wm.stubFor(Upstream.chatFor(Upstream.UPSTREAM_MODEL).willReturn(Upstream.completion()));
    replies.add(gw.postChat(TENANT_KEY, chat("gpt-test", "hi")));

    GatewayFixture.Reply authFailed = (GatewayFixture.Reply) replies.get(0);
    assertTrue(authFailed.status() >= 400, authFailed.toString());
    assertTrue(authFailed.body().contains("Incorrect API key provided"), "the upstream's reason is still shown");
    for (Object r : replies) {
      assertFalse(r.toString().contains(Upstream.SECRET), () -> "secret leaked: " + r);
    }
    GatewayFixture.assertNoneContains(gw.seen(), Upstream.SECRET);
  }
}
