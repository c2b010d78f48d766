package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamFramer;
import dev.switchboard.provider.StreamFraming;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gemini's SSE stream, framed by the real framer, decoded into provider-neutral events. */
class GeminiStreamDecoderTest {

  private static List<StreamEvent> decode(String fixture) {
    GeminiStreamDecoder decoder = new GeminiStreamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFraming.SSE, (event, data) -> events.addAll(decoder.decode(event, data)));
    framer.feed(Buffer.buffer(bytes(fixture)));
    framer.end();
    events.addAll(decoder.end());
    return events;
  }

  private static <T extends StreamEvent> List<T> only(List<StreamEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void thoughtsStreamAsReasoningAndTheLastUsageCarriesTheDetails() {
    List<StreamEvent> events = decode("stream-thoughts.sse");
    assertEquals(List.of(new StreamEvent.ReasoningDelta(0, "Let me think about the tides."),
        new StreamEvent.TextDelta(0, "The Moon pulls the oceans."), new StreamEvent.Finish(0, "stop")),
        events.stream().filter(StreamEvent::isContent).toList());
    StreamEvent.UsageReport usage = only(events, StreamEvent.UsageReport.class).get(0);
    assertEquals(9, usage.usage().promptTokens());
    assertEquals(6 + 45, usage.usage().completionTokens());
    assertEquals(4, usage.usage().extra().get("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(45, usage.usage().extra().get("completion_tokens_details").path("reasoning_tokens").asInt());
  }

  @Test
  void aWholeFunctionCallIsOneDelta() {
    List<StreamEvent.ToolCallDelta> calls = only(decode("stream-tool-call.sse"), StreamEvent.ToolCallDelta.class);
    assertEquals(List.of(new StreamEvent.ToolCallDelta(0, 0, "call_1", "set_light_values",
        "{\"brightness\":25,\"color_temp\":\"warm\"}")), calls);
  }

  @Test
  void callsInLaterChunksGetTheNextIndexAndId() {
    GeminiStreamDecoder decoder = new GeminiStreamDecoder();
    List<StreamEvent> events = new ArrayList<>(decoder.decode(null,
        "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"a\",\"args\":{}}}]},\"index\":0}]}"));
    events.addAll(decoder.decode(null, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":"
        + "[{\"functionCall\":{\"name\":\"b\",\"args\":{\"x\":1}}}]},\"finishReason\":\"STOP\",\"index\":0}]}"));
    assertEquals(List.of(new StreamEvent.ToolCallDelta(0, 0, "call_1", "a", "{}"),
        new StreamEvent.ToolCallDelta(0, 1, "call_2", "b", "{\"x\":1}"), new StreamEvent.Finish(0, "tool_calls")),
        events);
    assertEquals(List.of(), decoder.end());
  }

  @Test
  void aBlockedPromptFinishesWithContentFilter() {
    List<StreamEvent> events = decode("stream-safety-blocked.sse");
    assertTrue(events.contains(new StreamEvent.Finish(0, "content_filter")), events.toString());
    assertEquals(15, only(events, StreamEvent.UsageReport.class).get(0).usage().promptTokens());
    assertTrue(only(events, StreamEvent.UpstreamError.class).isEmpty(), events.toString());
  }

  @Test
  void aStreamThatStopsWithoutFinishReasonIsMalformed() {
    List<StreamEvent> events = decode("stream-truncated.sse");
    assertEquals(new StreamEvent.TextDelta(0, "Once upon a time"), events.get(0));
    StreamEvent.UpstreamError error = (StreamEvent.UpstreamError) events.get(events.size() - 1);
    assertEquals(FailureClass.MALFORMED_RESPONSE, error.failure().reason());
  }

  @Test
  void anErrorObjectInTheStreamIsClassifiedByItsCode() {
    List<StreamEvent.UpstreamError> errors = only(decode("stream-error.sse"), StreamEvent.UpstreamError.class);
    assertEquals(1, errors.size(), "the error is reported once, and end() adds nothing after it");
    assertEquals(FailureClass.UPSTREAM_5XX, errors.get(0).failure().reason());
    assertEquals(503, errors.get(0).failure().status());
    assertTrue(errors.get(0).failure().message().contains("overloaded"), errors.get(0).failure().message());
  }

  @Test
  void aChunkThatIsNotJsonIsMalformed() {
    List<StreamEvent> events = new GeminiStreamDecoder().decode(null, "{\"candidates\":[");
    assertEquals(FailureClass.MALFORMED_RESPONSE, ((StreamEvent.UpstreamError) events.get(0)).failure().reason());
  }
}
