package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ContentPart;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the body of a Bedrock Converse / ConverseStream call from an OpenAI chat request (the model id travels in
 * the URL). Static and pure; a request Converse cannot express is refused with a 400 {@link GatewayError} naming
 * the field.
 */
final class BedrockRequestMapper {
  /** Converse members a client may send as extra fields; they are passed on unchanged. */
  private static final List<String> CONVERSE_FIELDS =
      List.of("additionalModelRequestFields", "guardrailConfig", "performanceConfig", "requestMetadata");
  private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+);base64,(.+)", Pattern.DOTALL);
  private static final Map<String, String> IMAGE_FORMATS =
      Map.of("image/png", "png", "image/jpeg", "jpeg", "image/jpg", "jpeg", "image/gif", "gif", "image/webp", "webp");

  private BedrockRequestMapper() {}

  /** The Converse body for {@code request}. */
  static ObjectNode converse(ChatRequest request) {
    if (request.n() != null && request.n() > 1) {
      throw GatewayError.invalidRequest("n", "n: Bedrock's Converse API answers with one choice, so n must be 1");
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode system = system(request.messages());
    boolean toolHistory = messages(request.messages(), body.putArray("messages"));
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    ObjectNode inference = inference(request);
    if (!inference.isEmpty()) {
      body.set("inferenceConfig", inference);
    }
    BedrockTools.toolConfig(request, toolHistory).ifPresent(config -> body.set("toolConfig", config));
    for (String field : CONVERSE_FIELDS) {
      JsonNode value = request.extra().get(field);
      if (value != null && !value.isNull()) {
        if (!value.isObject()) {
          throw GatewayError.invalidRequest(field, field + ": must be an object, as Bedrock's Converse API defines it");
        }
        body.set(field, value);
      }
    }
    return body;
  }

  private static ObjectNode inference(ChatRequest request) {
    ObjectNode inference = Json.MAPPER.createObjectNode();
    if (request.outputTokenLimit() != null) {
      inference.put("maxTokens", request.outputTokenLimit());
    }
    if (request.temperature() != null) {
      inference.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      inference.put("topP", request.topP());
    }
    if (request.stop() != null && !request.stop().isEmpty()) {
      ArrayNode stops = inference.putArray("stopSequences");
      request.stop().forEach(stops::add);
    }
    return inference;
  }

  /** The text of every {@code system} and {@code developer} message, one system block each. */
  private static ArrayNode system(List<ChatMessage> messages) {
    ArrayNode system = Json.MAPPER.createArrayNode();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      if (!isSystem(m)) {
        continue;
      }
      if (m.content() != null && m.content().isParts()) {
        for (int j = 0; j < m.content().parts().size(); j++) {
          if (!"text".equals(m.content().parts().get(j).type())) {
            String path = "messages[" + i + "].content[" + j + "].type";
            throw GatewayError.invalidRequest(path, path + ": Bedrock system prompts take text parts only");
          }
        }
      }
      String text = m.textContent();
      if (!text.isEmpty()) {
        system.addObject().put("text", text);
      }
    }
    return system;
  }

  private static boolean isSystem(ChatMessage m) {
    return "system".equals(m.role()) || "developer".equals(m.role());
  }

  /**
   * The conversation as alternating user/assistant turns (Converse requires alternation): consecutive messages of
   * one role, tool results included (they are user content), share a turn; empty messages are left out.
   *
   * @return whether the history holds tool calls or results (Converse then requires a {@code toolConfig})
   */
  private static boolean messages(List<ChatMessage> messages, ArrayNode out) {
    String lastRole = null;
    ArrayNode lastContent = null;
    boolean toolHistory = false;
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      String path = "messages[" + i + "]";
      if (isSystem(m)) {
        continue;
      }
      String role;
      List<ObjectNode> blocks;
      switch (m.role()) {
        case "user" -> {
          role = "user";
          blocks = partsOf(m, path);
        }
        case "assistant" -> {
          role = "assistant";
          blocks = assistant(m, path);
          toolHistory |= m.toolCalls() != null && !m.toolCalls().isEmpty();
        }
        case "tool" -> {
          role = "user";
          blocks = List.of(toolResult(m, path));
          toolHistory = true;
        }
        default -> throw GatewayError.invalidRequest(path + ".role", path + ".role: '" + m.role()
            + "' messages cannot be sent to Bedrock; send function results as role 'tool' with a tool_call_id");
      }
      if (blocks.isEmpty()) {
        continue;
      }
      if (!role.equals(lastRole)) {
        lastContent = out.addObject().put("role", role).putArray("content");
        lastRole = role;
      }
      blocks.forEach(lastContent::add);
    }
    return toolHistory;
  }

  private static List<ObjectNode> partsOf(ChatMessage m, String path) {
    List<ObjectNode> blocks = new ArrayList<>();
    if (m.content() == null) {
      return blocks;
    }
    if (!m.content().isParts()) {
      addText(blocks, m.content().text());
      return blocks;
    }
    List<ContentPart> parts = m.content().parts();
    for (int j = 0; j < parts.size(); j++) {
      ContentPart part = parts.get(j);
      String partPath = path + ".content[" + j + "]";
      switch (part.type()) {
        case "text" -> addText(blocks, part.text());
        case "image_url" -> blocks.add(image(part.imageUrl().url(), partPath + ".image_url.url"));
        default -> throw GatewayError.invalidRequest(partPath + ".type", partPath + ".type: '" + part.type()
            + "' parts cannot be sent to Bedrock (text and image_url can)");
      }
    }
    return blocks;
  }

  private static void addText(List<ObjectNode> blocks, String text) {
    if (text != null && !text.isEmpty()) {
      blocks.add(Json.MAPPER.createObjectNode().put("text", text));
    }
  }

  /** An image block with the bytes of a base64 {@code data:} URL; Converse takes no links, and adapters never fetch. */
  static ObjectNode image(String url, String path) {
    if (url.startsWith("http://") || url.startsWith("https://")) {
      throw GatewayError.invalidRequest(path, path + ": Bedrock takes images as bytes, not links; send the image "
          + "as a data:image/png;base64,... URL (the gateway does not fetch URLs)");
    }
    Matcher m = DATA_URL.matcher(url);
    if (!m.matches()) {
      throw GatewayError.invalidRequest(path, path + ": must be a data:image/...;base64, URL");
    }
    String format = IMAGE_FORMATS.get(m.group(1).toLowerCase(Locale.ROOT));
    if (format == null) {
      throw GatewayError.invalidRequest(path, path + ": Bedrock takes image/png, image/jpeg, image/gif or "
          + "image/webp, not " + m.group(1));
    }
    ObjectNode block = Json.MAPPER.createObjectNode();
    block.putObject("image").put("format", format).putObject("source").put("bytes", m.group(2).strip());
    return block;
  }

  private static List<ObjectNode> assistant(ChatMessage m, String path) {
    List<ObjectNode> blocks = new ArrayList<>();
    if (m.content() != null) {
      addText(blocks, m.textContent());
    } else {
      addText(blocks, m.refusal());
    }
    if (m.toolCalls() != null) {
      for (int j = 0; j < m.toolCalls().size(); j++) {
        ToolCall call = m.toolCalls().get(j);
        ObjectNode use = Json.MAPPER.createObjectNode();
        use.putObject("toolUse").put("toolUseId", call.id()).put("name", call.function().name())
            .set("input", arguments(call.function().arguments(), path + ".tool_calls[" + j + "].function.arguments"));
        blocks.add(use);
      }
    }
    return blocks;
  }

  /** A tool call's JSON arguments as the object {@code toolUse.input} takes; blank means no arguments. */
  private static JsonNode arguments(String arguments, String path) {
    if (arguments == null || arguments.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(arguments);
    } catch (Exception e) {
      throw GatewayError.invalidRequest(path, path + ": is not valid JSON");
    }
    if (parsed == null || !parsed.isObject()) {
      throw GatewayError.invalidRequest(path, path + ": must be a JSON object");
    }
    return parsed;
  }

  /** A {@code toolResult} block: the tool's text and image parts, or an empty JSON object for an empty result. */
  private static ObjectNode toolResult(ChatMessage m, String path) {
    if (m.toolCallId() == null || m.toolCallId().isEmpty()) {
      throw GatewayError.invalidRequest(path + ".tool_call_id", path + ".tool_call_id: required for tool messages");
    }
    ObjectNode block = Json.MAPPER.createObjectNode();
    ObjectNode result = block.putObject("toolResult").put("toolUseId", m.toolCallId());
    ArrayNode content = result.putArray("content");
    partsOf(m, path).forEach(content::add);
    if (content.isEmpty()) {
      content.addObject().putObject("json");
    }
    return block;
  }
}
