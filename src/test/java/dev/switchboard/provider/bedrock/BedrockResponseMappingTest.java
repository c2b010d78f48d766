package dev.switchboard.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** Converse answers read into OpenAI completions: usage convention, reasoning, finish reasons, ids. */
class BedrockResponseMappingTest {
  private static final String HELLO = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  private static ChatResponse read(UpstreamResponse response) {
    return BedrockFixtures.adapter().chatResponse(response, BedrockFixtures.request(HELLO), BedrockFixtures.deployment());
  }

  @Test
  void cacheCountsAndReasoning() {
    ChatResponse r = read(BedrockFixtures.answer(200, "response-cached-reasoning.json"));
    Usage usage = r.usage();
    assertEquals(12 + 1800 + 300, usage.promptTokens(), "prompt tokens include cache reads and writes");
    assertEquals(30, usage.completionTokens());
    assertEquals(2142, usage.totalTokens());
    assertEquals(1800, usage.extra().get("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(300, usage.extra().get("cache_creation_input_tokens").asInt());
    assertEquals(1800, usage.extra().get("cache_read_input_tokens").asInt());
    assertEquals("Paris.", r.choices().get(0).message().textContent());
    assertEquals("The user wants a one-word answer.",
        r.choices().get(0).message().extra().get("reasoning_content").asText());
  }

  @Test
  void finishReasons() {
    assertEquals("content_filter", read(BedrockFixtures.answer(200, "response-guardrail.json")).choices().get(0).finishReason());
    assertEquals("length", read(BedrockFixtures.answer(200, "response-max-tokens.json")).choices().get(0).finishReason());
    assertEquals("stop", BedrockResponseMapper.finishReason("stop_sequence", false, false));
    assertEquals("content_filter", BedrockResponseMapper.finishReason("content_filtered", false, false));
    assertEquals("length", BedrockResponseMapper.finishReason("model_context_window_exceeded", false, false));
    assertEquals("tool_calls", BedrockResponseMapper.finishReason("end_turn", true, false));
    assertEquals("tool_calls", BedrockResponseMapper.finishReason("tool_use", false, false));
  }

  @Test
  void jsonModeAnswersWithTheForcedToolsInputAsText() {
    ChatResponse r = BedrockFixtures.adapter().chatResponse(BedrockFixtures.answer(200, "response-json-mode.json"),
        BedrockFixtures.request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}],"
            + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"weather\","
            + "\"schema\":{\"type\":\"object\"}}}}"), BedrockFixtures.deployment());
    assertEquals("{\"city\":\"Paris\",\"celsius\":18}", r.choices().get(0).message().textContent());
    assertEquals(null, r.choices().get(0).message().toolCalls());
    assertEquals("stop", r.choices().get(0).finishReason());
  }

  @Test
  void theRequestIdBecomesTheCompletionId() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-amzn-RequestId", "req-42");
    ChatResponse r = read(new UpstreamResponse(200, headers, Buffer.buffer(BedrockFixtures.bytes("response-text.json"))));
    assertEquals("chatcmpl-req-42", r.id());
    assertTrue(read(BedrockFixtures.answer(200, "response-text.json")).id().startsWith("chatcmpl-"));
  }

  @Test
  void anAnswerWithoutUsageIsEstimated() {
    ChatResponse r = read(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(
        "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hi there\"}]}},\"stopReason\":\"end_turn\"}")));
    assertTrue(r.usage().promptTokens() > 0 && r.usage().completionTokens() > 0);
    assertTrue(r.usage().extra().get("estimated").asBoolean());
  }

  @Test
  void aBodyThatIsNotAConverseAnswerIsMalformed() {
    UpstreamFailureException notJson = assertThrows(UpstreamFailureException.class,
        () -> read(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("<html>"))));
    assertEquals(FailureClass.MALFORMED_RESPONSE, notJson.failure().reason());
    UpstreamFailureException noOutput = assertThrows(UpstreamFailureException.class,
        () -> read(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{\"usage\":{}}"))));
    assertEquals(FailureClass.MALFORMED_RESPONSE, noOutput.failure().reason());
  }
}
