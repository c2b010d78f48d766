package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ContentPart;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates OpenAI {@code messages} into Gemini's {@code systemInstruction} and {@code contents}: system and
 * developer messages become the system instruction; user messages, and tool results as {@code functionResponse}
 * parts, become {@code user} turns; assistant messages become {@code model} turns with text and
 * {@code functionCall} parts. Consecutive turns of the same role are merged into one, as Gemini expects.
 */
final class GeminiContents {
  /**
   * Google's documented placeholder for a function call whose thought signature is unknown (it was produced by
   * another backend, or the client could not keep it); Gemini 3 models refuse replayed calls without one.
   */
  static final String SKIP_SIGNATURE = Base64.getEncoder()
      .encodeToString("skip_thought_signature_validator".getBytes(StandardCharsets.US_ASCII));

  private GeminiContents() {}

  /** Systems and turns of one request. */
  record Translated(ObjectNode systemInstruction, ArrayNode contents) {}

  static Translated translate(List<ChatMessage> messages) {
    ArrayNode systemParts = Json.MAPPER.createArrayNode();
    ArrayNode contents = Json.MAPPER.createArrayNode();
    Map<String, String> callNames = new HashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      String path = "messages[" + i + "]";
      switch (m.role()) {
        case "system", "developer" -> {
          String text = m.textContent();
          if (!text.isEmpty()) {
            systemParts.addObject().put("text", text);
          }
        }
        case "user" -> append(contents, "user", userParts(m, path));
        case "assistant" -> append(contents, "model", modelParts(m, path, callNames));
        case "tool", "function" -> append(contents, "user", functionResponse(m, path, callNames));
        default -> throw GatewayError.invalidRequest(path + ".role", path + ".role: '" + m.role()
            + "' cannot be sent to gemini");
      }
    }
    if (contents.isEmpty()) {
      throw GatewayError.invalidRequest("messages",
          "messages: gemini needs at least one user, assistant or tool message besides system messages");
    }
    ObjectNode system = null;
    if (!systemParts.isEmpty()) {
      system = Json.MAPPER.createObjectNode();
      system.set("parts", systemParts);
    }
    return new Translated(system, contents);
  }

  /** Adds {@code parts} as a turn of {@code role}, merged into the previous turn when that has the same role. */
  private static void append(ArrayNode contents, String role, ArrayNode parts) {
    if (parts.isEmpty()) {
      return;
    }
    JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.path("parts")).addAll(parts);
      return;
    }
    ObjectNode turn = contents.addObject().put("role", role);
    turn.set("parts", parts);
  }

  private static ArrayNode userParts(ChatMessage m, String path) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    if (m.content() == null) {
      return parts;
    }
    if (!m.content().isParts()) {
      addText(parts, m.content().text());
      return parts;
    }
    List<ContentPart> items = m.content().parts();
    for (int j = 0; j < items.size(); j++) {
      ContentPart part = items.get(j);
      String partPath = path + ".content[" + j + "]";
      switch (part.type()) {
        case "text" -> addText(parts, part.text());
        case "image_url" -> parts.add(GeminiMedia.image(part.imageUrl().url(), partPath + ".image_url.url"));
        case "input_audio" -> parts.add(GeminiMedia.audio(part.extra().get("input_audio"), partPath + ".input_audio"));
        case "file" -> parts.add(GeminiMedia.file(part.extra().get("file"), partPath + ".file"));
        default -> throw GatewayError.invalidRequest(partPath + ".type", partPath + ".type: '" + part.type()
            + "' content parts cannot be sent to gemini (text, image_url, input_audio and file can)");
      }
    }
    return parts;
  }

  private static ArrayNode modelParts(ChatMessage m, String path, Map<String, String> callNames) {
    ArrayNode parts = Json.MAPPER.createArrayNode();
    addText(parts, m.textContent());
    List<ToolCall> calls = m.toolCalls() == null ? List.of() : m.toolCalls();
    for (int j = 0; j < calls.size(); j++) {
      ToolCall call = calls.get(j);
      String argsPath = path + ".tool_calls[" + j + "].function.arguments";
      ObjectNode part = parts.addObject();
      ObjectNode functionCall = part.putObject("functionCall").put("name", call.function().name());
      functionCall.set("args", arguments(call.function().arguments(), argsPath));
      if (j == 0) {
        part.put("thoughtSignature", SKIP_SIGNATURE);
      }
      callNames.put(call.id(), call.function().name());
    }
    return parts;
  }

  private static ObjectNode arguments(String arguments, String path) {
    if (arguments == null || arguments.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(arguments);
    } catch (Exception e) {
      throw GatewayError.invalidRequest(path, path + ": must be a JSON object, as the model produced it");
    }
    if (!parsed.isObject()) {
      throw GatewayError.invalidRequest(path, path + ": must be a JSON object, as the model produced it");
    }
    return (ObjectNode) parsed;
  }

  private static ArrayNode functionResponse(ChatMessage m, String path, Map<String, String> callNames) {
    String name = "function".equals(m.role()) ? m.name() : callNames.get(m.toolCallId());
    if (name == null) {
      name = m.name();
    }
    if (name == null) {
      throw GatewayError.invalidRequest(path + ".tool_call_id", path + ".tool_call_id: '" + m.toolCallId()
          + "' matches no tool call of an earlier assistant message; gemini needs the function's name");
    }
    ArrayNode parts = Json.MAPPER.createArrayNode();
    ObjectNode response = parts.addObject().putObject("functionResponse").put("name", name);
    response.set("response", responseObject(m.textContent()));
    return parts;
  }

  /** The tool's output as Gemini wants it: a JSON object as sent, anything else wrapped as {@code {"content": text}}. */
  static ObjectNode responseObject(String text) {
    try {
      JsonNode parsed = Json.MAPPER.readTree(text);
      if (parsed != null && parsed.isObject()) {
        return (ObjectNode) parsed;
      }
    } catch (Exception notJson) {
      // plain text output
    }
    ObjectNode wrapped = Json.MAPPER.createObjectNode();
    wrapped.put("content", text);
    return wrapped;
  }

  private static void addText(ArrayNode parts, String text) {
    if (text != null && !text.isEmpty()) {
      parts.addObject().put("text", text);
    }
  }
}
