package dev.switchboard.provider.cohere;

import static dev.switchboard.provider.cohere.CohereFixtures.bytes;
import static dev.switchboard.provider.cohere.CohereFixtures.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohereStreamDecoderTest {

  private static String fixture(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  private static String event(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }

  private static final String END = event("message-end", "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":"
      + "\"TOOL_CALL\",\"usage\":{\"tokens\":{\"input_tokens\":5,\"output_tokens\":7}}}}");

  private static StreamEvent.UpstreamError onlyError(List<StreamEvent> events) {
    List<StreamEvent> errors = events.stream().filter(e -> e instanceof StreamEvent.UpstreamError).toList();
    assertEquals(1, errors.size(), events.toString());
    return (StreamEvent.UpstreamError) errors.get(0);
  }

  @Test
  void textStreamEventsInOrder() {
    List<StreamEvent> events = decode(fixture("stream-text.sse"));
    assertEquals(new StreamEvent.TextDelta(0, "A"), events.get(0));
    assertEquals(new StreamEvent.Finish(0, "stop"), events.get(events.size() - 2));
    StreamEvent.UsageReport usage = (StreamEvent.UsageReport) events.get(events.size() - 1);
    assertEquals(6, usage.usage().extra().get("billed_units").path("input_tokens").asInt());
  }

  @Test
  void toolPlanIsStreamedAsReasoning() {
    List<StreamEvent> events = decode(fixture("stream-tool-call.sse"));
    assertEquals(List.of(new StreamEvent.ReasoningDelta(0, "I"), new StreamEvent.ReasoningDelta(0, " will"),
        new StreamEvent.ReasoningDelta(0, " check the weather in Toronto.")), events.subList(0, 3));
    assertEquals(new StreamEvent.ToolCallDelta(0, 0, "get_weather_nsz5zm3w56q3", "get_weather", ""), events.get(3));
  }

  @Test
  void toolCallsAreNumberedFromZeroWhateverCohereIndexes() {
    String sse = event("content-start", "{\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":"
        + "{\"type\":\"text\",\"text\":\"\"}}}}")
        + event("tool-call-start", "{\"type\":\"tool-call-start\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":"
        + "{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":\"}}}}}")
        + event("tool-call-delta", "{\"type\":\"tool-call-delta\",\"index\":1,\"delta\":{\"message\":{\"tool_calls\":"
        + "{\"function\":{\"arguments\":\"1}\"}}}}}")
        + event("tool-call-end", "{\"type\":\"tool-call-end\",\"index\":1}")
        + event("tool-call-start", "{\"type\":\"tool-call-start\",\"index\":2,\"delta\":{\"message\":{\"tool_calls\":"
        + "{\"id\":\"b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}}}}")
        + event("tool-call-delta", "{\"type\":\"tool-call-delta\",\"index\":2,\"delta\":{\"message\":{\"tool_calls\":"
        + "{\"function\":{\"arguments\":\"{}\"}}}}}")
        + END + "data: [DONE]\n\n";
    assertEquals(List.of(
        new StreamEvent.ToolCallDelta(0, 0, "a", "f", "{\"x\":"),
        new StreamEvent.ToolCallDelta(0, 0, null, null, "1}"),
        new StreamEvent.ToolCallDelta(0, 1, "b", "g", ""),
        new StreamEvent.ToolCallDelta(0, 1, null, null, "{}"),
        new StreamEvent.Finish(0, "tool_calls")), decode(sse).subList(0, 5));
  }

  @Test
  void toolCallsSentAsOneElementArraysAreReadToo() {
    String sse = event("tool-call-start", "{\"type\":\"tool-call-start\",\"index\":0,\"delta\":{\"message\":"
        + "{\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}}")
        + event("tool-call-delta", "{\"type\":\"tool-call-delta\",\"index\":0,\"delta\":{\"message\":"
        + "{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}}}") + END;
    assertEquals(List.of(new StreamEvent.ToolCallDelta(0, 0, "a", "f", ""),
        new StreamEvent.ToolCallDelta(0, 0, null, null, "{}")), decode(sse).subList(0, 2));
  }

  @Test
  void thinkingDeltasAreReasoning() {
    String sse = event("content-delta", "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":"
        + "{\"thinking\":\"Let me think.\"}}}}") + END;
    assertEquals(new StreamEvent.ReasoningDelta(0, "Let me think."), decode(sse).get(0));
  }

  @Test
  void anErrorFinishKeepsTheUsageAndFailsTheStream() {
    List<StreamEvent> events = decode(fixture("stream-error.sse"));
    assertEquals(new StreamEvent.TextDelta(0, "Once upon"), events.get(0));
    assertTrue(events.get(1) instanceof StreamEvent.UsageReport, events.toString());
    StreamEvent.UpstreamError error = onlyError(events);
    assertEquals(FailureClass.UPSTREAM_5XX, error.failure().reason());
    assertTrue(error.failure().message().contains("internal server error"), error.failure().message());
  }

  @Test
  void aTimeoutFinishIsAReadTimeout() {
    String sse = event("message-end", "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"TIMEOUT\"}}");
    assertEquals(FailureClass.READ_TIMEOUT, onlyError(decode(sse)).failure().reason());
  }

  @Test
  void aStreamCutBeforeMessageEndIsMalformed() {
    List<StreamEvent> events = decode(fixture("stream-truncated.sse"));
    assertEquals(new StreamEvent.TextDelta(0, "Hello wor"), events.get(0));
    assertEquals(FailureClass.MALFORMED_RESPONSE, onlyError(events).failure().reason());
  }

  @Test
  void anErrorBodyOrGarbageInsideTheStream() {
    StreamEvent.UpstreamError body = onlyError(decode("data: {\"message\":\"internal server error\"}\n\n"));
    assertEquals(FailureClass.UPSTREAM_5XX, body.failure().reason());
    assertTrue(body.failure().message().contains("internal server error"));
    assertEquals(FailureClass.MALFORMED_RESPONSE, onlyError(decode("data: {not json\n\n" + END)).failure().reason());
    assertEquals(FailureClass.MALFORMED_RESPONSE, onlyError(decode(event("tool-call-delta",
        "{\"type\":\"tool-call-delta\",\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"{}\"}}}}}")
        + END)).failure().reason());
  }

  @Test
  void citationsAndUnknownEventsAreSkipped() {
    String sse = event("citation-start", "{\"type\":\"citation-start\",\"index\":0,\"delta\":{\"message\":{\"citations\":"
        + "{\"start\":0,\"end\":2,\"text\":\"Hi\",\"sources\":[]}}}}")
        + event("citation-end", "{\"type\":\"citation-end\",\"index\":0}")
        + event("debug", "{\"type\":\"debug\",\"prompt\":\"...\"}")
        + event("message-end", "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\"}}");
    List<StreamEvent> events = decode(sse);
    assertEquals(new StreamEvent.Finish(0, "stop"), events.get(0));
    assertEquals(1, events.size(), "no usage reported, none invented: " + events);
  }
}
