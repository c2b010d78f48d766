package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import dev.switchboard.api.Usage;
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
 * Decodes {@code streamGenerateContent?alt=sse}: every {@code data:} frame is a whole
 * {@code GenerateContentResponse} carrying the next piece of each candidate. Gemini sends each function call
 * whole, so a call becomes one {@link StreamEvent.ToolCallDelta} with its id, name and complete arguments.
 */
final class GeminiStreamDecoder implements StreamDecoder {
  private final Map<Integer, Integer> callsPerChoice = new HashMap<>();
  private final Set<Integer> finished = new HashSet<>();
  private int callNumber;
  private boolean failed;

  @Override
  public List<StreamEvent> decode(String event, String data) {
    if (data.isBlank() || failed) {
      return List.of();
    }
    JsonNode chunk;
    try {
      chunk = Json.MAPPER.readTree(data);
    } catch (Exception e) {
      return fail(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, "a stream chunk is not JSON"));
    }
    if (chunk == null || !chunk.isObject()) {
      return fail(Failure.of(FailureClass.MALFORMED_RESPONSE, 200, "a stream chunk is not a JSON object"));
    }
    if (chunk.has("error")) {
      return fail(GeminiFailures.fromStreamError(data));
    }
    List<StreamEvent> events = new ArrayList<>(2);
    if (GeminiResponses.blockReason(chunk) != null && finished.add(0)) {
      events.add(new StreamEvent.Finish(0, "content_filter"));
    }
    JsonNode candidates = chunk.path("candidates");
    for (int position = 0; position < candidates.size(); position++) {
      JsonNode candidate = candidates.get(position);
      int choice = candidate.path("index").asInt(position);
      for (JsonNode part : candidate.path("content").path("parts")) {
        part(choice, part, events);
      }
      JsonNode reason = candidate.path("finishReason");
      if (reason.isTextual() && finished.add(choice)) {
        events.add(new StreamEvent.Finish(choice,
            GeminiResponses.finishReason(reason.asText(), callsPerChoice.containsKey(choice))));
      }
    }
    Usage usage = GeminiResponses.usage(chunk.path("usageMetadata"));
    if (usage != null) {
      events.add(new StreamEvent.UsageReport(usage));
    }
    return events;
  }

  private void part(int choice, JsonNode part, List<StreamEvent> events) {
    if (part.has("functionCall")) {
      JsonNode call = part.path("functionCall");
      int index = callsPerChoice.merge(choice, 1, Integer::sum) - 1;
      events.add(new StreamEvent.ToolCallDelta(choice, index, "call_" + ++callNumber, call.path("name").asText(),
          GeminiResponses.arguments(call)));
      return;
    }
    JsonNode text = part.path("text");
    if (text.isTextual() && !text.asText().isEmpty()) {
      events.add(part.path("thought").asBoolean(false) ? new StreamEvent.ReasoningDelta(choice, text.asText())
          : new StreamEvent.TextDelta(choice, text.asText()));
    }
  }

  @Override
  public List<StreamEvent> end() {
    if (failed || !finished.isEmpty()) {
      return List.of();
    }
    return List.of(new StreamEvent.UpstreamError(Failure.of(FailureClass.MALFORMED_RESPONSE, 200,
        "the stream ended before a finishReason")));
  }

  private List<StreamEvent> fail(Failure failure) {
    failed = true;
    return List.of(new StreamEvent.UpstreamError(failure));
  }
}
