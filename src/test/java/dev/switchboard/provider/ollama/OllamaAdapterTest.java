package dev.switchboard.provider.ollama;

import static dev.switchboard.provider.ollama.OllamaFixtures.answer;
import static dev.switchboard.provider.ollama.OllamaFixtures.bytes;
import static dev.switchboard.provider.ollama.OllamaFixtures.deployment;
import static dev.switchboard.provider.ollama.OllamaFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.ToolCall;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamFramer;
import dev.switchboard.provider.StreamFraming;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama answers, streams and errors beyond the shared contract: thinking, ids, counts, truncation, 404. */
class OllamaAdapterTest {
  private static final ChatRequest HELLO = request("{\"model\":\"local\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
  private final OllamaAdapter adapter = new OllamaAdapter();

  private List<StreamEvent> stream(String fixture) {
    StreamDecoder decoder = adapter.newStreamDecoder(HELLO, deployment());
    List<StreamEvent> events = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFraming.NDJSON, (e, data) -> events.addAll(decoder.decode(e, data)));
    framer.feed(Buffer.buffer(bytes(fixture)));
    framer.end();
    events.addAll(decoder.end());
    return events;
  }

  @Test
  void framingIsNdjson() {
    assertEquals(StreamFraming.NDJSON, adapter.streamFraming());
  }

  @Test
  void plainAnswerIsAnOpenAiCompletion() {
    ChatResponse r = adapter.chatResponse(answer(200, "response-text.json"), HELLO, deployment());
    assertTrue(r.id().startsWith("chatcmpl-"), r.id());
    assertEquals("chat.completion", r.object());
    assertEquals(1734012823L, r.created(), "created_at as epoch seconds");
    assertFalse(r.usage().extra().containsKey("estimated"));
  }

  @Test
  void toolCallsGetIdsAndTextArgumentsAndNoContent() {
    ChatResponse r = adapter.chatResponse(answer(200, "response-tool-call.json"), HELLO, deployment());
    ToolCall call = r.choices().get(0).message().toolCalls().get(0);
    assertEquals("call_0", call.id());
    assertEquals("{\"location\":\"Paris, FR\",\"format\":\"celsius\"}", call.function().arguments());
    assertNull(r.choices().get(0).message().content(), "content is null beside tool calls, as OpenAI sends it");
    assertEquals(122, r.usage().promptTokens());
    assertEquals(33, r.usage().completionTokens());
  }

  @Test
  void thinkingIsReasoningContentAndAMissingPromptCountIsEstimated() {
    ChatResponse r = adapter.chatResponse(answer(200, "response-thinking.json"), HELLO, deployment());
    ChatResponse.Choice choice = r.choices().get(0);
    assertEquals("There are 3 r's in strawberry.", choice.message().textContent());
    assertTrue(choice.message().extra().get("reasoning_content").asText().startsWith("Count the letters"));
    assertEquals("length", choice.finishReason());
    assertEquals(TokenEstimate.ofMessages(HELLO.messages()), r.usage().promptTokens(), "prompt cached: estimated");
    assertEquals(41, r.usage().completionTokens());
    assertTrue(r.usage().extra().get("estimated").asBoolean());
  }

  @Test
  void unreadableAnswersAreMalformed() {
    UpstreamFailureException html = assertThrows(UpstreamFailureException.class, () -> adapter.chatResponse(
        new dev.switchboard.provider.ProviderAdapter.UpstreamResponse(200, null, Buffer.buffer("<html>proxy</html>")),
        HELLO, deployment()));
    assertEquals(FailureClass.MALFORMED_RESPONSE, html.failure().reason());
    assertTrue(html.getMessage().startsWith("response is not an Ollama chat answer: "), html.getMessage());
    UpstreamFailureException noMessage = assertThrows(UpstreamFailureException.class, () -> adapter.chatResponse(
        new dev.switchboard.provider.ProviderAdapter.UpstreamResponse(200, null, Buffer.buffer("{\"done\":true}")),
        HELLO, deployment()));
    assertEquals("response has no message", noMessage.getMessage());
  }

  @Test
  void streamedThinkingAndLength() {
    List<StreamEvent> events = stream("stream-thinking.ndjson");
    assertEquals(new StreamEvent.ReasoningDelta(0, "Count the r's."), events.get(0));
    assertEquals(new StreamEvent.TextDelta(0, "Three."), events.get(1));
    assertEquals(new StreamEvent.Finish(0, "length"), events.get(2));
    StreamEvent.UsageReport usage = (StreamEvent.UsageReport) events.get(3);
    assertEquals(7, usage.usage().completionTokens());
    assertEquals(TokenEstimate.ofMessages(HELLO.messages()), usage.usage().promptTokens());
    assertEquals(4, events.size());
  }

  @Test
  void streamedToolCallIsOneWholePieceWithAnId() {
    List<StreamEvent> events = stream("stream-tool-call.ndjson");
    assertEquals(new StreamEvent.ToolCallDelta(0, 0, "call_0", "get_weather", "{\"location\":\"Paris, FR\"}"), events.get(0));
    assertEquals(new StreamEvent.Finish(0, "tool_calls"), events.get(1));
  }

  @Test
  void aStreamCutBeforeItsFinalLineIsMalformed() {
    List<StreamEvent> events = stream("stream-truncated.ndjson");
    assertEquals("Rayleigh scatt", events.stream().filter(e -> e instanceof StreamEvent.TextDelta)
        .map(e -> ((StreamEvent.TextDelta) e).text()).reduce("", String::concat));
    StreamEvent.UpstreamError error = (StreamEvent.UpstreamError) events.get(events.size() - 1);
    assertEquals(FailureClass.MALFORMED_RESPONSE, error.failure().reason());
    assertEquals("the stream ended before its final line (done: true)", error.failure().message());
  }

  @Test
  void anErrorLineCarriesOllamasMessage() {
    List<StreamEvent> events = stream("stream-error.ndjson");
    StreamEvent.UpstreamError error = (StreamEvent.UpstreamError) events.get(1);
    assertEquals(FailureClass.UPSTREAM_5XX, error.failure().reason());
    assertTrue(error.failure().message().contains("unexpected EOF"), error.failure().message());
    assertTrue(stream("stream-error.ndjson").stream().noneMatch(e -> e instanceof StreamEvent.Finish));
  }

  @Test
  void aMissingModelFailsOverAndSaysToPullIt() {
    Failure f = adapter.classify(answer(404, "error-404.json"));
    assertEquals(FailureClass.UPSTREAM_5XX, f.reason());
    assertTrue(f.retryable(), "another deployment may have the model");
    assertEquals(404, f.status());
    assertEquals("HTTP 404: model \"llama3.2\" not found, try pulling it first; the model is not on this Ollama "
        + "server: run `ollama pull llama3.2` there", f.message());
  }

  @Test
  void contextWordingWinsOverTheStatus() {
    Failure f = adapter.classify(answer(500, "error-context.json"));
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED, f.reason());
    assertFalse(f.retryable());
  }
}
