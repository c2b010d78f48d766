package dev.switchboard.provider.anthropic;

import static dev.switchboard.provider.anthropic.AnthropicFixtures.bytes;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.deployment;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How Anthropic's answers, usage, finish reasons and errors reach the OpenAI shape. */
class AnthropicResponseMappingTest {
  private static final ChatRequest HELLO = request("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  private final AnthropicAdapter adapter = new AnthropicAdapter();

  private ChatResponse read(String fixture, ChatRequest request) {
    return adapter.chatResponse(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(fixture))),
        request, deployment());
  }

  private ChatResponse read(String json) {
    return adapter.chatResponse(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(json)),
        HELLO, deployment());
  }

  private Failure classify(int status, String fixture) {
    return adapter.classify(new UpstreamResponse(status, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(bytes(fixture))));
  }

  @Test
  void plainAnswerKeepsIdAndModelAndIsAChatCompletion() {
    ChatResponse r = read("response-text.json", HELLO);
    assertEquals("msg_013Zva2CMHLNnXjNJJKqJ2EF", r.id());
    assertEquals("chat.completion", r.object());
    assertEquals("claude-sonnet-4-5-20250929", r.model());
    assertTrue(r.created() > 1_700_000_000L, "a creation time is filled in");
    assertNull(r.choices().get(0).message().toolCalls());
  }

  @Test
  void toolUseKeepsTheTextAndTheCallId() {
    ChatResponse r = read("response-tool-call.json", HELLO);
    assertEquals("I'll check the current weather in San Francisco for you.", r.choices().get(0).message().textContent());
    assertEquals("toolu_01A09q90qw90lq917835lq9", r.choices().get(0).message().toolCalls().get(0).id());
  }

  @Test
  void finishReasons() {
    assertEquals("length", read("response-max-tokens.json", HELLO).choices().get(0).finishReason());
    ChatResponse refusal = read("response-refusal.json", HELLO);
    assertEquals("content_filter", refusal.choices().get(0).finishReason());
    assertEquals("I can't help with that.", refusal.choices().get(0).message().textContent());
    assertEquals("stop", AnthropicResponseMapper.finishReason("end_turn", false));
    assertEquals("stop", AnthropicResponseMapper.finishReason("stop_sequence", false));
    assertEquals("stop", AnthropicResponseMapper.finishReason("pause_turn", false));
    assertEquals("length", AnthropicResponseMapper.finishReason("max_tokens", false));
    assertEquals("length", AnthropicResponseMapper.finishReason("model_context_window_exceeded", false));
    assertEquals("tool_calls", AnthropicResponseMapper.finishReason("tool_use", false));
    assertEquals("stop", AnthropicResponseMapper.finishReason("tool_use", true), "a forced JSON answer is a normal stop");
    assertEquals("content_filter", AnthropicResponseMapper.finishReason("refusal", false));
  }

  @Test
  void cacheUsageFollowsTheLedgersConvention() throws Exception {
    ChatResponse r = read("response-thinking.json", HELLO);
    Usage usage = r.usage();
    assertEquals(42 + 3000 + 1200, usage.promptTokens(), "prompt = uncached + cache reads + cache writes");
    assertEquals(61, usage.completionTokens());
    assertEquals(4242 + 61, usage.totalTokens());
    assertEquals(3000, usage.extra().get("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(3000, usage.extra().get("cache_read_input_tokens").asInt());
    assertEquals(1200, usage.extra().get("cache_creation_input_tokens").asInt());
    assertEquals(Json.MAPPER.readTree("{\"prompt_tokens\":4242,\"completion_tokens\":61,\"total_tokens\":4303,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":3000},\"cache_read_input_tokens\":3000,"
        + "\"cache_creation_input_tokens\":1200}"), Json.MAPPER.valueToTree(usage), "the usage the client sees");
  }

  @Test
  void thinkingBecomesReasoningContentAndKeepsItsSignature() {
    ChatResponse r = read("response-thinking.json", HELLO);
    var message = r.choices().get(0).message();
    assertEquals("The square root of 144 is 12.", message.textContent());
    assertTrue(message.extra().get("reasoning_content").asText().startsWith("To find the square root of 144"));
    assertEquals("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds",
        message.extra().get(AnthropicResponseMapper.THINKING_BLOCKS).path(0).path("signature").asText());
  }

  @Test
  void forcedJsonToolAnswerIsReturnedAsText() throws Exception {
    ChatRequest json = request("{\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"Ann, 31\"}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"schema\":{\"type\":\"object\"}}}}");
    String answer = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{\"type\":"
        + "\"tool_use\",\"id\":\"toolu_9\",\"name\":\"person\",\"input\":{\"name\":\"Ann\",\"age\":31}}],"
        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":20,\"output_tokens\":9}}";
    ChatResponse r = adapter.chatResponse(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(answer)), json, deployment());
    assertEquals(Json.MAPPER.readTree("{\"name\":\"Ann\",\"age\":31}"),
        Json.MAPPER.readTree(r.choices().get(0).message().textContent()));
    assertNull(r.choices().get(0).message().toolCalls());
    assertEquals("stop", r.choices().get(0).finishReason());
  }

  @Test
  void anAnswerThatIsNotAMessageIsMalformed() {
    UpstreamFailureException notJson = assertThrows(UpstreamFailureException.class, () -> read("<html>oops</html>"));
    assertEquals(FailureClass.MALFORMED_RESPONSE, notJson.failure().reason());
    UpstreamFailureException openAiShaped = assertThrows(UpstreamFailureException.class,
        () -> read("{\"object\":\"chat.completion\",\"choices\":[]}"));
    assertEquals(FailureClass.MALFORMED_RESPONSE, openAiShaped.failure().reason());
  }

  @Test
  void missingUsageIsEstimatedAndMarked() {
    ChatResponse r = read("{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}],\"stop_reason\":\"end_turn\"}");
    assertTrue(r.usage().promptTokens() > 0 && r.usage().completionTokens() > 0);
    assertTrue(r.usage().extra().get("estimated").asBoolean());
  }

  @Test
  void errorsAreClassifiedByTheirAnthropicType() {
    Failure overloaded = classify(529, "error-529.json");
    assertEquals(FailureClass.UPSTREAM_5XX, overloaded.reason());
    assertTrue(overloaded.retryable());
    assertEquals("HTTP 529 overloaded_error: Overloaded", overloaded.message());
    Failure apiError = classify(500, "error-500.json");
    assertEquals(FailureClass.UPSTREAM_5XX, apiError.reason());
    Failure notFound = classify(404, "error-404.json");
    assertEquals(FailureClass.CALLER_ERROR, notFound.reason());
    assertFalse(notFound.retryable());
    Failure context = classify(400, "error-context.json");
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED, context.reason());
    assertTrue(context.message().contains("prompt is too long"), context.message());
    Failure billing = adapter.classify(new UpstreamResponse(400, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(
        "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"credit balance too low\"}}")));
    assertEquals(FailureClass.AUTH_REJECTED, billing.reason(), "an account that cannot pay fails over to the next one");
    Failure permission = adapter.classify(new UpstreamResponse(403, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(
        "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"no access\"}}")));
    assertEquals(FailureClass.AUTH_REJECTED, permission.reason());
    Failure html = adapter.classify(new UpstreamResponse(502, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8))));
    assertEquals(FailureClass.UPSTREAM_5XX, html.reason(), "a body that is not Anthropic's falls back to the status");
  }
}
