package dev.switchboard.provider.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.Json;
import dev.switchboard.api.MessageContent;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.ToolCall;
import dev.switchboard.api.Usage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;

/** Reads Ollama's {@code /api/chat} answers (whole, or one NDJSON line of a stream) into the unified types. */
final class OllamaResponses {
  private OllamaResponses() {}

  /** A whole (non-streamed) answer. */
  static ChatResponse chat(JsonNode root, ChatRequest request, String model) {
    JsonNode message = root.path("message");
    String text = message.path("content").asText("");
    List<ToolCall> calls = toolCalls(message.path("tool_calls"), 0);
    MessageContent content = text.isEmpty() && !calls.isEmpty() ? null : MessageContent.ofText(text);
    ChatMessage reply = new ChatMessage("assistant", content, null, calls.isEmpty() ? null : calls, null, null, null);
    String thinking = message.path("thinking").asText("");
    if (!thinking.isEmpty()) {
      reply.extra().put("reasoning_content", Json.MAPPER.getNodeFactory().textNode(thinking));
    }
    String finish = finishReason(root.path("done_reason").asText(null), !calls.isEmpty());
    StringBuilder produced = new StringBuilder(thinking).append(text);
    calls.forEach(c -> produced.append(c.function().name()).append(c.function().arguments()));
    Usage usage = usage(root, () -> TokenEstimate.ofMessages(request.messages()),
        () -> TokenEstimate.ofText(produced.toString()));
    return new ChatResponse("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""), "chat.completion",
        created(root.path("created_at").asText("")), root.path("model").asText(model),
        List.of(new ChatResponse.Choice(0, reply, finish, null)), usage, null);
  }

  /**
   * Ollama's tool calls (arguments as a JSON object, usually no id) as OpenAI's: ids {@code call_<n>} counted
   * from {@code firstIndex} unless Ollama sent one, arguments as JSON text.
   */
  static List<ToolCall> toolCalls(JsonNode calls, int firstIndex) {
    List<ToolCall> out = new ArrayList<>();
    for (JsonNode call : calls) {
      JsonNode function = call.path("function");
      JsonNode arguments = function.path("arguments");
      String id = call.path("id").isTextual() && !call.path("id").asText().isEmpty()
          ? call.path("id").asText() : "call_" + (firstIndex + out.size());
      out.add(ToolCall.function(id, function.path("name").asText(""), argumentsText(arguments)));
    }
    return out;
  }

  private static String argumentsText(JsonNode arguments) {
    if (arguments.isTextual()) {
      return arguments.asText();
    }
    if (arguments.isMissingNode() || arguments.isNull()) {
      return "{}";
    }
    try {
      return Json.MAPPER.writeValueAsString(arguments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree always serializes", e);
    }
  }

  /** {@code length} stays; {@code stop} (and anything else) is {@code tool_calls} when the model called tools. */
  static String finishReason(String doneReason, boolean calledTools) {
    if ("length".equals(doneReason)) {
      return "length";
    }
    return calledTools ? "tool_calls" : "stop";
  }

  /**
   * {@code prompt_eval_count} / {@code eval_count}; a count Ollama leaves out (it omits the prompt count when
   * the prompt was cached) is estimated, and the usage then marked {@code estimated}.
   */
  static Usage usage(JsonNode root, IntSupplier promptEstimate, IntSupplier completionEstimate) {
    JsonNode prompt = root.path("prompt_eval_count");
    JsonNode completion = root.path("eval_count");
    if (prompt.isIntegralNumber() && completion.isIntegralNumber()) {
      return Usage.of(prompt.asInt(), completion.asInt());
    }
    return TokenEstimate.usage(prompt.isIntegralNumber() ? prompt.asInt() : promptEstimate.getAsInt(),
        completion.isIntegralNumber() ? completion.asInt() : completionEstimate.getAsInt());
  }

  private static long created(String createdAt) {
    try {
      return OffsetDateTime.parse(createdAt).toEpochSecond();
    } catch (DateTimeParseException unreadable) {
      return Instant.now().getEpochSecond();
    }
  }
}
