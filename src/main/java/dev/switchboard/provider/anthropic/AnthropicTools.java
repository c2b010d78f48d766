package dev.switchboard.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.ResponseFormat;
import dev.switchboard.api.Tool;
import dev.switchboard.api.ToolChoice;
import java.util.Optional;

/**
 * Tools, {@code tool_choice}, {@code parallel_tool_calls} and {@code response_format} for the Messages API.
 *
 * <p>The Messages API has no JSON mode, so a JSON {@code response_format} uses the technique Anthropic documents for
 * JSON output: one tool whose {@code input_schema} is the requested schema, forced with
 * {@code tool_choice: {"type":"tool"}}. The tool's input is then returned to the client as the message text
 * ({@link AnthropicResponseMapper}, {@link AnthropicStreamDecoder}).
 */
final class AnthropicTools {
  /** The forced tool's name for {@code response_format: {"type":"json_object"}}. */
  static final String JSON_OBJECT_TOOL = "json_response";

  private AnthropicTools() {}

  /** The name of the tool that carries a JSON {@code response_format}, when the request asks for one. */
  static Optional<String> jsonToolName(ChatRequest request) {
    ResponseFormat format = request.responseFormat();
    if (format == null || "text".equals(format.type())) {
      return Optional.empty();
    }
    if ("json_schema".equals(format.type())) {
      return Optional.of(format.jsonSchema().path("name").asText());
    }
    return Optional.of(JSON_OBJECT_TOOL);
  }

  /** Adds {@code tools} and {@code tool_choice} to {@code body}. */
  static void apply(ChatRequest request, ObjectNode body) {
    boolean hasTools = request.tools() != null && !request.tools().isEmpty();
    Optional<String> jsonTool = jsonToolName(request);
    if (jsonTool.isPresent()) {
      if (hasTools) {
        throw GatewayError.invalidRequest("response_format", "response_format: anthropic deployments answer in JSON "
            + "by forcing a tool call, which cannot be combined with tools; send one or the other");
      }
      body.putArray("tools").add(jsonTool(request.responseFormat(), jsonTool.get()));
      body.putObject("tool_choice").put("type", "tool").put("name", jsonTool.get());
      return;
    }
    if (!hasTools) {
      return;
    }
    ArrayNode tools = body.putArray("tools");
    for (Tool tool : request.tools()) {
      ObjectNode out = tools.addObject().put("name", tool.function().name());
      if (tool.function().description() != null) {
        out.put("description", tool.function().description());
      }
      out.set("input_schema", tool.function().parameters() != null ? tool.function().parameters() : emptyObjectSchema());
    }
    ObjectNode choice = toolChoice(request.toolChoice());
    if (Boolean.FALSE.equals(request.parallelToolCalls()) && !"none".equals(choice.path("type").asText())) {
      choice.put("disable_parallel_tool_use", true);
    }
    if (choice.size() > 1 || request.toolChoice() != null) {
      body.set("tool_choice", choice);
    }
  }

  /** OpenAI's {@code tool_choice} in Anthropic's form; {@code auto} when the client sent none. */
  static ObjectNode toolChoice(ToolChoice choice) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (choice == null) {
      return out.put("type", "auto");
    }
    if (choice.functionName() != null) {
      return out.put("type", "tool").put("name", choice.functionName());
    }
    return out.put("type", switch (choice.mode()) {
      case "required" -> "any";
      case "none" -> "none";
      default -> "auto";
    });
  }

  private static ObjectNode jsonTool(ResponseFormat format, String name) {
    ObjectNode tool = Json.MAPPER.createObjectNode().put("name", name);
    JsonNode spec = format.jsonSchema();
    String description = spec != null && spec.path("description").isTextual() ? spec.path("description").asText()
        : "Give the final answer as this tool's input.";
    tool.put("description", description);
    JsonNode schema = spec == null ? null : spec.get("schema");
    if (schema == null || schema.isNull()) {
      tool.set("input_schema", "json_object".equals(format.type())
          ? Json.MAPPER.createObjectNode().put("type", "object") : emptyObjectSchema());
      return tool;
    }
    if (!schema.isObject() || !"object".equals(schema.path("type").asText())) {
      throw GatewayError.invalidRequest("response_format.json_schema.schema", "response_format.json_schema.schema: "
          + "anthropic deployments need a schema whose root is {\"type\":\"object\",...}");
    }
    tool.set("input_schema", schema);
    return tool;
  }

  private static ObjectNode emptyObjectSchema() {
    ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    schema.putObject("properties");
    return schema;
  }
}
