package dev.switchboard.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ContentPart;
import dev.switchboard.api.EmbeddingRequest;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.ResponseFormat;
import dev.switchboard.api.Tool;
import dev.switchboard.api.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the bodies of Ollama's native {@code /api/chat} and {@code /api/embed} from the unified request.
 * Pure functions; what Ollama cannot take (an image by URL, several choices) is refused with a 400 naming the field.
 */
final class OllamaRequests {
  private static final String DATA_URL_BASE64 = ";base64,";

  private OllamaRequests() {}

  /** The {@code /api/chat} body for {@code model}; {@code stream} is always explicit (Ollama streams by default). */
  static ObjectNode chat(ChatRequest request, String model, boolean stream) {
    if (request.n() != null && request.n() > 1) {
      throw GatewayError.invalidRequest("n", "n: Ollama returns one choice; send n = 1 or leave it out");
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    List<ChatMessage> history = request.messages();
    for (int i = 0; i < history.size(); i++) {
      messages.add(message(history, i));
    }
    body.put("stream", stream);
    List<Tool> tools = offeredTools(request);
    if (!tools.isEmpty()) {
      ArrayNode out = body.putArray("tools");
      tools.forEach(t -> out.add(tool(t)));
    }
    format(request.responseFormat(), body);
    ObjectNode options = options(request);
    if (!options.isEmpty()) {
      body.set("options", options);
    }
    return body;
  }

  /** The {@code /api/embed} body: {@code input} is one string or a list of strings. */
  static ObjectNode embed(EmbeddingRequest request, String model) {
    if (request.texts().isEmpty()) {
      throw GatewayError.invalidRequest("input", "input: Ollama embeds text; send a string or an array of strings, "
          + "not token arrays");
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model);
    body.set("input", request.input());
    if (request.dimensions() != null) {
      body.put("dimensions", request.dimensions());
    }
    return body;
  }

  private static ObjectNode message(List<ChatMessage> history, int index) {
    ChatMessage m = history.get(index);
    String path = "messages[" + index + "]";
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("role", "developer".equals(m.role()) ? "system" : m.role());
    List<String> texts = new ArrayList<>();
    ArrayNode images = Json.MAPPER.createArrayNode();
    if (m.content() != null && m.content().isParts()) {
      List<ContentPart> parts = m.content().parts();
      for (int j = 0; j < parts.size(); j++) {
        part(parts.get(j), path + ".content[" + j + "]", texts, images);
      }
    } else if (m.content() != null) {
      texts.add(m.content().text());
    }
    out.put("content", String.join("\n", texts));
    if (!images.isEmpty()) {
      out.set("images", images);
    }
    if (m.toolCalls() != null && !m.toolCalls().isEmpty()) {
      ArrayNode calls = out.putArray("tool_calls");
      for (int k = 0; k < m.toolCalls().size(); k++) {
        calls.add(toolCall(m.toolCalls().get(k), path + ".tool_calls[" + k + "].function.arguments"));
      }
    }
    if ("tool".equals(m.role())) {
      String name = calledFunction(history, index, m.toolCallId());
      if (name != null) {
        out.put("tool_name", name);
      }
    }
    return out;
  }

  private static void part(ContentPart part, String path, List<String> texts, ArrayNode images) {
    switch (part.type()) {
      case "text" -> texts.add(part.text());
      case "image_url" -> images.add(inlineImage(part.imageUrl().url(), path + ".image_url"));
      default -> throw GatewayError.invalidRequest(path + ".type",
          path + ".type: Ollama takes text and image_url parts, not '" + part.type() + "'");
    }
  }

  /** The base64 payload of a {@code data:} URL; Ollama takes only inline images and adapters never fetch URLs. */
  private static String inlineImage(String url, String path) {
    int marker = url.indexOf(DATA_URL_BASE64);
    if (url.startsWith("data:") && marker > 0) {
      return url.substring(marker + DATA_URL_BASE64.length());
    }
    throw GatewayError.invalidRequest(path, path + ": Ollama accepts only inline images; send the image as a "
        + "base64 data: URL (data:image/png;base64,...) instead of a link");
  }

  private static ObjectNode toolCall(ToolCall call, String path) {
    ObjectNode function = Json.MAPPER.createObjectNode();
    function.put("name", call.function().name());
    function.set("arguments", arguments(call.function().arguments(), path));
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.set("function", function);
    return out;
  }

  /** OpenAI sends arguments as JSON text; Ollama wants the object itself. */
  private static JsonNode arguments(String text, String path) {
    if (text == null || text.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      JsonNode parsed = Json.MAPPER.readTree(text);
      if (parsed != null && parsed.isObject()) {
        return parsed;
      }
    } catch (Exception notJson) {
      // reported below
    }
    throw GatewayError.invalidRequest(path, path + ": must be a JSON object in a string, as the model produced it");
  }

  /** The name of the function a tool result answers, from the nearest earlier assistant call with that id. */
  private static String calledFunction(List<ChatMessage> history, int toolIndex, String callId) {
    for (int i = toolIndex - 1; i >= 0; i--) {
      ChatMessage m = history.get(i);
      if (m.toolCalls() == null) {
        continue;
      }
      for (ToolCall call : m.toolCalls()) {
        if (call.id().equals(callId)) {
          return call.function().name();
        }
      }
    }
    return null;
  }

  /**
   * Ollama has no {@code tool_choice}: {@code none} sends no tools, a named function sends only that one, and
   * {@code auto} / {@code required} send them all.
   */
  private static List<Tool> offeredTools(ChatRequest request) {
    if (request.tools() == null || request.tools().isEmpty()) {
      return List.of();
    }
    if (request.toolChoice() != null && "none".equals(request.toolChoice().mode())) {
      return List.of();
    }
    if (request.toolChoice() != null && request.toolChoice().functionName() != null) {
      String name = request.toolChoice().functionName();
      return request.tools().stream().filter(t -> name.equals(t.function().name())).toList();
    }
    return request.tools();
  }

  private static ObjectNode tool(Tool tool) {
    ObjectNode function = Json.MAPPER.createObjectNode();
    function.put("name", tool.function().name());
    if (tool.function().description() != null) {
      function.put("description", tool.function().description());
    }
    if (tool.function().parameters() != null) {
      function.set("parameters", tool.function().parameters());
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("type", "function");
    out.set("function", function);
    return out;
  }

  /** {@code json_object} is Ollama's JSON mode ({@code "json"}); {@code json_schema} passes the schema itself. */
  private static void format(ResponseFormat format, ObjectNode body) {
    if (format == null) {
      return;
    }
    if ("json_object".equals(format.type())) {
      body.put("format", "json");
    } else if ("json_schema".equals(format.type())) {
      JsonNode schema = format.jsonSchema() == null ? null : format.jsonSchema().get("schema");
      if (schema == null || !schema.isObject()) {
        throw GatewayError.invalidRequest("response_format.json_schema.schema",
            "response_format.json_schema.schema: a JSON Schema object is required");
      }
      body.set("format", schema);
    }
  }

  private static ObjectNode options(ChatRequest r) {
    ObjectNode options = Json.MAPPER.createObjectNode();
    if (r.temperature() != null) {
      options.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      options.put("top_p", r.topP());
    }
    if (r.seed() != null) {
      options.put("seed", r.seed());
    }
    if (r.stop() != null && !r.stop().isEmpty()) {
      ArrayNode stop = options.putArray("stop");
      r.stop().forEach(stop::add);
    }
    if (r.outputTokenLimit() != null) {
      options.put("num_predict", r.outputTokenLimit());
    }
    if (r.presencePenalty() != null) {
      options.put("presence_penalty", r.presencePenalty());
    }
    if (r.frequencyPenalty() != null) {
      options.put("frequency_penalty", r.frequencyPenalty());
    }
    return options;
  }
}
