package dev.switchboard.e2e;

import static dev.switchboard.e2e.GatewayFixture.TENANT_KEY;
import static dev.switchboard.e2e.GatewayFixture.chat;
import static dev.switchboard.e2e.GatewayFixture.streamChat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of the built-in mock provider, called over HTTP like any OpenAI client would. */
class MockProviderE2ETest {
  @TempDir
  static Path dir;
  static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(dir, GatewayFixture.MOCK_SECTIONS);
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void nonStreamedChatEchoesTheModelAndReportsUsage() {
    GatewayFixture.Reply reply = gw.send(gw.chatRequest(TENANT_KEY, chat("demo", "hi there"))
        .header("x-request-id", "e2e-req-42").build());

    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.header("content-type").startsWith("application/json"));
    assertEquals("e2e-req-42", reply.header("x-request-id"), "a well-formed client request id is echoed");
    assertEquals("local", reply.header("x-switchboard-provider"));
    assertEquals("local/mock-1", reply.header("x-switchboard-deployment"));
    assertEquals("1", reply.header("x-switchboard-attempts"));
    JsonNode body = reply.json();
    assertEquals("chat.completion", body.path("object").asText());
    assertEquals("demo", body.path("model").asText(), "the public model name, not the upstream's");
    JsonNode choice = body.path("choices").path(0);
    assertEquals("assistant", choice.path("message").path("role").asText());
    assertTrue(choice.path("message").path("content").asText().contains("hi there"), reply.body());
    assertEquals("stop", choice.path("finish_reason").asText());
    JsonNode usage = body.path("usage");
    assertTrue(usage.path("prompt_tokens").asInt() > 0, reply.body());
    assertTrue(usage.path("completion_tokens").asInt() > 0, reply.body());
    assertEquals(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(),
        usage.path("total_tokens").asInt());
  }

  @Test
  void generatesARequestIdWhenTheClientSendsNone() {
    GatewayFixture.Reply reply = gw.postChat(TENANT_KEY, chat("demo", "hi"));
    assertEquals(200, reply.status());
    assertNotNull(reply.header("x-request-id"));
    assertFalse(reply.header("x-request-id").isBlank());
  }

  @Test
  void streamedChatWithoutUsage() {
    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("demo", "tell me something", false));

    assertEquals(200, sse.status());
    assertTrue(sse.header("content-type").startsWith("text/event-stream"), sse.header("content-type"));
    assertEquals("local/mock-1", sse.header("x-switchboard-deployment"));
    assertEquals("1", sse.header("x-switchboard-attempts"));
    assertNotNull(sse.header("x-request-id"));
    assertEquals("data: [DONE]", lastNonEmpty(sse.lines()));
    List<JsonNode> chunks = sse.chunks();
    assertTrue(chunks.size() >= 3, "several chunks: " + sse.data());
    for (String line : sse.lines()) {
      assertTrue(line.isEmpty() || line.startsWith("data: "), "only data lines and separators: " + line);
    }
    String id = chunks.get(0).path("id").asText();
    for (int i = 0; i < chunks.size(); i++) {
      JsonNode c = chunks.get(i);
      assertEquals("chat.completion.chunk", c.path("object").asText());
      assertEquals("demo", c.path("model").asText());
      assertEquals(id, c.path("id").asText(), "one id per stream");
      assertFalse(c.has("usage"), "no usage chunk unless asked for: " + c);
      JsonNode delta = c.path("choices").path(0).path("delta");
      assertEquals(i == 0, delta.has("role"), "role only on the first chunk: " + c);
    }
    assertEquals("assistant", chunks.get(0).path("choices").path(0).path("delta").path("role").asText());
    long finishes = chunks.stream().filter(c -> c.path("choices").path(0).path("finish_reason").isTextual()).count();
    assertEquals(1, finishes, "exactly one finish_reason chunk");
    assertEquals("stop", chunks.get(chunks.size() - 1).path("choices").path(0).path("finish_reason").asText());
    assertTrue(sse.text().contains("tell me something"), sse.text());
  }

  @Test
  void streamedChatWithIncludeUsageEndsWithAUsageChunk() {
    GatewayFixture.Sse sse = gw.stream(TENANT_KEY, streamChat("demo", "count my tokens", true));

    assertEquals(200, sse.status());
    assertEquals("data: [DONE]", lastNonEmpty(sse.lines()));
    List<JsonNode> chunks = sse.chunks();
    JsonNode last = chunks.get(chunks.size() - 1);
    assertTrue(last.path("choices").isArray() && last.path("choices").isEmpty(), "usage chunk has no choices: " + last);
    assertTrue(last.path("usage").path("prompt_tokens").asInt() > 0, last.toString());
    assertTrue(last.path("usage").path("completion_tokens").asInt() > 0, last.toString());
    assertEquals(1, chunks.stream().filter(c -> c.has("usage")).count(), "exactly one usage chunk");
    JsonNode beforeUsage = chunks.get(chunks.size() - 2);
    assertEquals("stop", beforeUsage.path("choices").path(0).path("finish_reason").asText());
    assertTrue(sse.text().contains("count my tokens"));
  }

  @Test
  void modelListShowsOnlyTheTenantsModels() {
    GatewayFixture.Reply reply = gw.get("/v1/models", TENANT_KEY);

    assertEquals(200, reply.status(), reply.body());
    assertEquals("list", reply.json().path("object").asText());
    List<String> ids = new ArrayList<>();
    reply.json().path("data").forEach(m -> {
      assertEquals("model", m.path("object").asText());
      ids.add(m.path("id").asText());
    });
    assertEquals(List.of("demo", "demo-large", "slow-demo"), ids.stream().sorted().toList());
    assertFalse(ids.contains("restricted"));
  }

  @Test
  void xApiKeyHeaderAuthenticates() {
    Request request = gw.request("/v1/chat/completions")
        .post(okhttp3.RequestBody.create(chat("demo", "via x-api-key"), GatewayFixture.JSON))
        .header("x-api-key", TENANT_KEY).build();
    GatewayFixture.Reply reply = gw.send(request);
    assertEquals(200, reply.status(), reply.body());
    assertEquals("demo", reply.json().path("model").asText());

    GatewayFixture.Reply models = gw.send(gw.request("/v1/models").header("x-api-key", TENANT_KEY).get().build());
    assertEquals(200, models.status());
  }

  @Test
  void healthReadinessAndMetrics() throws InterruptedException {
    assertEquals(200, gw.get("/healthz", null).status());
    GatewayFixture.Reply ready = gw.get("/readyz", null);
    assertEquals(200, ready.status(), ready.body());
    assertEquals("ready", ready.json().path("status").asText());

    assertEquals(200, gw.postChat(TENANT_KEY, chat("demo", "count me")).status());
    // the counter is updated when the response has ended; poll a bounded number of times for it
    String line = null;
    for (int i = 0; i < 200 && line == null; i++) {
      GatewayFixture.Reply metrics = gw.get("/metrics", null);
      assertEquals(200, metrics.status());
      line = metrics.body().lines().filter(l -> l.startsWith("switchboard_requests_total{"))
          .filter(l -> l.contains("model=\"demo\"") && l.contains("provider=\"local\"") && l.contains("status=\"200\""))
          .findFirst().orElse(null);
      if (line == null) {
        Thread.sleep(50);
      }
    }
    assertNotNull(line, "switchboard_requests_total with model, provider and status labels");
    double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    assertTrue(count >= 1, line);
  }

  @Test
  void clientDisconnectMidStreamLeavesTheGatewayHealthy() throws Exception {
    String longPrompt = String.join(" ", Stream.generate(() -> "word").limit(40).toList());
    Request request = gw.chatRequest(TENANT_KEY, streamChat("slow-demo", longPrompt, false)).build();
    Call call = gw.http().newCall(request);
    String firstData = null;
    try (Response response = call.execute()) {
      assertEquals(200, response.code());
      BufferedSource source = response.body().source();
      for (int i = 0; i < 100 && firstData == null; i++) {
        String line = source.readUtf8Line();
        if (line == null) {
          break;
        }
        if (line.startsWith("data: ")) {
          firstData = line;
        }
      }
      call.cancel();
    }
    assertNotNull(firstData, "one chunk arrived before the client went away");
    assertTrue(call.isCanceled());

    assertEquals(200, gw.get("/healthz", null).status());
    GatewayFixture.Reply next = gw.postChat(TENANT_KEY, chat("demo", "still there?"));
    assertEquals(200, next.status(), next.body());
    GatewayFixture.Sse again = gw.stream(TENANT_KEY, streamChat("demo", "and streaming?", false));
    assertEquals("data: [DONE]", lastNonEmpty(again.lines()));
  }

  static String lastNonEmpty(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isEmpty()) {
        return lines.get(i);
      }
    }
    return null;
  }
}
