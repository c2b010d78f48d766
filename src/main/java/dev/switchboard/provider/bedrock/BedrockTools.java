package dev.switchboard.provider.bedrock;

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
 * OpenAI {@code tools} / {@code tool_choice} as Converse's {@code toolConfig}: each function becomes a
 * {@code toolSpec} ({@code name}, {@code description}, {@code inputSchema.json}); {@code auto} → {@code {"auto":{}}},
 * {@code required} → {@code {"any":{}}}, a named function → {@code {"tool":{"name"}}}. Converse has no "none":
 * the tools are left out, unless the conversation already holds tool calls or results, which Converse accepts only
 * beside a {@code toolConfig} (then the tools are sent without a {@code toolChoice}).
 *
 * <p>JSON mode: Converse has none, so a JSON {@code response_format} uses the technique the model vendors document
 * for JSON output — one tool whose input schema is the requested schema, forced with {@code toolChoice.tool}; its
 * input comes back to the client as the message text ({@link BedrockResponseMapper}, {@link BedrockStreamDecoder}).
 */
final class BedrockTools {
  /** The forced tool's name for {@code response_format: {"type":"json_object"}}. */
  static final String JSON_OBJECT_TOOL = "json_response";

  private BedrockTools() {}

  /** The name of the tool that carries a JSON {@code response_format}, when the request asks for one. */
  static Optional<String> jsonToolName(ChatRequest request) {
    ResponseFormat format = request.responseFormat();
    if (format == null || "text".equals(format.type())) {
      return Optional.empty();
    }
    if ("json_schema".equals(format.type())) {
      return Optional.of(format.jsonSchema().path("name").asText(JSON_OBJECT_TOOL));
    }
    return Optional.of(JSON_OBJECT_TOOL);
  }

  static Optional<ObjectNode> toolConfig(ChatRequest request, boolean toolHistory) {
    boolean hasTools = request.tools() != null && !request.tools().isEmpty();
    Optional<String> jsonTool = jsonToolName(request);
    if (jsonTool.isPresent()) {
      if (hasTools || toolHistory) {
        throw GatewayError.invalidRequest("response_format", "response_format: Bedrock answers in JSON by forcing a "
            + "tool call, which cannot be combined with tools or a conversation holding tool calls; send one or the other");
      }
      return Optional.of(jsonConfig(request.responseFormat(), jsonTool.get()));
    }
    if (!hasTools) {
      if (toolHistory) {
        throw GatewayError.invalidRequest("tools", "tools: Bedrock needs the tools offered again when the "
            + "conversation holds tool calls or tool results");
      }
      return Optional.empty();
    }
    ToolChoice choice = request.toolChoice();
    boolean none = choice != null && "none".equals(choice.mode());
    if (none && !toolHistory) {
      return Optional.empty();
    }
    ObjectNode config = Json.MAPPER.createObjectNode();
    ArrayNode tools = config.putArray("tools");
    for (int i = 0; i < request.tools().size(); i++) {
      Tool tool = request.tools().get(i);
      if (tool.function() == null) {
        String path = "tools[" + i + "].type";
        throw GatewayError.invalidRequest(path, path + ": Bedrock takes function tools only");
      }
      Tool.FunctionDefinition fn = tool.function();
      ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", fn.name());
      if (fn.description() != null && !fn.description().isEmpty()) {
        spec.put("description", fn.description());
      }
      ObjectNode schema = spec.putObject("inputSchema");
      if (fn.parameters() != null && fn.parameters().isObject()) {
        schema.set("json", fn.parameters());
      } else {
        schema.putObject("json").put("type", "object").putObject("properties");
      }
    }
    if (none) {
      return Optional.of(config);
    }
    ObjectNode toolChoice = config.putObject("toolChoice");
    if (choice != null && choice.functionName() != null) {
      boolean offered = request.tools().stream().anyMatch(t -> t.function() != null
          && choice.functionName().equals(t.function().name()));
      if (!offered) {
        throw GatewayError.invalidRequest("tool_choice", "tool_choice: names the function '" + choice.functionName()
            + "', which is not among the tools");
      }
      toolChoice.putObject("tool").put("name", choice.functionName());
    } else if (choice != null && "required".equals(choice.mode())) {
      toolChoice.putObject("any");
    } else {
      toolChoice.putObject("auto");
    }
    return Optional.of(config);
  }

  private static ObjectNode jsonConfig(ResponseFormat format, String name) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    ObjectNode spec = config.putArray("tools").addObject().putObject("toolSpec").put("name", name);
    JsonNode requested = format.jsonSchema();
    spec.put("description", requested != null && requested.path("description").isTextual()
        ? requested.path("description").asText() : "Give the final answer as this tool's input.");
    JsonNode schema = requested == null ? null : requested.get("schema");
    if (schema == null || schema.isNull()) {
      spec.putObject("inputSchema").putObject("json").put("type", "object");
    } else if (!schema.isObject() || !"object".equals(schema.path("type").asText())) {
      throw GatewayError.invalidRequest("response_format.json_schema.schema", "response_format.json_schema.schema: "
          + "Bedrock needs a schema whose root is {\"type\":\"object\",...}");
    } else {
      spec.putObject("inputSchema").set("json", schema);
    }
    config.putObject("toolChoice").putObject("tool").put("name", name);
    return config;
  }
}
