package dev.switchboard.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamFramer;
import dev.switchboard.provider.StreamFraming;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Recorded ConverseStream frames (built with the eventstream encoder) through the real framer and the decoder. */
class BedrockStreamDecoderTest {

  private static List<StreamEvent> decode(String fixture) {
    return BedrockFixtures.decode(EventStreamFixtures.resource(fixture), 7);
  }

  private static Failure failure(List<StreamEvent> events) {
    return events.stream().filter(e -> e instanceof StreamEvent.UpstreamError)
        .map(e -> ((StreamEvent.UpstreamError) e).failure()).findFirst()
        .orElseThrow(() -> new AssertionError("no error in " + events));
  }

  @ParameterizedTest(name = "chunks of {0} bytes")
  @ValueSource(ints = {1, 7, 64, 100_000})
  void framesSurviveAnyChunking(int chunk) {
    List<StreamEvent> events = BedrockFixtures.decode(EventStreamFixtures.resource("stream-tool-call"), chunk);
    assertEquals(List.of(
        new StreamEvent.TextDelta(0, "Let me check."),
        new StreamEvent.ToolCallDelta(0, 0, "tooluse_Gx1VRt5aTuG9bTBe3cO8Zw", "get_weather", ""),
        new StreamEvent.ToolCallDelta(0, 0, null, null, "{\"loca"),
        new StreamEvent.ToolCallDelta(0, 0, null, null, "tion\": \"Paris\"}"),
        new StreamEvent.Finish(0, "tool_calls")), events.subList(0, 5));
    assertEquals(432, ((StreamEvent.UsageReport) events.get(5)).usage().totalTokens());
  }

  @Test
  void jsonModeStreamsTheForcedToolsInputAsText() {
    List<StreamEvent> events = BedrockFixtures.decode(EventStreamFixtures.resource("stream-json-mode"), 7, "weather");
    assertEquals(List.of(new StreamEvent.TextDelta(0, "{\"city\": \"Pa"), new StreamEvent.TextDelta(0, "ris\"}"),
        new StreamEvent.Finish(0, "stop")), events.subList(0, 3));
    assertTrue(events.stream().noneMatch(e -> e instanceof StreamEvent.ToolCallDelta), events.toString());
  }

  @Test
  void reasoningAndCacheCounts() {
    List<StreamEvent> events = decode("stream-reasoning-cache");
    assertEquals(new StreamEvent.ReasoningDelta(0, "Short answer wanted."), events.get(0));
    assertEquals(new StreamEvent.TextDelta(0, "Paris."), events.get(1));
    assertEquals(new StreamEvent.Finish(0, "stop"), events.get(2));
    StreamEvent.UsageReport usage = (StreamEvent.UsageReport) events.get(3);
    assertEquals(2112, usage.usage().promptTokens());
    assertEquals(1800, usage.usage().extra().get("prompt_tokens_details").path("cached_tokens").asInt());
    assertEquals(300, usage.usage().extra().get("cache_creation_input_tokens").asInt());
    assertEquals(4, events.size());
  }

  @Test
  void aMidStreamExceptionFrameIsAnUpstreamFailureAfterTheContent() {
    List<StreamEvent> events = decode("stream-error");
    assertEquals(new StreamEvent.TextDelta(0, "Once upon a time"), events.get(0));
    Failure failure = failure(events);
    assertEquals(FailureClass.UPSTREAM_5XX, failure.reason());
    assertTrue(failure.retryable());
    assertTrue(failure.message().contains("ModelStreamErrorException: The model encountered an error"), failure.message());
    assertEquals(2, events.size(), "nothing after the failure, not even a second error at the end");
  }

  @Test
  void exceptionTypesAreClassified() {
    assertEquals(FailureClass.RATE_LIMITED, failure(decode("stream-throttled")).reason());
    assertEquals(FailureClass.CALLER_ERROR, failure(BedrockFixtures.decode(EventStreamFixtures.exception(
        "validationException", "{\"message\":\"The model returned the following errors: bad input\"}"), 5)).reason());
    assertEquals(FailureClass.CONTEXT_LENGTH_EXCEEDED, failure(BedrockFixtures.decode(EventStreamFixtures.exception(
        "validationException", "{\"message\":\"Input is too long for requested model.\"}"), 5)).reason());
    assertEquals(FailureClass.UPSTREAM_5XX, failure(BedrockFixtures.decode(EventStreamFixtures.exception(
        "serviceUnavailableException", "{\"message\":\"Bedrock is unable to process your request.\"}"), 5)).reason());
    assertEquals(FailureClass.UPSTREAM_5XX, failure(BedrockFixtures.decode(EventStreamFixtures.exception(
        "internalServerException", "{}"), 5)).reason());
  }

  @Test
  void aStreamCutBeforeMessageStopIsMalformed() {
    List<StreamEvent> events = decode("stream-truncated");
    assertEquals(new StreamEvent.TextDelta(0, "Half an ans"), events.get(0));
    assertEquals(FailureClass.MALFORMED_RESPONSE, failure(events).reason());
  }

  @Test
  void aBodyEndingInsideAFrameIsMalformedEvenAfterMessageStop() {
    byte[] whole = EventStreamFixtures.resource("stream-text");
    byte[] cut = Arrays.copyOf(whole, whole.length - 10);
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> BedrockFixtures.decode(cut, 7));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
    assertTrue(e.failure().message().contains("ended inside an event-stream message"), e.failure().message());
  }

  @Test
  void aCorruptFrameFailsTheStream() {
    byte[] frame = EventStreamFixtures.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"x\"}}");
    frame[frame.length - 1] ^= 0x55; // break the message CRC
    StreamFramer framer = new StreamFramer(StreamFraming.AWS_EVENT_STREAM, (event, data) -> { });
    UpstreamFailureException e = assertThrows(UpstreamFailureException.class, () -> framer.feed(Buffer.buffer(frame)));
    assertEquals(FailureClass.MALFORMED_RESPONSE, e.failure().reason());
  }

  @Test
  void theFramerNamesEventsExceptionsAndErrors() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(EventStreamFixtures.event("messageStart", "{\"role\":\"assistant\"}"));
    body.writeBytes(EventStreamFixtures.exception("throttlingException", "{\"message\":\"slow down\"}"));
    List<String> frames = new ArrayList<>();
    StreamFramer framer = new StreamFramer(StreamFraming.AWS_EVENT_STREAM, (event, data) -> frames.add(event + " " + data));
    framer.feed(Buffer.buffer(body.toByteArray()));
    framer.end();
    assertEquals(List.of("messageStart {\"role\":\"assistant\"}", "exception:throttlingException {\"message\":\"slow down\"}"),
        frames);
  }

  @Test
  void aFrameThatIsNotJsonIsMalformed() {
    List<StreamEvent> events = BedrockFixtures.decode(EventStreamFixtures.event("contentBlockDelta", "not json"), 3);
    assertEquals(FailureClass.MALFORMED_RESPONSE, failure(events).reason());
  }
}
