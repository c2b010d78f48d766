package dev.switchboard.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the SSE events of a Cohere v2 chat stream. Text ({@code content-delta}) becomes text deltas; the
 * {@code tool_plan} and {@code thinking} pieces become reasoning deltas; {@code tool-call-start}/{@code -delta}
 * become tool-call pieces numbered from 0 in the order the calls start; {@code message-end} carries the finish
 * reason and usage, or an error ({@code ERROR}, {@code TIMEOUT}). Citation and other events are skipped.
 */
final class CohereStreamDecoder implements StreamDecoder {
  private int toolCalls;
  private boolean ended;

  @Override
  public List<StreamEvent> decode(String event, String data) {
    if (ended || data.isBlank() || "[DONE]".equals(data.strip())) {
      return List.of();
    }
    JsonNode frame;
    try {
      frame = Json.MAPPER.readTree(data);
    } catch (Exception e) {
      return List.of(malformed("a stream event is not JSON: " + CohereAdapter.firstLine(e.getMessage())));
    }
    String type = frame.path("type").asText(event == null ? "" : event);
    JsonNode message = frame.path("delta").path("message");
    return switch (type) {
      case "content-start", "content-delta" -> content(message.path("content"));
      case "tool-plan-delta" -> reasoning(message.path("tool_plan"));
      case "tool-call-start" -> toolCallStart(message.path("tool_calls"));
      case "tool-call-delta" -> toolCallPiece(message.path("tool_calls"));
      case "message-end" -> end(frame.path("delta"));
      case "" -> unknown(frame);
      default -> List.of(); // message-start, content-end, tool-call-end, citation-start/-end, debug
    };
  }

  @Override
  public List<StreamEvent> end() {
    return ended ? List.of() : List.of(malformed("the stream ended before message-end"));
  }

  private static List<StreamEvent> content(JsonNode content) {
    List<StreamEvent> events = new ArrayList<>(1);
    String thinking = content.path("thinking").asText("");
    if (!thinking.isEmpty()) {
      events.add(new StreamEvent.ReasoningDelta(0, thinking));
    }
    String text = content.path("text").asText("");
    if (!text.isEmpty()) {
      events.add(new StreamEvent.TextDelta(0, text));
    }
    return events;
  }

  private static List<StreamEvent> reasoning(JsonNode plan) {
    String text = plan.asText("");
    return text.isEmpty() ? List.of() : List.of(new StreamEvent.ReasoningDelta(0, text));
  }

  private List<StreamEvent> toolCallStart(JsonNode calls) {
    JsonNode call = calls.isArray() ? calls.path(0) : calls;
    int index = toolCalls++;
    JsonNode arguments = call.path("function").path("arguments");
    return List.of(new StreamEvent.ToolCallDelta(0, index, call.path("id").asText(null),
        call.path("function").path("name").asText(null), arguments.isTextual() ? arguments.asText() : ""));
  }

  private List<StreamEvent> toolCallPiece(JsonNode calls) {
    JsonNode call = calls.isArray() ? calls.path(0) : calls;
    if (toolCalls == 0) {
      return List.of(malformed("tool-call-delta before any tool-call-start"));
    }
    String piece = call.path("function").path("arguments").asText("");
    return piece.isEmpty() ? List.of() : List.of(new StreamEvent.ToolCallDelta(0, toolCalls - 1, null, null, piece));
  }

  private List<StreamEvent> end(JsonNode delta) {
    ended = true;
    List<StreamEvent> events = new ArrayList<>(2);
    String finish = delta.path("finish_reason").asText("");
    CohereResponseMapper.usage(delta.path("usage")).ifPresent(u -> events.add(new StreamEvent.UsageReport(u)));
    CohereResponseMapper.failure(finish, delta, 200).ifPresentOrElse(
        f -> events.add(new StreamEvent.UpstreamError(f)),
        () -> events.add(0, new StreamEvent.Finish(0, CohereResponseMapper.finishReason(finish, toolCalls > 0))));
    return events;
  }

  /** A frame without a {@code type}: Cohere's error body ({@code {"message": ...}}) sent inside the stream. */
  private List<StreamEvent> unknown(JsonNode frame) {
    if (frame.path("message").isTextual()) {
      ended = true;
      String message = Failures.upstreamMessage(Buffer.buffer(frame.toString())).orElse("error");
      return List.of(new StreamEvent.UpstreamError(Failure.of(FailureClass.UPSTREAM_5XX, 200,
          "Cohere reported an error in the stream: " + message)));
    }
    return List.of(malformed("a stream event has neither a type nor an error message"));
  }

  private static StreamEvent malformed(String message) {
    return new StreamEvent.UpstreamError(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, message));
  }
}
