package dev.switchboard.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatResponse;
import dev.switchboard.api.Json;
import dev.switchboard.api.MessageContent;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.ToolCall;
import dev.switchboard.api.Usage;
import dev.switchboard.provider.Failure;
import dev.switchboard.provider.FailureClass;
import dev.switchboard.provider.Failures;
import dev.switchboard.provider.UpstreamFailureException;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads Cohere v2 chat answers into the unified types: finish reasons, usage, tool calls, and the model's
 * {@code tool_plan} and {@code thinking} text as {@code reasoning_content}. Static and pure.
 */
final class CohereResponseMapper {
  private CohereResponseMapper() {}

  /** A non-streamed {@code /v2/chat} answer as an OpenAI {@code chat.completion}; usage is always filled. */
  static ChatResponse chatResponse(JsonNode root, ChatRequest request, String model, int status) {
    JsonNode message = root.path("message");
    if (!message.isObject()) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, status,
          "response is not a Cohere v2 chat answer: no message"));
    }
    String finish = root.path("finish_reason").asText("");
    Optional<Failure> failed = failure(finish, root, status);
    if (failed.isPresent()) {
      throw new UpstreamFailureException(failed.get());
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder(message.path("tool_plan").asText(""));
    for (JsonNode item : message.path("content")) {
      switch (item.path("type").asText("")) {
        case "text" -> text.append(item.path("text").asText(""));
        case "thinking" -> reasoning.append(item.path("thinking").asText(""));
        default -> { } // citations and documents are not part of the OpenAI message
      }
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      calls.add(ToolCall.function(call.path("id").asText(null), call.path("function").path("name").asText(null),
          arguments(call.path("function").path("arguments"))));
    }
    MessageContent content = text.length() == 0 && !calls.isEmpty() ? null : MessageContent.ofText(text.toString());
    ChatMessage reply = new ChatMessage("assistant", content, null, calls.isEmpty() ? null : List.copyOf(calls),
        null, null, null);
    if (reasoning.length() > 0) {
      reply.extra().put("reasoning_content", Json.MAPPER.getNodeFactory().textNode(reasoning.toString()));
    }
    Usage usage = usage(root.path("usage")).orElseGet(() -> TokenEstimate.usage(
        TokenEstimate.ofMessages(request.messages()), TokenEstimate.ofText(text.toString())));
    String id = root.path("id").asText("");
    return new ChatResponse(id.isEmpty() ? "chatcmpl-" + UUID.randomUUID() : id, "chat.completion",
        Instant.now().getEpochSecond(), model, List.of(new ChatResponse.Choice(0, reply,
        finishReason(finish, !calls.isEmpty()), null)), usage, null);
  }

  /**
   * Cohere's finish reason as OpenAI's: MAX_TOKENS → length, TOOL_CALL → tool_calls, CONTENT_BLOCKED →
   * content_filter, COMPLETE and STOP_SEQUENCE → stop (tool_calls when the answer calls tools).
   */
  static String finishReason(String cohere, boolean calledTools) {
    return switch (cohere.toUpperCase(Locale.ROOT)) {
      case "MAX_TOKENS" -> "length";
      case "TOOL_CALL" -> "tool_calls";
      case "CONTENT_BLOCKED" -> "content_filter";
      default -> calledTools ? "tool_calls" : "stop"; // COMPLETE, STOP_SEQUENCE

    };
  }

  /**
   * The failure a finish reason stands for: {@code ERROR} is an upstream failure, {@code TIMEOUT} a read timeout.
   * {@code detail} is the object that may carry Cohere's {@code error} text.
   */
  static Optional<Failure> failure(String finish, JsonNode detail, int status) {
    String reason = finish.toUpperCase(Locale.ROOT);
    if (!reason.equals("ERROR") && !reason.equals("TIMEOUT")) {
      return Optional.empty();
    }
    String why = detail.path("error").isTextual()
        ? Failures.upstreamMessage(Buffer.buffer(detail.toString())).map(m -> ": " + m).orElse("") : "";
    String message = "Cohere finished with " + reason + why;
    return Optional.of(Failure.of(reason.equals("TIMEOUT") ? FailureClass.READ_TIMEOUT : FailureClass.UPSTREAM_5XX,
        status, message));
  }

  /**
   * Token counts from {@code usage.tokens} (what the model read and wrote), else {@code usage.billed_units};
   * the billed units are kept as {@code billed_units} and cached prompt tokens as
   * {@code prompt_tokens_details.cached_tokens}.
   */
  static Optional<Usage> usage(JsonNode usage) {
    JsonNode tokens = usage.path("tokens");
    JsonNode billed = usage.path("billed_units");
    JsonNode counts = tokens.has("input_tokens") || tokens.has("output_tokens") ? tokens : billed;
    if (!counts.has("input_tokens") && !counts.has("output_tokens")) {
      return Optional.empty();
    }
    Usage out = Usage.of(counts.path("input_tokens").asInt(0), counts.path("output_tokens").asInt(0));
    Map<String, JsonNode> extra = out.extra();
    if (billed.isObject()) {
      extra.put("billed_units", billed.deepCopy());
    }
    int cached = usage.path("cached_tokens").asInt(0);
    if (cached > 0) {
      ObjectNode details = Json.MAPPER.createObjectNode().put("cached_tokens", cached);
      extra.put("prompt_tokens_details", details);
    }
    return Optional.of(out);
  }

  /** Tool-call arguments as JSON text; Cohere may send an object, {@code null} or nothing for "no arguments". */
  static String arguments(JsonNode arguments) {
    if (arguments.isTextual()) {
      String text = arguments.asText();
      return text.isBlank() || text.strip().equals("null") ? "{}" : text;
    }
    return arguments.isObject() ? arguments.toString() : "{}";
  }
}
