package dev.switchboard.api;

import java.util.List;
import java.util.Set;

/**
 * Reads a chat completion request body and checks it the way OpenAI does; every rejection is a 400
 * {@link GatewayError} whose {@code param} names the offending field (e.g. {@code messages[2].role}).
 */
public final class ChatRequestParser {
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

  private ChatRequestParser() {}

  public static ChatRequest parse(byte[] body) {
    ChatRequest request = RequestBodies.read(body, ChatRequest.class);
    validate(request);
    return request;
  }

  static void validate(ChatRequest r) {
    if (r.model() == null || r.model().isBlank()) {
      throw GatewayError.invalidRequest("model", "model: required, a non-empty string");
    }
    if (r.messages() == null || r.messages().isEmpty()) {
      throw GatewayError.invalidRequest("messages", "messages: required, a non-empty array");
    }
    for (int i = 0; i < r.messages().size(); i++) {
      validateMessage(r.messages().get(i), "messages[" + i + "]");
    }
    range("temperature", r.temperature(), 0, 2);
    range("top_p", r.topP(), 0, 1);
    range("presence_penalty", r.presencePenalty(), -2, 2);
    range("frequency_penalty", r.frequencyPenalty(), -2, 2);
    atLeast("n", r.n(), 1);
    atLeast("max_tokens", r.maxTokens(), 1);
    atLeast("max_completion_tokens", r.maxCompletionTokens(), 1);
    if (r.stop() != null && r.stop().size() > 4) {
      throw GatewayError.invalidRequest("stop", "stop: at most 4 sequences");
    }
    validateTools(r.tools());
    if (r.toolChoice() != null && r.toolChoice().functionName() != null) {
      boolean known = r.tools() != null && r.tools().stream()
          .anyMatch(t -> t.function() != null && r.toolChoice().functionName().equals(t.function().name()));
      if (!known) {
        throw GatewayError.invalidRequest("tool_choice",
            "tool_choice: names the function '" + r.toolChoice().functionName() + "', which is not in tools");
      }
    }
    if (r.responseFormat() != null) {
      String type = r.responseFormat().type();
      if (!Set.of("text", "json_object", "json_schema").contains(type)) {
        throw GatewayError.invalidRequest("response_format.type",
            "response_format.type: must be one of text, json_object, json_schema");
      }
      if ("json_schema".equals(type) && (r.responseFormat().jsonSchema() == null
          || !r.responseFormat().jsonSchema().path("name").isTextual())) {
        throw GatewayError.invalidRequest("response_format.json_schema",
            "response_format.json_schema: required with a 'name' when type is json_schema");
      }
    }
    if (r.streamOptions() != null && !r.streaming()) {
      throw GatewayError.invalidRequest("stream_options", "stream_options: only allowed when stream is true");
    }
  }

  private static void validateMessage(ChatMessage m, String path) {
    if (m == null) {
      throw GatewayError.invalidRequest(path, path + ": expected an object");
    }
    if (m.role() == null || !ROLES.contains(m.role())) {
      throw GatewayError.invalidRequest(path + ".role",
          path + ".role: must be one of system, developer, user, assistant, tool");
    }
    boolean hasToolCalls = m.toolCalls() != null && !m.toolCalls().isEmpty();
    if (m.content() == null && !("assistant".equals(m.role()) && (hasToolCalls || m.refusal() != null))) {
      throw GatewayError.invalidRequest(path + ".content", path + ".content: required for role " + m.role());
    }
    if ("tool".equals(m.role()) && (m.toolCallId() == null || m.toolCallId().isBlank())) {
      throw GatewayError.invalidRequest(path + ".tool_call_id", path + ".tool_call_id: required for role tool");
    }
    if (m.content() != null && m.content().isParts()) {
      List<ContentPart> parts = m.content().parts();
      for (int j = 0; j < parts.size(); j++) {
        validatePart(parts.get(j), path + ".content[" + j + "]");
      }
    }
    if (hasToolCalls) {
      for (int j = 0; j < m.toolCalls().size(); j++) {
        ToolCall call = m.toolCalls().get(j);
        String callPath = path + ".tool_calls[" + j + "]";
        if (call == null || call.id() == null || call.function() == null || call.function().name() == null) {
          throw GatewayError.invalidRequest(callPath, callPath + ": needs id and function.name");
        }
      }
    }
  }

  private static void validatePart(ContentPart part, String path) {
    if (part == null || part.type() == null) {
      throw GatewayError.invalidRequest(path + ".type", path + ".type: required");
    }
    if ("text".equals(part.type()) && part.text() == null) {
      throw GatewayError.invalidRequest(path + ".text", path + ".text: required for a text part");
    }
    if ("image_url".equals(part.type()) && (part.imageUrl() == null || part.imageUrl().url() == null
        || part.imageUrl().url().isBlank())) {
      throw GatewayError.invalidRequest(path + ".image_url.url", path + ".image_url.url: required for an image part");
    }
  }

  private static void validateTools(List<Tool> tools) {
    if (tools == null) {
      return;
    }
    for (int i = 0; i < tools.size(); i++) {
      Tool tool = tools.get(i);
      String path = "tools[" + i + "]";
      if (tool == null || !"function".equals(tool.type())) {
        throw GatewayError.invalidRequest(path + ".type", path + ".type: must be 'function'");
      }
      if (tool.function() == null || tool.function().name() == null || tool.function().name().isBlank()) {
        throw GatewayError.invalidRequest(path + ".function.name", path + ".function.name: required");
      }
      if (tool.function().parameters() != null && !tool.function().parameters().isObject()) {
        throw GatewayError.invalidRequest(path + ".function.parameters",
            path + ".function.parameters: must be a JSON Schema object");
      }
    }
  }

  private static void range(String field, Double value, double min, double max) {
    if (value != null && (value < min || value > max)) {
      throw GatewayError.invalidRequest(field, field + ": must be between " + fmt(min) + " and " + fmt(max));
    }
  }

  private static void atLeast(String field, Integer value, int min) {
    if (value != null && value < min) {
      throw GatewayError.invalidRequest(field, field + ": must be at least " + min);
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
