package dev.switchboard.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatMessage;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import dev.switchboard.api.Tool;
import java.util.ArrayList;
import java.util.List;

/**
 * The mock model's deterministic answers, as OpenAI wire JSON. It echoes the last user message; with
 * tools offered (and not refused) it calls one with arguments built from its parameter schema; after a
 * tool result it reports that result; with a JSON response format it answers JSON.
 */
final class MockReplies {
  private static final int MAX_ECHO = 200;

  private MockReplies() {}

  /** What the mock model says: text, or one tool call. */
  record Reply(String text, String toolName, String toolArguments, String finishReason, int promptTokens,
               int completionTokens) {}

  static Reply reply(ChatRequest request) {
    int prompt = TokenEstimate.ofMessages(request.messages());
    ChatMessage last = request.messages().get(request.messages().size() - 1);
    Tool tool = toolToCall(request, last);
    if (tool != null) {
      String args = sample(tool.function().parameters()).toString();
      return new Reply(null, tool.function().name(), args, "tool_calls", prompt,
          TokenEstimate.ofText(tool.function().name()) + TokenEstimate.ofText(args));
    }
    String text;
    if (request.responseFormat() != null && "json_schema".equals(request.responseFormat().type())) {
      text = sample(request.responseFormat().jsonSchema().path("schema")).toString();
    } else if (request.responseFormat() != null && "json_object".equals(request.responseFormat().type())) {
      ObjectNode json = Json.MAPPER.createObjectNode().put("mock", true).put("echo", echo(last));
      text = json.toString();
    } else if ("tool".equals(last.role())) {
      text = "The tool returned: " + echo(last);
    } else {
      text = "Hello from the Switchboard mock model. You said: " + echo(last);
    }
    int completion = TokenEstimate.ofText(text);
    Integer cap = request.outputTokenLimit();
    if (cap != null && completion > cap) {
      text = text.substring(0, Math.min(text.length(), cap * 4));
      return new Reply(text, null, null, "length", prompt, cap);
    }
    return new Reply(text, null, null, "stop", prompt, completion);
  }

  private static Tool toolToCall(ChatRequest request, ChatMessage last) {
    if (request.tools() == null || request.tools().isEmpty() || "tool".equals(last.role())) {
      return null;
    }
    if (request.toolChoice() != null && "none".equals(request.toolChoice().mode())) {
      return null;
    }
    if (request.toolChoice() != null && request.toolChoice().functionName() != null) {
      return request.tools().stream()
          .filter(t -> request.toolChoice().functionName().equals(t.function().name())).findFirst().orElse(null);
    }
    return request.tools().get(0);
  }

  private static String echo(ChatMessage message) {
    String text = message.textContent().strip().replaceAll("\\s+", " ");
    return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
  }

  /** A value that satisfies the common parts of a JSON Schema: objects with required properties, arrays, scalars. */
  static JsonNode sample(JsonNode schema) {
    if (schema == null || schema.isMissingNode()) {
      return Json.MAPPER.createObjectNode();
    }
    if (schema.has("enum") && schema.get("enum").size() > 0) {
      return schema.get("enum").get(0);
    }
    String type = schema.path("type").isTextual() ? schema.path("type").asText()
        : schema.has("properties") ? "object" : "string";
    switch (type) {
      case "object": {
        ObjectNode out = Json.MAPPER.createObjectNode();
        JsonNode props = schema.path("properties");
        List<String> names = new ArrayList<>();
        schema.path("required").forEach(r -> names.add(r.asText()));
        if (names.isEmpty()) {
          props.fieldNames().forEachRemaining(names::add);
        }
        for (String name : names) {
          out.set(name, sample(props.path(name)));
        }
        return out;
      }
      case "array": {
        ArrayNode out = Json.MAPPER.createArrayNode();
        out.add(sample(schema.path("items")));
        return out;
      }
      case "integer":
        return Json.MAPPER.getNodeFactory().numberNode(1);
      case "number":
        return Json.MAPPER.getNodeFactory().numberNode(1.5);
      case "boolean":
        return Json.MAPPER.getNodeFactory().booleanNode(true);
      default:
        return Json.MAPPER.getNodeFactory().textNode("mock");
    }
  }
}
