package dev.switchboard.provider.cohere;

import static dev.switchboard.provider.cohere.CohereFixtures.answer;
import static dev.switchboard.provider.cohere.CohereFixtures.deployment;
import static dev.switchboard.provider.cohere.CohereFixtures.fixtureAnswer;
import static dev.switchboard.provider.cohere.CohereFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.ProviderAdapter.UpstreamResponse;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class CohereResponseMappingTest {
  private final CohereAdapter adapter = new CohereAdapter();
  private final ChatRequest hello = request("{\"model\":\"public\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");

  private ChatResponse read(String body) {
    return adapter.chatResponse(answer(200, body), hello, deployment());
  }

  @Test
  void textAnswerKeepsTheIdAndBilledUnits() {
    ChatResponse r = adapter.chatResponse(fixtureAnswer(200, "response-text.json"), hello, deployment());
    assertEquals("c14c80c3-18eb-4519-9460-6c92edd8cfb4", r.id());
    assertEquals("chat.completion", r.object());
    assertTrue(r.created() > 0);
    assertEquals(CohereFixtures.MODEL, r.model());
    assertEquals(5, r.usage().extra().get("billed_units").path("input_tokens").asInt());
    assertEquals(9, r.usage().extra().get("billed_units").path("output_tokens").asInt());
    assertFalse(r.choices().get(0).message().extra().containsKey("reasoning_content"));
  }

  @Test
  void toolPlanBecomesReasoningContentAndTheMessageHasNoText() {
    ChatResponse r = adapter.chatResponse(fixtureAnswer(200, "response-tool-call.json"), hello, deployment());
    assertNull(r.choices().get(0).message().content(), "OpenAI sends no content next to tool calls");
    assertEquals("get_weather_1byjy32y4hvq", r.choices().get(0).message().toolCalls().get(0).id());
    assertEquals("I will look up the current weather in Toronto.",
        r.choices().get(0).message().extra().get("reasoning_content").asText());
    assertEquals(1480, r.usage().promptTokens());
  }

  @Test
  void thinkingContentAndSeveralTextItems() {
    ChatResponse r = read("{\"id\":\"x\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\",\"content\":["
        + "{\"type\":\"thinking\",\"thinking\":\"2+2 is basic.\"},{\"type\":\"text\",\"text\":\"The answer \"},"
        + "{\"type\":\"text\",\"text\":\"is 4.\"}]},\"usage\":{\"tokens\":{\"input_tokens\":10,\"output_tokens\":6}}}");
    assertEquals("The answer is 4.", r.choices().get(0).message().textContent());
    assertEquals("2+2 is basic.", r.choices().get(0).message().extra().get("reasoning_content").asText());
  }

  @Test
  void finishReasons() {
    String template = "{\"id\":\"x\",\"finish_reason\":\"%s\",\"message\":{\"role\":\"assistant\",\"content\":"
        + "[{\"type\":\"text\",\"text\":\"Hi\"}]},\"usage\":{\"tokens\":{\"input_tokens\":1,\"output_tokens\":1}}}";
    assertEquals("stop", read(template.formatted("COMPLETE")).choices().get(0).finishReason());
    assertEquals("stop", read(template.formatted("STOP_SEQUENCE")).choices().get(0).finishReason());
    assertEquals("length", read(template.formatted("MAX_TOKENS")).choices().get(0).finishReason());
    UpstreamFailureException error = assertThrows(UpstreamFailureException.class, () -> read(template.formatted("ERROR")));
    assertEquals(FailureClass.UPSTREAM_5XX, error.failure().reason());
    assertTrue(error.failure().retryable());
    UpstreamFailureException timeout = assertThrows(UpstreamFailureException.class,
        () -> read(template.formatted("TIMEOUT")));
    assertEquals(FailureClass.READ_TIMEOUT, timeout.failure().reason());
  }

  @Test
  void usageFallsBackToBilledUnitsThenToAnEstimate() {
    ChatResponse billed = read("{\"id\":\"x\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]},\"usage\":{\"billed_units\":{\"input_tokens\":3,"
        + "\"output_tokens\":1},\"cached_tokens\":2}}");
    assertEquals(3, billed.usage().promptTokens());
    assertEquals(1, billed.usage().completionTokens());
    assertEquals(2, billed.usage().extra().get("prompt_tokens_details").path("cached_tokens").asInt());

    ChatResponse estimated = read("{\"id\":\"x\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"Hi there\"}]}}");
    assertTrue(estimated.usage().promptTokens() > 0);
    assertTrue(estimated.usage().completionTokens() > 0);
    assertTrue(estimated.usage().extra().get("estimated").asBoolean());
  }

  @Test
  void unreadableAnswersAreMalformed() {
    for (String body : new String[] {"not json", "[1,2]", "{\"id\":\"x\",\"finish_reason\":\"COMPLETE\"}"}) {
      UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> read(body), body);
      assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason(), body);
    }
  }

  @Test
  void cohereSpecificStatusesAreClassified() {
    Failure invalidToken = adapter.classify(fixtureAnswer(498, "error-498.json"));
    assertEquals(FailureClass.AUTH_REJECTED, invalidToken.reason());
    assertTrue(invalidToken.retryable(), "another deployment may have a working key");
    assertEquals(FailureClass.AUTH_REJECTED, adapter.classify(answer(402,
        "{\"message\":\"Please add or update your payment method to continue\"}")).reason());
    Failure cancelled = adapter.classify(answer(499, "{\"message\":\"request cancelled\"}"));
    assertEquals(FailureClass.UPSTREAM_5XX, cancelled.reason());
    assertTrue(cancelled.retryable());
    Failure maxTokens = adapter.classify(fixtureAnswer(400, "error-max-tokens.json"));
    assertEquals(FailureClass.CALLER_ERROR, maxTokens.reason(), "max_tokens too high is not a long prompt");
    assertFalse(maxTokens.retryable());
    Failure sizeLimit = adapter.classify(answer(400, "{\"message\":\"too many tokens: size limit exceeded by 11326 "
        + "tokens. Try using shorter or fewer inputs.\"}"));
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED, sizeLimit.reason());
    assertTrue(sizeLimit.message().contains("size limit exceeded"), sizeLimit.message());
    Failure unavailable = adapter.classify(new UpstreamResponse(503, MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer("{\"message\":\"service unavailable\"}")));
    assertEquals(FailureClass.UPSTREAM_5XX, unavailable.reason());
  }
}
