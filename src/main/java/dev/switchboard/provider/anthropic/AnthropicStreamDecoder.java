package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the Messages API's server-sent events into stream events. Content blocks are told apart by their index:
 * text blocks give text, {@code tool_use} blocks tool-call pieces (numbered from 0 in the order the calls start, as
 * OpenAI numbers them, not by block index), {@code thinking} blocks reasoning text. Usage is reported after
 * {@code message_start} (input and cache counts) and after each {@code message_delta} (output so far). A stream
 * that ends before {@code message_stop} is a {@code malformed_response} failure.
 */
final class AnthropicStreamDecoder implements StreamDecoder {
  private enum Kind { TEXT, TOOL, JSON_ANSWER, THINKING, OTHER }

  private record Block(Kind kind, int toolIndex) {}

  private final Optional<String> jsonTool;
  private final Map<Integer, Block> blocks = new HashMap<>();
  private int toolCalls;
  private boolean answeredByJsonTool;
  private int inputTokens;
  private int outputTokens;
  private int cacheReadTokens;
  private int cacheCreationTokens;
  private boolean stopped;
  private boolean failed;

  /** @param jsonTool the forced tool that carries a JSON {@code response_format}; its input is streamed as text */
  AnthropicStreamDecoder(Optional<String> jsonTool) {
    this.jsonTool = jsonTool;
  }

  @Override
  public List<StreamEvent> decode(String event, String data) {
    if (data.isBlank()) {
      return List.of();
    }
    JsonNode payload;
    try {
      payload = Json.MAPPER.readTree(data);
    } catch (Exception e) {
      return fail(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, "a stream event is not JSON"));
    }
    String type = payload.path("type").asText(event == null ? "" : event);
    return switch (type) {
      case "message_start" -> messageStart(payload.path("message"));
      case "content_block_start" -> blockStart(payload.path("index").asInt(), payload.path("content_block"));
      case "content_block_delta" -> blockDelta(payload.path("index").asInt(), payload.path("delta"));
      case "message_delta" -> messageDelta(payload);
      case "message_stop" -> {
        stopped = true;
        yield List.of();
      }
      case "error" -> fail(AnthropicErrors.fromStreamEvent(data));
      default -> List.of(); // ping, content_block_stop, and event types Anthropic may add later
    };
  }

  @Override
  public List<StreamEvent> end() {
    if (stopped || failed) {
      return List.of();
    }
    return fail(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, "the stream ended before message_stop"));
  }

  private List<StreamEvent> messageStart(JsonNode message) {
    updateUsage(message.path("usage"));
    return List.of(usageReport());
  }

  private List<StreamEvent> blockStart(int index, JsonNode block) {
    String type = block.path("type").asText();
    switch (type) {
      case "text" -> {
        blocks.put(index, new Block(Kind.TEXT, -1));
        return text(block.path("text").asText(""), Kind.TEXT);
      }
      case "thinking" -> {
        blocks.put(index, new Block(Kind.THINKING, -1));
        return text(block.path("thinking").asText(""), Kind.THINKING);
      }
      case "tool_use" -> {
        String name = block.path("name").asText();
        if (jsonTool.isPresent() && jsonTool.get().equals(name)) {
          blocks.put(index, new Block(Kind.JSON_ANSWER, -1));
          answeredByJsonTool = true;
          return List.of();
        }
        int call = toolCalls++;
        blocks.put(index, new Block(Kind.TOOL, call));
        return List.of(new StreamEvent.ToolCallDelta(0, call, block.path("id").asText(), name, ""));
      }
      default -> {
        blocks.put(index, new Block(Kind.OTHER, -1));
        return List.of();
      }
    }
  }

  private List<StreamEvent> blockDelta(int index, JsonNode delta) {
    Block block = blocks.getOrDefault(index, new Block(Kind.OTHER, -1));
    return switch (delta.path("type").asText()) {
      case "text_delta" -> text(delta.path("text").asText(""), Kind.TEXT);
      case "thinking_delta" -> text(delta.path("thinking").asText(""), Kind.THINKING);
      case "input_json_delta" -> {
        String piece = delta.path("partial_json").asText("");
        if (piece.isEmpty()) {
          yield List.of();
        }
        if (block.kind() == Kind.JSON_ANSWER) {
          yield List.of(new StreamEvent.TextDelta(0, piece));
        }
        yield block.kind() == Kind.TOOL ? List.of(new StreamEvent.ToolCallDelta(0, block.toolIndex(), null, null, piece))
            : List.of();
      }
      default -> List.of(); // signature_delta, citations_delta
    };
  }

  private List<StreamEvent> messageDelta(JsonNode payload) {
    List<StreamEvent> events = new ArrayList<>(2);
    updateUsage(payload.path("usage"));
    String stopReason = payload.path("delta").path("stop_reason").asText(null);
    if (stopReason != null) {
      events.add(new StreamEvent.Finish(0,
          AnthropicResponseMapper.finishReason(stopReason, answeredByJsonTool && toolCalls == 0)));
    }
    events.add(usageReport());
    return events;
  }

  private static List<StreamEvent> text(String text, Kind kind) {
    if (text.isEmpty()) {
      return List.of();
    }
    return List.of(kind == Kind.THINKING ? new StreamEvent.ReasoningDelta(0, text) : new StreamEvent.TextDelta(0, text));
  }

  /** Counts in a later event replace earlier ones ({@code message_delta} counts are cumulative). */
  private void updateUsage(JsonNode usage) {
    inputTokens = count(usage, "input_tokens", inputTokens);
    outputTokens = count(usage, "output_tokens", outputTokens);
    cacheReadTokens = count(usage, "cache_read_input_tokens", cacheReadTokens);
    cacheCreationTokens = count(usage, "cache_creation_input_tokens", cacheCreationTokens);
  }

  private static int count(JsonNode usage, String field, int previous) {
    JsonNode value = usage.path(field);
    return value.isNumber() ? value.asInt() : previous;
  }

  private StreamEvent usageReport() {
    return new StreamEvent.UsageReport(
        AnthropicResponseMapper.usage(inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens));
  }

  private List<StreamEvent> fail(Failure failure) {
    failed = true;
    return List.of(new StreamEvent.UpstreamError(failure));
  }
}
