package dev.switchboard.provider.openai;

import static dev.switchboard.provider.openai.OpenAiFixtures.deployment;
import static dev.switchboard.provider.openai.OpenAiFixtures.request;
import static dev.switchboard.provider.openai.OpenAiFixtures.sseData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ChatRequest;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import dev.switchboard.provider.StreamEvent.Finish;
import dev.switchboard.provider.StreamEvent.TextDelta;
import dev.switchboard.provider.StreamEvent.ToolCallDelta;
import dev.switchboard.provider.StreamEvent.UpstreamError;
import dev.switchboard.provider.StreamEvent.UsageReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamDecoderTest {
  private static final ChatRequest REQUEST =
      request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");

  private static StreamDecoder decoder() {
    return new OpenAiAdapter().newStreamDecoder(REQUEST, deployment());
  }

  /** Every event of a fixture, in order, including those {@code end()} adds. */
  private static List<StreamEvent> decodeFixture(String name) {
    StreamDecoder d = decoder();
    List<StreamEvent> events = new ArrayList<>();
    for (String data : sseData(name)) {
      events.addAll(d.decode(null, data));
    }
    events.addAll(d.end());
    return events;
  }

  @Test
  void textWithFinalUsageChunk() {
    List<StreamEvent> events = decodeFixture("stream-text.sse");
    assertEquals(List.of(new TextDelta(0, "Hello"), new TextDelta(0, "!"), new TextDelta(0, " How can I help?"),
        new Finish(0, "stop")), events.subList(0, 4));
    assertEquals(5, events.size());
    UsageReport usage = assertInstanceOf(UsageReport.class, events.get(4));
    assertEquals(9, usage.usage().promptTokens());
    assertEquals(6, usage.usage().completionTokens());
    assertEquals(15, usage.usage().totalTokens());
    assertEquals(0, usage.usage().extra().get("completion_tokens_details").path("reasoning_tokens").asInt(-1));
    assertTrue(events.get(0).isContent());
    assertFalse(events.get(4).isContent());
  }

  @Test
  void toolCallWithArgumentsInPieces() {
    List<StreamEvent> events = decodeFixture("stream-tool-call.sse");
    assertEquals(List.of(
        new ToolCallDelta(0, 0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_current_weather", ""),
        new ToolCallDelta(0, 0, null, null, "{\""),
        new ToolCallDelta(0, 0, null, null, "location"),
        new ToolCallDelta(0, 0, null, null, "\":\"Boston, MA"),
        new ToolCallDelta(0, 0, null, null, "\"}"),
        new Finish(0, "tool_calls")), events);
    StringBuilder args = new StringBuilder();
    events.stream().filter(e -> e instanceof ToolCallDelta).forEach(e -> args.append(((ToolCallDelta) e).argumentsDelta()));
    assertEquals("{\"location\":\"Boston, MA\"}", args.toString());
  }

  @Test
  void errorChunk() {
    List<StreamEvent> events = decodeFixture("stream-error.sse");
    assertEquals(new TextDelta(0, "Once upon"), events.get(0));
    UpstreamError error = assertInstanceOf(UpstreamError.class, events.get(1));
    assertEquals(FailureClass.UPSTREAM_5XX, error.failure().reason());
    assertTrue(error.failure().message()
        .contains("The server had an error while processing your request. Sorry about that!"), error.failure().message());
    // the stream also ended without [DONE] or a finish_reason
    assertEquals(3, events.size());
    assertEquals(FailureClass.MALFORMED_RESPONSE, ((UpstreamError) events.get(2)).failure().reason());
  }

  @Test
  void errorChunkWithNumericCodeUsesItAsStatus() {
    List<StreamEvent> events = decoder().decode(null,
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":429}}");
    UpstreamError error = assertInstanceOf(UpstreamError.class, events.get(0));
    assertEquals(FailureClass.RATE_LIMITED, error.failure().reason());
    assertEquals("HTTP 429: Rate limit reached", error.failure().message());
  }

  @Test
  void doneYieldsNothingAndEndsCleanly() {
    StreamDecoder d = decoder();
    assertEquals(List.of(), d.decode(null, "[DONE]"));
    assertEquals(List.of(), d.end());
  }

  @Test
  void finishReasonWithoutDoneEndsCleanly() {
    StreamDecoder d = decoder();
    d.decode(null, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}");
    assertEquals(List.of(), d.end());
  }

  @Test
  void streamCutOffBeforeDoneOrFinish() {
    List<StreamEvent> events = decodeFixture("stream-truncated.sse");
    assertEquals(new TextDelta(0, "Once upon"), events.get(0));
    UpstreamError error = assertInstanceOf(UpstreamError.class, events.get(1));
    assertEquals(FailureClass.MALFORMED_RESPONSE, error.failure().reason());
    assertEquals("the stream ended before [DONE] or a finish_reason", error.failure().message());
  }

  @Test
  void nonJsonChunk() {
    UpstreamError error = assertInstanceOf(UpstreamError.class, decoder().decode(null, "{not json").get(0));
    assertEquals(FailureClass.MALFORMED_RESPONSE, error.failure().reason());
    assertTrue(error.failure().message().startsWith("a stream chunk is not JSON"), error.failure().message());
  }

  @Test
  void blankDataAndEmptyContentYieldNothing() {
    StreamDecoder d = decoder();
    assertEquals(List.of(), d.decode(null, ""));
    assertEquals(List.of(), d.decode(null,
        "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}"));
  }

  @Test
  void reasoningContentAndSeveralChoices() {
    List<StreamEvent> events = decoder().decode(null, "{\"choices\":["
        + "{\"index\":0,\"delta\":{\"reasoning_content\":\"think\",\"content\":\"A\"},\"finish_reason\":null},"
        + "{\"index\":1,\"delta\":{\"content\":\"B\"},\"finish_reason\":\"stop\"}]}");
    assertEquals(List.of(new StreamEvent.ReasoningDelta(0, "think"), new TextDelta(0, "A"), new TextDelta(1, "B"),
        new Finish(1, "stop")), events);
  }

  @Test
  void usageWithoutTotalFromACompatibleServer() {
    List<StreamEvent> events = decoder().decode(null,
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}");
    UsageReport usage = assertInstanceOf(UsageReport.class, events.get(0));
    assertEquals(10, usage.usage().totalTokens());
  }
}
