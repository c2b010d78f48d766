package dev.switchboard.provider.bedrock;

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
import dev.switchboard.provider.UpstreamFailureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads Converse answers ({@code output.message.content}, {@code stopReason}, {@code usage}) into the unified
 * types. Static and pure.
 */
final class BedrockResponseMapper {
  private BedrockResponseMapper() {}

  /**
   * A Converse answer as an OpenAI {@code chat.completion}: text blocks joined, {@code toolUse} blocks as tool
   * calls (the forced JSON-mode tool's input as the text instead), {@code reasoningContent} as
   * {@code reasoning_content}; usage always filled.
   *
   * @param requestId Bedrock's {@code x-amzn-RequestId}, which becomes the completion id (a random id when null)
   */
  static ChatResponse chatResponse(JsonNode root, ChatRequest request, String model, String requestId, int status) {
    JsonNode content = root.path("output").path("message").path("content");
    if (!content.isArray()) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, status,
          "response is not a Bedrock Converse answer: no output.message.content"));
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    String jsonTool = BedrockTools.jsonToolName(request).orElse(null);
    for (JsonNode block : content) {
      if (block.has("text")) {
        text.append(block.path("text").asText(""));
      } else if (block.has("toolUse")) {
        JsonNode use = block.path("toolUse");
        JsonNode input = use.path("input");
        if (jsonTool != null && jsonTool.equals(use.path("name").asText())) {
          text.setLength(0); // the JSON answer replaces any preamble
          text.append(input.isObject() ? input.toString() : "{}");
          continue;
        }
        calls.add(ToolCall.function(use.path("toolUseId").asText(null), use.path("name").asText(null),
            input.isObject() ? input.toString() : "{}"));
      } else if (block.has("reasoningContent")) {
        reasoning.append(block.path("reasoningContent").path("reasoningText").path("text").asText(""));
      }
    }
    MessageContent message = text.length() == 0 && !calls.isEmpty() ? null : MessageContent.ofText(text.toString());
    ChatMessage reply = new ChatMessage("assistant", message, null, calls.isEmpty() ? null : List.copyOf(calls),
        null, null, null);
    if (reasoning.length() > 0) {
      reply.extra().put("reasoning_content", Json.MAPPER.getNodeFactory().textNode(reasoning.toString()));
    }
    Usage usage = usage(root.path("usage")).orElseGet(() -> TokenEstimate.usage(
        TokenEstimate.ofMessages(request.messages()), TokenEstimate.ofText(text.toString() + reasoning)));
    String id = "chatcmpl-" + (requestId == null || requestId.isEmpty() ? UUID.randomUUID() : requestId);
    String finish = finishReason(root.path("stopReason").asText(""), !calls.isEmpty(), jsonTool != null);
    return new ChatResponse(id, "chat.completion", Instant.now().getEpochSecond(), model,
        List.of(new ChatResponse.Choice(0, reply, finish, null)), usage, null);
  }

  /**
   * Bedrock's {@code stopReason} as OpenAI's {@code finish_reason}: {@code end_turn}, {@code stop_sequence} →
   * {@code stop} ({@code tool_calls} when the answer calls tools); {@code max_tokens},
   * {@code model_context_window_exceeded} → {@code length}; {@code tool_use} → {@code tool_calls};
   * {@code guardrail_intervened}, {@code content_filtered} → {@code content_filter}. In JSON mode the forced tool's
   * {@code tool_use} is a {@code stop}.
   */
  static String finishReason(String stopReason, boolean calledTools, boolean jsonMode) {
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> jsonMode && !calledTools ? "stop" : "tool_calls";
      case "guardrail_intervened", "content_filtered" -> "content_filter";
      default -> calledTools ? "tool_calls" : "stop";
    };
  }

  /**
   * OpenAI usage from Bedrock's {@code usage}, in the convention the ledger prices by: {@code prompt_tokens} is
   * every input token ({@code inputTokens} + {@code cacheReadInputTokens} + {@code cacheWriteInputTokens}),
   * {@code prompt_tokens_details.cached_tokens} the ones read from cache, {@code cache_creation_input_tokens} the
   * ones written to it (and {@code cache_read_input_tokens} the reads); empty when Bedrock sent no counts.
   */
  static Optional<Usage> usage(JsonNode usage) {
    if (!usage.has("inputTokens") && !usage.has("outputTokens")) {
      return Optional.empty();
    }
    int cacheRead = usage.path("cacheReadInputTokens").asInt(0);
    int cacheWrite = usage.path("cacheWriteInputTokens").asInt(0);
    int prompt = usage.path("inputTokens").asInt(0) + cacheRead + cacheWrite;
    int completion = usage.path("outputTokens").asInt(0);
    Usage out = new Usage(prompt, completion, prompt + completion, null);
    ObjectNode details = Json.MAPPER.createObjectNode().put("cached_tokens", cacheRead);
    out.extra().put("prompt_tokens_details", details);
    out.extra().put("cache_read_input_tokens", Json.MAPPER.getNodeFactory().numberNode(cacheRead));
    out.extra().put("cache_creation_input_tokens", Json.MAPPER.getNodeFactory().numberNode(cacheWrite));
    return Optional.of(out);
  }
}
