package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.answer;
import static dev.switchboard.provider.gemini.GeminiFixtures.deployment;
import static dev.switchboard.provider.gemini.GeminiFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.ToolCall;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Non-streamed Gemini answers read into OpenAI chat completions. */
class GeminiResponseTest {
  private final GeminiAdapter adapter = new GeminiAdapter();
  private final ChatRequest ask = request("{\"model\":\"public\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

  private ChatResponse read(String fixture) {
    return adapter.chatResponse(answer(200, fixture), ask, deployment());
  }

  private ChatResponse readBody(String body) {
    return adapter.chatResponse(new UpstreamResponse(200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(body)),
        ask, deployment());
  }

  @Test
  void documentedAnswerReadsAsAChatCompletion() {
    ChatResponse r = read("response-text.json");
    assertEquals("chat.completion", r.object());
    assertEquals("chatcmpl-mAitaKHNJtK_qtsP7NvO0QQ", r.id());
    assertEquals("gemini-2.5-flash", r.model());
    assertEquals(0, r.choices().get(0).index());
    assertNull(r.choices().get(0).message().toolCalls());
    assertEquals(0, r.usage().extra().get("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(225, r.usage().extra().get("completion_tokens_details").path("reasoning_tokens").asInt());
  }

  @Test
  void thoughtsBecomeReasoningContentAndUsageFollowsTheLedgersConvention() {
    ChatResponse r = read("response-thoughts.json");
    var message = r.choices().get(0).message();
    assertEquals("There are 4 prime numbers below 10: 2, 3, 5 and 7.", message.textContent());
    assertEquals("**Counting the primes**\n\nThe primes below ten are 2, 3, 5 and 7.",
        message.extra().get("reasoning_content").asText());
    Usage u = r.usage();
    assertEquals(2100, u.promptTokens(), "promptTokenCount, cached tokens included");
    assertEquals(21 + 112, u.completionTokens(), "candidatesTokenCount + thoughtsTokenCount");
    assertEquals(2100 + 133, u.totalTokens());
    assertEquals(2048, u.extra().get("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(112, u.extra().get("completion_tokens_details").path("reasoning_tokens").asInt());
  }

  @Test
  void parallelFunctionCallsGetUniqueIdsAndTextIsKept() {
    ChatResponse r = read("response-parallel-calls.json");
    ChatResponse.Choice choice = r.choices().get(0);
    assertEquals("tool_calls", choice.finishReason());
    assertEquals("Setting the mood now.", choice.message().textContent());
    List<ToolCall> calls = choice.message().toolCalls();
    assertEquals(List.of("call_1", "call_2", "call_3"), calls.stream().map(ToolCall::id).toList());
    assertEquals(List.of("power_disco_ball", "start_music", "dim_lights"),
        calls.stream().map(c -> c.function().name()).toList());
    assertEquals("{\"energetic\":true,\"loud\":true}", calls.get(1).function().arguments());
    assertEquals("{}", calls.get(2).function().arguments(), "a call without args has empty arguments");
  }

  @Test
  void aBlockedPromptIsAContentFilteredAnswer() {
    ChatResponse r = read("response-safety-blocked.json");
    ChatResponse.Choice choice = r.choices().get(0);
    assertEquals("content_filter", choice.finishReason());
    assertEquals("", choice.message().textContent());
    assertTrue(choice.message().refusal().contains("SAFETY"), choice.message().refusal());
    assertEquals(15, r.usage().promptTokens());
    assertEquals(0, r.usage().completionTokens());
  }

  @Test
  void aCandidateStoppedForSafetyIsContentFiltered() {
    ChatResponse r = read("response-candidate-safety.json");
    assertEquals("content_filter", r.choices().get(0).finishReason());
    assertEquals("", r.choices().get(0).message().textContent());
  }

  @Test
  void finishReasonsMap() {
    assertEquals("length", GeminiResponses.finishReason("MAX_TOKENS", false));
    assertEquals("stop", GeminiResponses.finishReason("STOP", false));
    assertEquals("tool_calls", GeminiResponses.finishReason("STOP", true));
    for (String filtered : List.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII")) {
      assertEquals("content_filter", GeminiResponses.finishReason(filtered, false), filtered);
    }
    assertEquals("stop", GeminiResponses.finishReason("OTHER", false));
  }

  @Test
  void severalCandidatesBecomeSeveralChoices() {
    ChatResponse r = readBody("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Yes\"}]},"
        + "\"finishReason\":\"STOP\",\"index\":0},{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"No\"}]},"
        + "\"finishReason\":\"MAX_TOKENS\",\"index\":1}],"
        + "\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2,\"totalTokenCount\":6}}");
    assertEquals(2, r.choices().size());
    assertEquals("No", r.choices().get(1).message().textContent());
    assertEquals(1, r.choices().get(1).index());
    assertEquals("length", r.choices().get(1).finishReason());
  }

  @Test
  void missingUsageIsEstimatedAndMarked() {
    ChatResponse r = readBody("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello there\"}]},"
        + "\"finishReason\":\"STOP\",\"index\":0}]}");
    assertTrue(r.usage().promptTokens() > 0);
    assertTrue(r.usage().completionTokens() > 0);
    assertTrue(r.usage().extra().get("estimated").asBoolean());
  }

  @Test
  void unreadableAnswersAreMalformed() {
    for (String body : List.of("<html>busy</html>", "[]", "{\"candidates\":[]}")) {
      UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> readBody(body));
      assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason(), body);
    }
  }
}
