package dev.switchboard.provider.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.Tool;
import dev.switchboard.api.ToolChoice;
import java.util.Optional;

/**
 * OpenAI {@code tools} / {@code tool_choice} as Converse's {@code toolConfig}: each function becomes a
 * {@code toolSpec} ({@code name}, {@code description}, {@code inputSchema.json}); {@code auto} → {@code {"auto":{}}},
 * {@code required} → {@code {"any":{}}}, a named function → {@code {"tool":{"name"}}}. Converse has no "none":
 * the tools are left out, unless the conversation already holds tool calls or results, which Converse accepts only
 * beside a {@code toolConfig} (then the tools are sent without a {@code toolChoice}).
 */
final class BedrockTools {
  private BedrockTools() {}

  static Optional<ObjectNode> toolConfig(ChatRequest request, boolean toolHistory) {
    boolean hasTools = request.tools() != null && !request.tools().isEmpty();
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
}
