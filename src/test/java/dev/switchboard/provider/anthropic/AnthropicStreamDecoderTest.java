package dev.switchboard.provider.anthropic;

import static dev.switchboard.provider.anthropic.AnthropicFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamFramer;
import dev.switchboard.provider.StreamFraming;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Messages API's server-sent events, decoded into the gateway's stream events. */
class AnthropicStreamDecoderTest {

  private static List<StreamEvent> decode(String fixture, Optional<String> jsonTool) {
    return decodeBytes(bytes(fixture), jsonTool);
  }

  private static List<StreamEvent> decodeBytes(byte[] body, Optional<String> jsonTool) {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(jsonTool);
    List<StreamEvent> events = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFraming.SSE, (event, data) -> events.addAll(decoder.decode(event, data)));
    framer.feed(Buffer.buffer(body));
    framer.end();
    events.addAll(decoder.end());
    return events;
  }

  private static <T extends StreamEvent> List<T> only(List<StreamEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void textStreamInOrderWithUsageAfterStartAndAtTheEnd() {
    List<StreamEvent> events = decode("stream-text.sse", Optional.empty());
    assertEquals(List.of("Hello", "! How can I", " help you today?"),
        only(events, StreamEvent.TextDelta.class).stream().map(StreamEvent.TextDelta::text).toList());
    List<StreamEvent.UsageReport> usage = only(events, StreamEvent.UsageReport.class);
    assertEquals(2, usage.size(), "one after message_start, one after message_delta");
    assertEquals(25, usage.get(0).usage().promptTokens());
    assertEquals(1, usage.get(0).usage().completionTokens());
    assertEquals(15, usage.get(1).usage().completionTokens());
    assertEquals(new StreamEvent.Finish(0, "stop"), only(events, StreamEvent.Finish.class).get(0));
  }

  @Test
  void toolCallsAreNumberedFromZeroAcrossBlocksAndThinkingIsReasoning() {
    List<StreamEvent> events = decode("stream-thinking.sse", Optional.empty());
    assertEquals("12 x 12 = 144, so the root is 12.", String.join("",
        only(events, StreamEvent.ReasoningDelta.class).stream().map(StreamEvent.ReasoningDelta::text).toList()));
    assertEquals(List.of(
        new StreamEvent.ToolCallDelta(0, 0, "toolu_01Kq3Lr9DZiv3bV6hPz2dHcm", "record_answer", ""),
        new StreamEvent.ToolCallDelta(0, 0, null, null, "{\"value\": 12}"),
        new StreamEvent.ToolCallDelta(0, 1, "toolu_01Ab4Cd5Ef6Gh7Ij8Kl9Mn0P", "notify", ""),
        new StreamEvent.ToolCallDelta(0, 1, null, null, "{}")), only(events, StreamEvent.ToolCallDelta.class),
        "block indexes 2 and 3 are tool calls 0 and 1");
    assertEquals(new StreamEvent.Finish(0, "tool_calls"), only(events, StreamEvent.Finish.class).get(0));
    StreamEvent.UsageReport last = only(events, StreamEvent.UsageReport.class).get(1);
    assertEquals(40 + 2048, last.usage().promptTokens());
    assertEquals(2048, last.usage().extra().get("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(95, last.usage().completionTokens());
  }

  @Test
  void forcedJsonToolIsStreamedAsText() {
    List<StreamEvent> events = decode("stream-tool-call.sse", Optional.of("get_weather"));
    assertTrue(only(events, StreamEvent.ToolCallDelta.class).isEmpty(), events.toString());
    String text = String.join("", only(events, StreamEvent.TextDelta.class).stream().map(StreamEvent.TextDelta::text).toList());
    assertEquals("Okay, let's check the weather for San Francisco, CA:"
        + "{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}", text);
    assertEquals(new StreamEvent.Finish(0, "stop"), only(events, StreamEvent.Finish.class).get(0));
  }

  @Test
  void errorEventIsClassifiedByItsType() {
    List<StreamEvent> events = decode("stream-error.sse", Optional.empty());
    List<StreamEvent.UpstreamError> errors = only(events, StreamEvent.UpstreamError.class);
    assertEquals(1, errors.size(), "end() adds nothing after an error event");
    assertEquals(FailureClass.UPSTREAM_5XX, errors.get(0).failure().reason());
    assertTrue(errors.get(0).failure().retryable());
    assertEquals(529, errors.get(0).failure().status());
    assertEquals("overloaded_error: Overloaded", errors.get(0).failure().message());

    String limited = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}\n\n";
    assertEquals(FailureClass.RATE_LIMITED, only(decodeBytes(limited.getBytes(), Optional.empty()),
        StreamEvent.UpstreamError.class).get(0).failure().reason());
  }

  @Test
  void streamCutBeforeMessageStopIsMalformed() {
    List<StreamEvent> events = decode("stream-truncated.sse", Optional.empty());
    assertEquals("Hello wor", ((StreamEvent.TextDelta) events.get(1)).text());
    StreamEvent.UpstreamError last = (StreamEvent.UpstreamError) events.get(events.size() - 1);
    assertEquals(FailureClass.MALFORMED_RESPONSE, last.failure().reason());
  }

  @Test
  void unknownEventsAreIgnoredAndBadJsonIsMalformed() {
    String body = "event: ping\ndata: {\"type\":\"ping\"}\n\nevent: brand_new\ndata: {\"type\":\"brand_new\"}\n\n"
        + "event: content_block_delta\ndata: {not json\n\n";
    List<StreamEvent> events = decodeBytes(body.getBytes(), Optional.empty());
    assertEquals(1, events.size(), events.toString());
    assertEquals(FailureClass.MALFORMED_RESPONSE, ((StreamEvent.UpstreamError) events.get(0)).failure().reason());
  }
}
