package dev.switchboard.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** Decodes {@code chat.completion.chunk} SSE frames (and the closing {@code [DONE]}) into stream events. */
final class OpenAiStreamDecoder implements StreamDecoder {
  private boolean done;
  private boolean finished;

  @Override
  public List<StreamEvent> decode(String event, String data) {
    if (data.isBlank()) {
      return List.of();
    }
    if ("[DONE]".equals(data.strip())) {
      done = true;
      return List.of();
    }
    JsonNode chunk;
    try {
      chunk = Json.MAPPER.readTree(data);
    } catch (Exception e) {
      return List.of(malformed("a stream chunk is not JSON: " + OpenAiAdapter.firstLine(e.getMessage())));
    }
    if (chunk.has("error")) {
      Failure f = Failures.fromStatus(chunk.path("error").path("code").isInt()
          ? chunk.path("error").path("code").asInt() : 500, null, Buffer.buffer(data));
      return List.of(new StreamEvent.UpstreamError(f));
    }
    List<StreamEvent> events = new ArrayList<>(2);
    for (JsonNode choice : chunk.path("choices")) {
      int index = choice.path("index").asInt(0);
      JsonNode delta = choice.path("delta");
      textOf(delta, "reasoning_content", index, events, true);
      textOf(delta, "content", index, events, false);
      for (JsonNode call : delta.path("tool_calls")) {
        JsonNode fn = call.path("function");
        events.add(new StreamEvent.ToolCallDelta(index, call.path("index").asInt(0), textOrNull(call, "id"),
            textOrNull(fn, "name"), fn.path("arguments").isTextual() ? fn.path("arguments").asText() : ""));
      }
      if (choice.path("finish_reason").isTextual()) {
        finished = true;
        events.add(new StreamEvent.Finish(index, choice.path("finish_reason").asText()));
      }
    }
    JsonNode usage = chunk.path("usage");
    if (usage.isObject()) {
      try {
        events.add(new StreamEvent.UsageReport(Json.MAPPER.treeToValue(usage, Usage.class)));
      } catch (Exception e) {
        events.add(malformed("the usage chunk cannot be read: " + OpenAiAdapter.firstLine(e.getMessage())));
      }
    }
    return events;
  }

  @Override
  public List<StreamEvent> end() {
    if (done || finished) {
      return List.of();
    }
    return List.of(malformed("the stream ended before [DONE] or a finish_reason"));
  }

  private static void textOf(JsonNode delta, String field, int index, List<StreamEvent> out, boolean reasoning) {
    JsonNode text = delta.path(field);
    if (text.isTextual() && !text.asText().isEmpty()) {
      out.add(reasoning ? new StreamEvent.ReasoningDelta(index, text.asText())
          : new StreamEvent.TextDelta(index, text.asText()));
    }
  }

  private static String textOrNull(JsonNode node, String field) {
    return node.path(field).isTextual() ? node.path(field).asText() : null;
  }

  private static StreamEvent malformed(String message) {
    return new StreamEvent.UpstreamError(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, message));
  }
}
