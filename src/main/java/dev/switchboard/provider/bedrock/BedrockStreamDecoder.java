package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the messages of a ConverseStream ({@link dev.switchboard.provider.StreamFraming#AWS_EVENT_STREAM}):
 * {@code contentBlockStart} with a {@code toolUse} opens a tool call (its id and name are the first piece; calls
 * are numbered from 0 in the order they start, whatever their block index); {@code contentBlockDelta} carries
 * text, tool-input pieces or {@code reasoningContent} text; {@code messageStop} the stop reason (the finish);
 * {@code metadata} the usage. In JSON mode the forced tool's input pieces are text deltas instead.
 * {@code messageStart}, {@code contentBlockStop} and unknown events are skipped.
 * Exception messages ({@code throttlingException}, {@code modelStreamErrorException}, ...) are upstream failures;
 * a stream that ends before {@code messageStop} is {@code malformed_response}.
 */
final class BedrockStreamDecoder implements StreamDecoder {
  private final Map<Integer, Integer> toolCallByBlock = new HashMap<>();
  private final Set<Integer> jsonBlocks = new HashSet<>();
  private final String jsonTool;
  private boolean stopped;
  private boolean failed;

  /** @param jsonTool the forced JSON-mode tool's name, or null */
  BedrockStreamDecoder(String jsonTool) {
    this.jsonTool = jsonTool;
  }

  @Override
  public List<StreamEvent> decode(String event, String data) {
    if (failed) {
      return List.of();
    }
    String name = event == null ? "" : event;
    if (name.startsWith("exception:") || name.startsWith("error:")) {
      failed = true;
      return List.of(new StreamEvent.UpstreamError(
          BedrockFailures.fromStreamException(name.substring(name.indexOf(':') + 1), data)));
    }
    JsonNode frame;
    try {
      frame = Json.MAPPER.readTree(data);
    } catch (Exception e) {
      return fail("a ConverseStream event is not JSON");
    }
    if (frame == null || !frame.isObject()) {
      return fail("a ConverseStream event is not a JSON object");
    }
    return switch (name) {
      case "contentBlockStart" -> blockStart(frame);
      case "contentBlockDelta" -> delta(frame);
      case "messageStop" -> stop(frame);
      case "metadata" -> BedrockResponseMapper.usage(frame.path("usage"))
          .<List<StreamEvent>>map(u -> List.of(new StreamEvent.UsageReport(u))).orElse(List.of());
      default -> List.of(); // messageStart, contentBlockStop, events Bedrock adds later
    };
  }

  @Override
  public List<StreamEvent> end() {
    return stopped || failed ? List.of() : fail("the stream ended before messageStop");
  }

  private List<StreamEvent> blockStart(JsonNode frame) {
    JsonNode use = frame.path("start").path("toolUse");
    if (!use.isObject()) {
      return List.of();
    }
    if (jsonTool != null && jsonTool.equals(use.path("name").asText())) {
      jsonBlocks.add(frame.path("contentBlockIndex").asInt(-1));
      return List.of();
    }
    int index = toolCallByBlock.size();
    toolCallByBlock.put(frame.path("contentBlockIndex").asInt(index), index);
    return List.of(new StreamEvent.ToolCallDelta(0, index, use.path("toolUseId").asText(null),
        use.path("name").asText(null), ""));
  }

  private List<StreamEvent> delta(JsonNode frame) {
    JsonNode delta = frame.path("delta");
    List<StreamEvent> events = new ArrayList<>(1);
    if (delta.path("text").isTextual() && !delta.path("text").asText().isEmpty()) {
      events.add(new StreamEvent.TextDelta(0, delta.path("text").asText()));
    }
    JsonNode input = delta.path("toolUse").path("input");
    if (input.isTextual() && !input.asText().isEmpty() && jsonBlocks.contains(frame.path("contentBlockIndex").asInt(-1))) {
      events.add(new StreamEvent.TextDelta(0, input.asText()));
    } else if (input.isTextual() && !input.asText().isEmpty()) {
      Integer call = toolCallByBlock.get(frame.path("contentBlockIndex").asInt(-1));
      if (call == null) {
        return fail("a toolUse delta for a content block that did not start a tool call");
      }
      events.add(new StreamEvent.ToolCallDelta(0, call, null, null, input.asText()));
    }
    JsonNode reasoning = delta.path("reasoningContent").path("text");
    if (reasoning.isTextual() && !reasoning.asText().isEmpty()) {
      events.add(new StreamEvent.ReasoningDelta(0, reasoning.asText()));
    }
    return events;
  }

  private List<StreamEvent> stop(JsonNode frame) {
    stopped = true;
    return List.of(new StreamEvent.Finish(0,
        BedrockResponseMapper.finishReason(frame.path("stopReason").asText(""), !toolCallByBlock.isEmpty(),
            jsonTool != null)));
  }

  private List<StreamEvent> fail(String message) {
    failed = true;
    return List.of(new StreamEvent.UpstreamError(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, message)));
  }
}
