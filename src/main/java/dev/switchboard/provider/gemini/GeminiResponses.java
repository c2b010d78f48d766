package dev.switchboard.provider.gemini;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reads Gemini {@code GenerateContentResponse}s into the unified types; pure functions. */
final class GeminiResponses {
  private static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT",
      "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

  private GeminiResponses() {}

  /**
   * The OpenAI {@code finish_reason} for a Gemini {@code finishReason}: {@code STOP} is {@code stop}, or
   * {@code tool_calls} when the candidate called functions; {@code MAX_TOKENS} is {@code length}; the safety
   * and policy reasons are {@code content_filter}; every other reason is {@code stop}.
   */
  static String finishReason(String gemini, boolean calledFunctions) {
    if ("MAX_TOKENS".equals(gemini)) {
      return "length";
    }
    if (FILTERED.contains(gemini)) {
      return "content_filter";
    }
    return calledFunctions ? "tool_calls" : "stop";
  }

  /** The prompt's block reason when Gemini refused the prompt itself and sent no candidates, else null. */
  static String blockReason(JsonNode response) {
    JsonNode reason = response.path("promptFeedback").path("blockReason");
    return reason.isTextual() && response.path("candidates").isEmpty() ? reason.asText() : null;
  }

  /**
   * Usage from {@code usageMetadata}: prompt = {@code promptTokenCount} (cached tokens included, and repeated as
   * {@code prompt_tokens_details.cached_tokens}); completion = {@code candidatesTokenCount + thoughtsTokenCount}
   * (thoughts repeated as {@code completion_tokens_details.reasoning_tokens}). Null when the object is absent.
   */
  static Usage usage(JsonNode metadata) {
    if (!metadata.isObject()) {
      return null;
    }
    int thoughts = metadata.path("thoughtsTokenCount").asInt(0);
    Usage usage = Usage.of(metadata.path("promptTokenCount").asInt(0),
        metadata.path("candidatesTokenCount").asInt(0) + thoughts);
    ObjectNode promptDetails = Json.MAPPER.createObjectNode().put("cached_tokens",
        metadata.path("cachedContentTokenCount").asInt(0));
    usage.extra().put("prompt_tokens_details", promptDetails);
    usage.extra().put("completion_tokens_details", Json.MAPPER.createObjectNode().put("reasoning_tokens", thoughts));
    return usage;
  }

  /** A non-streamed answer; {@code body} is known to be a JSON object. */
  static ChatResponse chatResponse(JsonNode body, ChatRequest request, String model) {
    List<ChatResponse.Choice> choices = new ArrayList<>();
    String blocked = blockReason(body);
    if (blocked != null) {
      ChatMessage message = new ChatMessage("assistant", MessageContent.ofText(""), null, null, null,
          "the prompt was blocked by gemini (blockReason " + blocked + ")", null);
      choices.add(new ChatResponse.Choice(0, message, "content_filter", null));
    }
    int callNumber = 0;
    JsonNode candidates = body.path("candidates");
    for (int position = 0; position < candidates.size(); position++) {
      JsonNode candidate = candidates.get(position);
      StringBuilder text = new StringBuilder();
      StringBuilder reasoning = new StringBuilder();
      List<ToolCall> calls = new ArrayList<>();
      for (JsonNode part : candidate.path("content").path("parts")) {
        if (part.has("functionCall")) {
          JsonNode call = part.path("functionCall");
          calls.add(ToolCall.function("call_" + ++callNumber, call.path("name").asText(), arguments(call)));
        } else if (part.path("text").isTextual()) {
          (part.path("thought").asBoolean(false) ? reasoning : text).append(part.path("text").asText());
        }
      }
      Map<String, JsonNode> extra = new LinkedHashMap<>();
      if (!reasoning.isEmpty()) {
        extra.put("reasoning_content", Json.MAPPER.getNodeFactory().textNode(reasoning.toString()));
      }
      ChatMessage message = new ChatMessage("assistant", text.isEmpty() && !calls.isEmpty() ? null
          : MessageContent.ofText(text.toString()), null, calls.isEmpty() ? null : calls, null, null, extra);
      String finish = finishReason(candidate.path("finishReason").asText("STOP"), !calls.isEmpty());
      choices.add(new ChatResponse.Choice(candidate.path("index").asInt(position), message, finish, null));
    }
    Usage usage = usage(body.path("usageMetadata"));
    if (usage == null) {
      int completion = choices.stream().mapToInt(c -> TokenEstimate.ofText(c.message().textContent())).sum();
      usage = TokenEstimate.usage(TokenEstimate.ofMessages(request.messages()), completion);
    }
    String id = body.path("responseId").isTextual() ? "chatcmpl-" + body.path("responseId").asText()
        : "chatcmpl-" + UUID.randomUUID();
    return new ChatResponse(id, "chat.completion", Instant.now().getEpochSecond(),
        body.path("modelVersion").asText(model), choices, usage, null);
  }

  /** A function call's {@code args} as JSON text ({@code {}} when absent). */
  static String arguments(JsonNode functionCall) {
    JsonNode args = functionCall.path("args");
    return args.isObject() ? args.toString() : "{}";
  }
}
