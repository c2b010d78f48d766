package dev.switchboard.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.ToolCall;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.StreamDecoder;
import dev.switchboard.provider.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the NDJSON lines of a streamed {@code /api/chat}: {@code message.content} and
 * {@code message.thinking} pieces, whole tool calls, and the final {@code done: true} line with the finish
 * reason and token counts. An {@code error} line, or a body that ends before {@code done: true}, is a failure.
 */
final class OllamaStreamDecoder implements StreamDecoder {
  private final ChatRequest request;
  private final StringBuilder produced = new StringBuilder();
  private int toolCalls;
  private boolean done;

  OllamaStreamDecoder(ChatRequest request) {
    this.request = request;
  }

  @Override
  public List<StreamEvent> decode(String event, String data) {
    if (done || data.isBlank()) {
      return List.of();
    }
    JsonNode line;
    try {
      line = Json.MAPPER.readTree(data);
    } catch (Exception e) {
      return List.of(malformed("a stream line is not JSON: " + OllamaAdapter.firstLine(e.getMessage())));
    }
    if (line.has("error")) {
      return List.of(new StreamEvent.UpstreamError(OllamaFailures.classify(500, null, Buffer.buffer(data))));
    }
    List<StreamEvent> events = new ArrayList<>(2);
    JsonNode message = line.path("message");
    String thinking = message.path("thinking").asText("");
    if (!thinking.isEmpty()) {
      produced.append(thinking);
      events.add(new StreamEvent.ReasoningDelta(0, thinking));
    }
    String text = message.path("content").asText("");
    if (!text.isEmpty()) {
      produced.append(text);
      events.add(new StreamEvent.TextDelta(0, text));
    }
    for (ToolCall call : OllamaResponses.toolCalls(message.path("tool_calls"), toolCalls)) {
      produced.append(call.function().name()).append(call.function().arguments());
      events.add(new StreamEvent.ToolCallDelta(0, toolCalls++, call.id(), call.function().name(),
          call.function().arguments()));
    }
    if (line.path("done").asBoolean(false)) {
      done = true;
      events.add(new StreamEvent.Finish(0, OllamaResponses.finishReason(line.path("done_reason").asText(null),
          toolCalls > 0)));
      events.add(new StreamEvent.UsageReport(OllamaResponses.usage(line,
          () -> TokenEstimate.ofMessages(request.messages()), () -> TokenEstimate.ofText(produced.toString()))));
    }
    return events;
  }

  @Override
  public List<StreamEvent> end() {
    return done ? List.of() : List.of(malformed("the stream ended before its final line (done: true)"));
  }

  private static StreamEvent malformed(String message) {
    return new StreamEvent.UpstreamError(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, message));
  }
}
