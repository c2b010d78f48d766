package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ContentPart;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.ToolCall;
import dev.switchboard.provider.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates an OpenAI chat request into the body of an Anthropic Messages API request ({@code POST /v1/messages}).
 * Pure static functions; a request Anthropic cannot express is refused with a 400 {@link GatewayError} naming the
 * field.
 */
final class AnthropicRequestMapper {
  /** {@code max_tokens} when neither the client nor the catalog gives one (Anthropic requires the field). */
  static final int DEFAULT_MAX_TOKENS = 4096;

  private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+);base64,(.+)", Pattern.DOTALL);
  private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private AnthropicRequestMapper() {}

  /** The Messages API body for {@code request} sent to {@code deployment}. */
  static ObjectNode body(ChatRequest request, Deployment deployment, boolean stream) {
    refuseUnsupported(request);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", deployment.model());
    Integer limit = request.outputTokenLimit();
    body.put("max_tokens", limit != null ? limit : deployment.maxOutputTokens(DEFAULT_MAX_TOKENS));
    String system = system(request.messages());
    if (!system.isEmpty()) {
      body.put("system", system);
    }
    body.set("messages", messages(request.messages()));
    if (request.stop() != null && !request.stop().isEmpty()) {
      ArrayNode stops = body.putArray("stop_sequences");
      request.stop().forEach(stops::add);
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      body.put("top_p", request.topP());
    }
    passThrough(request, "top_k", JsonNode::isIntegralNumber, body);
    passThrough(request, "thinking", JsonNode::isObject, body);
    if (request.user() != null && !request.user().isEmpty()) {
      body.putObject("metadata").put("user_id", request.user());
    }
    AnthropicTools.apply(request, body);
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  private static void refuseUnsupported(ChatRequest request) {
    if (request.n() != null && request.n() > 1) {
      throw GatewayError.invalidRequest("n", "n: anthropic deployments return one choice; n must be 1");
    }
    if (request.temperature() != null && request.temperature() > 1) {
      throw GatewayError.invalidRequest("temperature",
          "temperature: anthropic deployments accept 0 to 1, was " + request.temperature());
    }
  }

  private static void passThrough(ChatRequest request, String field, Predicate<JsonNode> shape,
                                  ObjectNode body) {
    JsonNode value = request.extra().get(field);
    if (value == null || value.isNull()) {
      return;
    }
    if (!shape.test(value)) {
      throw GatewayError.invalidRequest(field, field + ": has the wrong type for the anthropic API");
    }
    body.set(field, value);
  }

  /** The text of every {@code system} and {@code developer} message, in order, separated by blank lines. */
  static String system(List<ChatMessage> messages) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      if (!isSystem(m)) {
        continue;
      }
      if (m.content().isParts()) {
        List<ContentPart> parts = m.content().parts();
        for (int j = 0; j < parts.size(); j++) {
          if (!"text".equals(parts.get(j).type())) {
            String path = "messages[" + i + "].content[" + j + "].type";
            throw GatewayError.invalidRequest(path, path + ": anthropic system prompts take text parts only");
          }
        }
      }
      String text = m.textContent();
      if (!text.isEmpty()) {
        texts.add(text);
      }
    }
    return String.join("\n\n", texts);
  }

  private static boolean isSystem(ChatMessage m) {
    return "system".equals(m.role()) || "developer".equals(m.role());
  }

  /**
   * The conversation without system messages, as alternating user/assistant turns: consecutive messages that map to
   * the same role (including tool results, which become user turns) are merged into one turn; empty messages are
   * left out.
   */
  static ArrayNode messages(List<ChatMessage> messages) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    String lastRole = null;
    ArrayNode lastContent = null;
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
          blocks = userBlocks(m, path);
        }
        case "assistant" -> {
          role = "assistant";
          blocks = assistantBlocks(m, path);
        }
        case "tool" -> {
          role = "user";
          blocks = List.of(toolResult(m, path));
        }
        default -> throw GatewayError.invalidRequest(path + ".role",
            path + ".role: '" + m.role() + "' cannot be sent to an anthropic deployment; use tool messages");
      }
      if (blocks.isEmpty()) {
        continue;
      }
      if (!role.equals(lastRole)) {
        ObjectNode turn = out.addObject().put("role", role);
        lastContent = turn.putArray("content");
        lastRole = role;
      }
      blocks.forEach(lastContent::add);
    }
    return out;
  }

  private static List<ObjectNode> userBlocks(ChatMessage m, String path) {
    List<ObjectNode> blocks = new ArrayList<>();
    if (!m.content().isParts()) {
      addText(blocks, m.content().text());
      return blocks;
    }
    List<ContentPart> parts = m.content().parts();
    for (int j = 0; j < parts.size(); j++) {
      blocks.addAll(partBlock(parts.get(j), path + ".content[" + j + "]"));
    }
    return blocks;
  }

  private static List<ObjectNode> partBlock(ContentPart part, String path) {
    List<ObjectNode> blocks = new ArrayList<>(1);
    switch (part.type()) {
      case "text" -> addText(blocks, part.text());
      case "image_url" -> blocks.add(image(part.imageUrl().url(), path + ".image_url.url"));
      default -> throw GatewayError.invalidRequest(path + ".type",
          path + ".type: '" + part.type() + "' parts cannot be sent to an anthropic deployment (text and image_url can)");
    }
    return blocks;
  }

  private static void addText(List<ObjectNode> blocks, String text) {
    if (text != null && !text.isEmpty()) {
      blocks.add(Json.MAPPER.createObjectNode().put("type", "text").put("text", text));
    }
  }

  /** An image block: a {@code data:image/...;base64,} URL becomes a base64 source, an http(s) URL a url source. */
  static ObjectNode image(String url, String path) {
    ObjectNode block = Json.MAPPER.createObjectNode().put("type", "image");
    if (url.startsWith("data:")) {
      Matcher m = DATA_URL.matcher(url);
      if (!m.matches()) {
        throw GatewayError.invalidRequest(path, path + ": a data URL must look like data:image/png;base64,<bytes>");
      }
      String mediaType = m.group(1).toLowerCase(Locale.ROOT);
      if (!IMAGE_TYPES.contains(mediaType)) {
        throw GatewayError.invalidRequest(path, path + ": anthropic deployments take image/jpeg, image/png, "
            + "image/gif or image/webp, not " + mediaType);
      }
      block.putObject("source").put("type", "base64").put("media_type", mediaType).put("data", m.group(2));
      return block;
    }
    if (url.startsWith("https://") || url.startsWith("http://")) {
      block.putObject("source").put("type", "url").put("url", url);
      return block;
    }
    throw GatewayError.invalidRequest(path, path + ": must be an http(s) URL or a data:image/...;base64, URL");
  }

  private static List<ObjectNode> assistantBlocks(ChatMessage m, String path) {
    List<ObjectNode> blocks = new ArrayList<>();
    JsonNode thinking = m.extra().get(AnthropicResponseMapper.THINKING_BLOCKS);
    if (thinking != null && thinking.isArray()) {
      thinking.forEach(b -> {
        if (b.isObject()) {
          blocks.add((ObjectNode) b);
        }
      });
    }
    if (m.content() != null) {
      addText(blocks, m.textContent());
    } else {
      addText(blocks, m.refusal());
    }
    if (m.toolCalls() != null) {
      for (int j = 0; j < m.toolCalls().size(); j++) {
        ToolCall call = m.toolCalls().get(j);
        ObjectNode use = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", call.id())
            .put("name", call.function().name());
        use.set("input", arguments(call.function().arguments(), path + ".tool_calls[" + j + "].function.arguments"));
        blocks.add(use);
      }
    }
    return blocks;
  }

  /** A tool call's JSON arguments as the object Anthropic's {@code tool_use.input} takes; blank means no arguments. */
  static JsonNode arguments(String arguments, String path) {
    if (arguments == null || arguments.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(arguments);
    } catch (Exception e) {
      throw GatewayError.invalidRequest(path, path + ": is not valid JSON");
    }
    if (!parsed.isObject()) {
      throw GatewayError.invalidRequest(path, path + ": must be a JSON object");
    }
    return parsed;
  }

  private static ObjectNode toolResult(ChatMessage m, String path) {
    ObjectNode result = Json.MAPPER.createObjectNode().put("type", "tool_result").put("tool_use_id", m.toolCallId());
    if (!m.content().isParts()) {
      if (!m.content().text().isEmpty()) {
        result.put("content", m.content().text());
      }
      return result;
    }
    ArrayNode content = Json.MAPPER.createArrayNode();
    List<ContentPart> parts = m.content().parts();
    for (int j = 0; j < parts.size(); j++) {
      partBlock(parts.get(j), path + ".content[" + j + "]").forEach(content::add);
    }
    if (!content.isEmpty()) {
      result.set("content", content);
    }
    return result;
  }
}
