package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Translates an Anthropic Messages API response (a {@code message} object) into an OpenAI chat completion. */
final class AnthropicResponseMapper {
  /** The assistant-message member that carries {@code thinking} blocks (with signatures) for the next turn. */
  static final String THINKING_BLOCKS = "thinking_blocks";

  private AnthropicResponseMapper() {}

  /**
   * The chat completion for a {@code message} object.
   *
   * @param jsonTool the forced tool that carries a JSON {@code response_format}; its input becomes the text
   * @param created  the creation time to report, in epoch seconds (Anthropic does not send one)
   * @throws UpstreamFailureException with {@link FailureClass#MALFORMED_RESPONSE} when it is not a message
   */
  static ChatResponse chatResponse(JsonNode message, ChatRequest request, Optional<String> jsonTool, long created) {
    if (!"message".equals(message.path("type").asText()) || !message.path("content").isArray()) {
      throw new UpstreamFailureException(Failure.of(FailureClass.MALFORMED_RESPONSE, 200,
          "response is not an Anthropic message (type 'message' with a content array)"));
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    ArrayNode thinkingBlocks = Json.MAPPER.createArrayNode();
    List<ToolCall> calls = new ArrayList<>();
    boolean answeredByJsonTool = false;
    for (JsonNode block : message.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText(""));
        case "thinking" -> {
          reasoning.append(block.path("thinking").asText(""));
          thinkingBlocks.add(block);
        }
        case "redacted_thinking" -> thinkingBlocks.add(block);
        case "tool_use" -> {
          String name = block.path("name").asText();
          if (jsonTool.isPresent() && jsonTool.get().equals(name)) {
            text.append(block.path("input").toString());
            answeredByJsonTool = true;
          } else {
            calls.add(ToolCall.function(block.path("id").asText(), name, block.path("input").toString()));
          }
        }
        default -> {
          // server tool blocks (web search and the like) have no place in an OpenAI message
        }
      }
    }
    Map<String, JsonNode> extra = new LinkedHashMap<>();
    if (!reasoning.isEmpty()) {
      extra.put("reasoning_content", Json.MAPPER.getNodeFactory().textNode(reasoning.toString()));
    }
    if (!thinkingBlocks.isEmpty()) {
      extra.put(THINKING_BLOCKS, thinkingBlocks);
    }
    MessageContent content = text.isEmpty() && !calls.isEmpty() ? null : MessageContent.ofText(text.toString());
    ChatMessage assistant = new ChatMessage("assistant", content, null, calls.isEmpty() ? null : List.copyOf(calls),
        null, null, extra);
    String finish = finishReason(message.path("stop_reason").asText(null), answeredByJsonTool && calls.isEmpty());
    Usage usage = message.path("usage").isObject() ? usage(message.path("usage"))
        : TokenEstimate.usage(TokenEstimate.ofMessages(request.messages()), TokenEstimate.ofText(text.toString()));
    return new ChatResponse(message.path("id").asText(null), "chat.completion", created,
        message.path("model").asText(null), List.of(new ChatResponse.Choice(0, assistant, finish, null)), usage, null);
  }

  /**
   * OpenAI's finish reason for an Anthropic {@code stop_reason}: {@code end_turn}, {@code stop_sequence} and
   * {@code pause_turn} → {@code stop}; {@code max_tokens} and {@code model_context_window_exceeded} →
   * {@code length}; {@code tool_use} → {@code tool_calls} ({@code stop} when the only tool used carried a JSON
   * {@code response_format}); {@code refusal} → {@code content_filter}.
   */
  static String finishReason(String stopReason, boolean answeredByJsonTool) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> answeredByJsonTool ? "stop" : "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop";
    };
  }

  /** OpenAI usage from an Anthropic {@code usage} object (the counts it lacks read as 0). */
  static Usage usage(JsonNode usage) {
    return usage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0),
        usage.path("cache_read_input_tokens").asInt(0), usage.path("cache_creation_input_tokens").asInt(0));
  }

  /**
   * OpenAI usage from Anthropic's counts, in the convention the ledger prices by: {@code prompt_tokens} is every
   * input token (uncached + read from cache + written to cache), {@code prompt_tokens_details.cached_tokens} the
   * ones read from cache, and the two cache counts also appear as {@code cache_read_input_tokens} and
   * {@code cache_creation_input_tokens}.
   */
  static Usage usage(int input, int output, int cacheRead, int cacheCreation) {
    int prompt = input + cacheRead + cacheCreation;
    Usage usage = new Usage(prompt, output, prompt + output, null);
    ObjectNode details = Json.MAPPER.createObjectNode().put("cached_tokens", cacheRead);
    usage.extra().put("prompt_tokens_details", details);
    usage.extra().put("cache_read_input_tokens", Json.MAPPER.getNodeFactory().numberNode(cacheRead));
    usage.extra().put("cache_creation_input_tokens", Json.MAPPER.getNodeFactory().numberNode(cacheCreation));
    return usage;
  }
}
