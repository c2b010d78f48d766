package dev.switchboard.provider.openai;

import static dev.switchboard.provider.openai.OpenAiFixtures.KEY;
import static dev.switchboard.provider.openai.OpenAiFixtures.bytes;
import static dev.switchboard.provider.openai.OpenAiFixtures.deployment;
import static dev.switchboard.provider.openai.OpenAiFixtures.request;
import static dev.switchboard.provider.openai.OpenAiFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.ToolCall;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.StreamFraming;
import dev.switchboard.provider.UpstreamFailureException;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiAdapterTest {
  private final OpenAiAdapter adapter = new OpenAiAdapter();

  private static JsonNode json(Buffer body) throws Exception {
    return Json.MAPPER.readTree(body.getBytes());
  }

  private static UpstreamResponse ok(byte[] body) {
    return new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
        Buffer.buffer(body));
  }

  @Test
  void nonStreamedRequest() throws Exception {
    ChatRequest client = request(text("request-tools.json"));
    UpstreamRequest up = adapter.chatRequest(client, deployment(), false);

    assertEquals("POST", up.method());
    assertEquals("http://127.0.0.1:9/v1/chat/completions", up.url());
    assertEquals("Bearer " + KEY, up.headers().get("authorization"));
    assertEquals("org-1", up.headers().get("openai-organization"));
    assertEquals("application/json", up.headers().get("content-type"));
    assertEquals("application/json", up.headers().get("accept"));

    JsonNode sent = json(up.body());
    ObjectNode expected = (ObjectNode) Json.MAPPER.readTree(bytes("request-tools.json"));
    expected.put("model", "gpt-4o-2024-08-06");
    assertEquals(expected, sent, "everything but the model name is passed through unchanged");
    assertFalse(sent.has("stream"));
    assertFalse(sent.has("stream_options"));
  }

  @Test
  void streamedRequestAlwaysAsksForUsage() throws Exception {
    ChatRequest client = request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"stream\":true,\"stream_options\":{\"include_usage\":false},\"prediction\":{\"type\":\"content\",\"content\":\"x\"}}");
    UpstreamRequest up = adapter.chatRequest(client, deployment(), true);
    JsonNode sent = json(up.body());
    assertEquals("gpt-4o-2024-08-06", sent.path("model").asText());
    assertTrue(sent.path("stream").asBoolean());
    assertTrue(sent.path("stream_options").path("include_usage").asBoolean());
    assertEquals("content", sent.path("prediction").path("type").asText(), "unknown fields pass through");
    assertEquals("text/event-stream", up.headers().get("accept"));
  }

  @Test
  void nonStreamedAttemptOfAStreamingClientDropsStreamFields() throws Exception {
    ChatRequest client = request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    JsonNode sent = json(adapter.chatRequest(client, deployment(), false).body());
    assertFalse(sent.has("stream"));
    assertFalse(sent.has("stream_options"));
  }

  @Test
  void noKeyNoOrganization() {
    Deployment bare = new Deployment("local/m", new dev.switchboard.config.ProviderConfig("local", "openai",
        "https://api.openai.com/v1", "",
        60000, 5000, 8, Map.of()), "llama3", 1, null, null);
    UpstreamRequest up = adapter.chatRequest(request("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        bare, false);
    assertEquals("https://api.openai.com/v1/chat/completions", up.url());
    assertFalse(up.headers().containsKey("authorization"));
    assertFalse(up.headers().containsKey("openai-organization"));
  }

  @Test
  void toStringNeverShowsTheKey() {
    UpstreamRequest up = adapter.chatRequest(request(text("request-tools.json")), deployment(), true);
    String shown = up.toString();
    assertFalse(shown.contains(KEY), shown);
    assertFalse(shown.contains("test-key"), shown);
    assertTrue(shown.startsWith("POST http://127.0.0.1:9/v1/chat/completions headers=[accept,authorization,"), shown);
    assertFalse(deployment().toString().contains(KEY), deployment().toString());
  }

  @Test
  void framingIsSse() {
    assertEquals(StreamFraming.SSE, adapter.streamFraming());
  }

  @Test
  void plainCompletion() throws Exception {
    ChatRequest client = request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}");
    ChatResponse r = adapter.chatResponse(ok(bytes("response-text.json")), client, deployment());
    assertEquals("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", r.id());
    assertEquals("chat.completion", r.object());
    assertEquals(1741569952L, r.created());
    assertEquals(1, r.choices().size());
    assertEquals("assistant", r.choices().get(0).message().role());
    assertEquals("Hello! How can I assist you today?", r.choices().get(0).message().textContent());
    assertEquals("stop", r.choices().get(0).finishReason());
    assertEquals(19, r.usage().promptTokens());
    assertEquals(10, r.usage().completionTokens());
    assertEquals(29, r.usage().totalTokens());

    JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(r.withModel("gpt-4o")));
    assertEquals("gpt-4o", written.path("model").asText());
    assertEquals("default", written.path("service_tier").asText(), "unknown top-level fields kept");
    assertEquals(0, written.at("/usage/prompt_tokens_details/cached_tokens").asInt(-1), "usage details kept");
    assertTrue(written.at("/choices/0/message/annotations").isArray(), "unknown message fields kept");
  }

  @Test
  void toolCallCompletion() {
    ChatRequest client = request(text("request-tools.json"));
    ChatResponse r = adapter.chatResponse(ok(bytes("response-tool-call.json")), client, deployment());
    ChatResponse.Choice choice = r.choices().get(0);
    assertEquals("tool_calls", choice.finishReason());
    assertNull(choice.message().content());
    assertEquals(ToolCall.function("call_abc123", "get_current_weather", "{\n\"location\": \"Boston, MA\"\n}"),
        choice.message().toolCalls().get(0));
    assertEquals(new Usage(82, 17, 99, null).totalTokens(), r.usage().totalTokens());
    assertEquals(82, r.usage().promptTokens());
  }

  @Test
  void missingUsageIsEstimated() {
    ChatRequest client = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    ChatResponse r = adapter.chatResponse(ok(bytes("completion-no-usage.json")), client, deployment());
    // counted with o200k_base: 3 for the reply priming + 3 per message + the text's tokens
    assertEquals(3 + 3 + TokenEstimate.ofText("Hi"), r.usage().promptTokens());
    assertEquals(TokenEstimate.ofText(r.choices().get(0).message().textContent()), r.usage().completionTokens());
    assertEquals(r.usage().promptTokens() + r.usage().completionTokens(), r.usage().totalTokens());
    assertTrue(r.usage().extra().get("estimated").asBoolean(), "estimated usage is marked");
  }

  @Test
  void compatibleServerOmittingCreatedIndexAndTotal() {
    ChatRequest client = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    String body = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"local\",\"choices\":[{\"message\":"
        + "{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}";
    ChatResponse r = adapter.chatResponse(ok(body.getBytes()), client, deployment());
    assertEquals(0, r.created());
    assertEquals(0, r.choices().get(0).index());
    assertEquals("ok", r.choices().get(0).message().textContent());
    assertEquals(5, r.usage().promptTokens());
    assertEquals(6, r.usage().totalTokens(), "a missing total is the sum");
  }

  @Test
  void nonJsonBodyIsMalformed() {
    ChatRequest client = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
        () -> adapter.chatResponse(ok("<html>upstream proxy says hi</html>".getBytes()), client, deployment()));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
    assertEquals(200, e.failure().status());
    assertTrue(e.getMessage().startsWith("response is not an OpenAI chat.completion: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void responseWithoutChoicesIsMalformed() {
    ChatRequest client = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class,
        () -> adapter.chatResponse(ok("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}".getBytes()),
            client, deployment()));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
    assertEquals("response has no choices", e.getMessage());
  }

  @Test
  void classifiesNonSuccessAnswers() {
    UpstreamResponse limited = new UpstreamResponse(429, MultiMap.caseInsensitiveMultiMap().add("retry-after", "7"),
        Buffer.buffer("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));
    assertEquals(FailureClass.RATE_LIMITED, adapter.classify(limited).reason());
    assertEquals(7000, adapter.classify(limited).retryAfterMs());
    assertEquals(FailureClass.CONNECT_REFUSED, adapter.classify(new java.net.ConnectException("refused")).reason());
  }
}
