package dev.switchboard.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ContentPart;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.MessageContent;
import dev.switchboard.api.ResponseFormat;
import dev.switchboard.api.Tool;
import dev.switchboard.api.ToolCall;
import dev.switchboard.api.ToolChoice;
import java.util.List;

/**
 * Builds the body of a Cohere v2 {@code POST /v2/chat} from an OpenAI chat request. Static and pure; a request
 * Cohere cannot express is refused with a 400 {@link GatewayError} naming the field.
 */
final class CohereRequestMapper {
  /** Cohere-only request members a client may send as extra fields; they are passed on unchanged. */
  private static final List<String> COHERE_FIELDS =
      List.of("k", "safety_mode", "documents", "citation_options", "thinking", "strict_tools");
  /** Cohere's documented range for {@code p}; OpenAI's {@code top_p} (0..1) is clamped into it. */
  private static final double MIN_P = 0.01;
  private static final double MAX_P = 0.99;

  private CohereRequestMapper() {}

  /** The v2 chat body addressed to {@code model}; {@code stream} adds {@code "stream": true}. */
  static ObjectNode chatBody(ChatRequest request, String model, boolean stream) {
    if (request.n() != null && request.n() > 1) {
      throw GatewayError.invalidRequest("n", "n: Cohere answers with one choice, so n must be 1");
    }
    ObjectNode body = Json.MAPPER.createObjectNode().put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (int i = 0; i < request.messages().size(); i++) {
      messages.add(message(request.messages().get(i), "messages[" + i + "]"));
    }
    tools(request, body);
    responseFormat(request.responseFormat(), body);
    parameters(request, body);
    for (String field : COHERE_FIELDS) {
      JsonNode value = request.extra().get(field);
      if (value != null && !value.isNull() && !body.has(field)) {
        body.set(field, value);
      }
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  static ObjectNode message(ChatMessage m, String path) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    switch (m.role()) {
      case "system", "developer" -> out.put("role", "system").put("content", textOnly(m.content(), path));
      case "user" -> out.put("role", "user").set("content", userContent(m.content(), path));
      case "assistant" -> assistant(m, out, path);
      case "tool" -> out.put("role", "tool").put("tool_call_id", m.toolCallId())
          .put("content", textOnly(m.content(), path));
      default -> throw GatewayError.invalidRequest(path + ".role", path + ".role: '" + m.role()
          + "' messages cannot be sent to Cohere; send function results as role 'tool' with a tool_call_id");
    }
    return out;
  }

  private static void assistant(ChatMessage m, ObjectNode out, String path) {
    out.put("role", "assistant");
    String text = m.content() != null ? textOnly(m.content(), path) : m.refusal();
    boolean hasCalls = m.toolCalls() != null && !m.toolCalls().isEmpty();
    if (text != null && !(text.isEmpty() && hasCalls)) {
      out.put("content", text);
    }
    if (!hasCalls) {
      return;
    }
    JsonNode plan = m.extra().get("reasoning_content");
    if (plan != null && plan.isTextual() && !plan.asText().isEmpty()) {
      out.put("tool_plan", plan.asText());
    }
    ArrayNode calls = out.putArray("tool_calls");
    for (ToolCall call : m.toolCalls()) {
      String arguments = call.function().arguments();
      calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
          .put("name", call.function().name())
          .put("arguments", arguments == null || arguments.isBlank() ? "{}" : arguments);
    }
  }

  /** Text content as one string; array content must hold text parts only. */
  private static String textOnly(MessageContent content, String path) {
    if (content == null) {
      return "";
    }
    if (content.isParts()) {
      for (int j = 0; j < content.parts().size(); j++) {
        if (!"text".equals(content.parts().get(j).type())) {
          String part = path + ".content[" + j + "].type";
          throw GatewayError.invalidRequest(part, part + ": only text parts can be sent to Cohere in this message");
        }
      }
    }
    return content.joinedText();
  }

  /** A user message: a string, or text and {@code image_url} parts (images need a Cohere vision model). */
  private static JsonNode userContent(MessageContent content, String path) {
    if (!content.isParts()) {
      return Json.MAPPER.getNodeFactory().textNode(content.text());
    }
    ArrayNode parts = Json.MAPPER.createArrayNode();
    for (int j = 0; j < content.parts().size(); j++) {
      ContentPart part = content.parts().get(j);
      if ("text".equals(part.type())) {
        parts.addObject().put("type", "text").put("text", part.text());
      } else if ("image_url".equals(part.type())) {
        ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url")
            .put("url", part.imageUrl().url());
        if (part.imageUrl().detail() != null) {
          image.put("detail", part.imageUrl().detail());
        }
      } else {
        String field = path + ".content[" + j + "].type";
        throw GatewayError.invalidRequest(field, field + ": '" + part.type()
            + "' parts cannot be sent to Cohere; it accepts text and image_url");
      }
    }
    return parts;
  }

  /**
   * Function tools and {@code tool_choice}: {@code required} → {@code REQUIRED}, {@code none} → {@code NONE},
   * {@code auto} → omitted. Cohere cannot force one named function, so a named choice offers only that function,
   * with {@code REQUIRED}.
   */
  private static void tools(ChatRequest request, ObjectNode body) {
    if (request.tools() == null || request.tools().isEmpty()) {
      return;
    }
    ToolChoice choice = request.toolChoice();
    String forced = choice == null ? null : choice.functionName();
    ArrayNode tools = body.putArray("tools");
    boolean strict = false;
    for (Tool tool : request.tools()) {
      Tool.FunctionDefinition fn = tool.function();
      if (forced != null && !forced.equals(fn.name())) {
        continue;
      }
      ObjectNode function = tools.addObject().put("type", "function").putObject("function").put("name", fn.name());
      if (fn.description() != null) {
        function.put("description", fn.description());
      }
      if (fn.parameters() != null) {
        function.set("parameters", fn.parameters());
      }
      strict |= Boolean.TRUE.equals(fn.strict());
    }
    if (strict) {
      body.put("strict_tools", true);
    }
    if (forced != null || (choice != null && "required".equals(choice.mode()))) {
      body.put("tool_choice", "REQUIRED");
    } else if (choice != null && "none".equals(choice.mode())) {
      body.put("tool_choice", "NONE");
    }
  }

  /** {@code json_object} → {@code {"type":"json_object"}}; {@code json_schema} adds its {@code schema} as {@code json_schema}. */
  private static void responseFormat(ResponseFormat format, ObjectNode body) {
    if (format == null || "text".equals(format.type())) {
      return;
    }
    ObjectNode out = body.putObject("response_format").put("type", "json_object");
    if ("json_schema".equals(format.type()) && format.jsonSchema() != null
        && format.jsonSchema().path("schema").isObject()) {
      out.set("json_schema", format.jsonSchema().path("schema"));
    }
  }

  private static void parameters(ChatRequest request, ObjectNode body) {
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.outputTokenLimit() != null) {
      body.put("max_tokens", request.outputTokenLimit());
    }
    if (request.stop() != null && !request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      request.stop().forEach(stop::add);
    }
    if (request.seed() != null) {
      body.put("seed", request.seed());
    }
    if (request.topP() != null) {
      body.put("p", Math.min(MAX_P, Math.max(MIN_P, request.topP())));
    }
    if (request.frequencyPenalty() != null) {
      body.put("frequency_penalty", request.frequencyPenalty());
    }
    if (request.presencePenalty() != null) {
      body.put("presence_penalty", request.presencePenalty());
    }
  }
}
