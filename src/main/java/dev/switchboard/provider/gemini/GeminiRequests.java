package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.api.ResponseFormat;
import dev.switchboard.api.Tool;
import dev.switchboard.api.ToolChoice;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.UpstreamRequest;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@code GenerateContentRequest} bodies and the HTTP requests that carry them; pure functions. */
final class GeminiRequests {
  /** Thinking budgets for {@code reasoning_effort}, as Google's own OpenAI-compatible endpoint maps them. */
  private static final Map<String, Integer> THINKING_BUDGETS = Map.of("minimal", 1024, "low", 1024,
      "medium", 8192, "high", 24576);

  private GeminiRequests() {}

  /** {@code POST} of {@code body} to the endpoint's URL for {@code method} (plus {@code query}), authenticated by it. */
  static UpstreamRequest post(GeminiEndpoint endpoint, Deployment deployment, String method, String query,
                              String accept, JsonNode body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("accept", accept);
    endpoint.authenticate(deployment, headers);
    try {
      return new UpstreamRequest("POST", endpoint.url(deployment, method) + query, headers,
          Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** {@code models/<name>}, whether or not the configured model already carries the prefix. */
  static String modelResource(String model) {
    return model.startsWith("models/") ? model : "models/" + model;
  }

  /** The Gemini body for {@code request}. */
  static ObjectNode body(ChatRequest request) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    GeminiContents.Translated translated = GeminiContents.translate(request.messages());
    body.set("contents", translated.contents());
    if (translated.systemInstruction() != null) {
      body.set("systemInstruction", translated.systemInstruction());
    }
    if (request.tools() != null && !request.tools().isEmpty()) {
      body.putArray("tools").addObject().set("functionDeclarations", declarations(request.tools()));
      if (request.toolChoice() != null) {
        body.putObject("toolConfig").set("functionCallingConfig", callingConfig(request.toolChoice()));
      }
    }
    ObjectNode config = generationConfig(request);
    if (!config.isEmpty()) {
      body.set("generationConfig", config);
    }
    return body;
  }

  private static ArrayNode declarations(List<Tool> tools) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (int i = 0; i < tools.size(); i++) {
      Tool.FunctionDefinition fn = tools.get(i).function();
      ObjectNode declaration = out.addObject().put("name", fn.name());
      if (fn.description() != null) {
        declaration.put("description", fn.description());
      }
      JsonNode parameters = fn.parameters();
      if (parameters != null && !isEmptyObject(parameters)) {
        declaration.set("parameters", GeminiSchemas.convert(parameters, "tools[" + i + "].function.parameters"));
      }
    }
    return out;
  }

  /** A parameterless function: Gemini refuses an object schema without properties, so none is sent. */
  private static boolean isEmptyObject(JsonNode schema) {
    return schema.path("properties").isEmpty() && !schema.has("anyOf") && !schema.has("$ref")
        && (!schema.has("type") || "object".equals(schema.path("type").asText()));
  }

  static ObjectNode callingConfig(ToolChoice choice) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    if (choice.functionName() != null) {
      config.put("mode", "ANY").putArray("allowedFunctionNames").add(choice.functionName());
      return config;
    }
    config.put("mode", switch (choice.mode()) {
      case "none" -> "NONE";
      case "required" -> "ANY";
      default -> "AUTO";
    });
    return config;
  }

  private static ObjectNode generationConfig(ChatRequest r) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    if (r.temperature() != null) {
      config.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      config.put("topP", r.topP());
    }
    if (r.outputTokenLimit() != null) {
      config.put("maxOutputTokens", r.outputTokenLimit());
    }
    if (r.stop() != null && !r.stop().isEmpty()) {
      ArrayNode stops = config.putArray("stopSequences");
      r.stop().forEach(stops::add);
    }
    if (r.n() != null) {
      config.put("candidateCount", r.n());
    }
    if (r.seed() != null) {
      config.put("seed", r.seed());
    }
    if (r.presencePenalty() != null) {
      config.put("presencePenalty", r.presencePenalty());
    }
    if (r.frequencyPenalty() != null) {
      config.put("frequencyPenalty", r.frequencyPenalty());
    }
    responseFormat(r.responseFormat(), config);
    thinking(r.extra().get("reasoning_effort"), config);
    return config;
  }

  private static void responseFormat(ResponseFormat format, ObjectNode config) {
    if (format == null || "text".equals(format.type())) {
      return;
    }
    config.put("responseMimeType", "application/json");
    if ("json_schema".equals(format.type()) && format.jsonSchema() != null
        && format.jsonSchema().path("schema").isObject()) {
      config.set("responseSchema", GeminiSchemas.convert(format.jsonSchema().path("schema"),
          "response_format.json_schema.schema"));
    }
  }

  /** {@code reasoning_effort} → {@code thinkingConfig}: a budget, with thoughts returned as reasoning_content. */
  private static void thinking(JsonNode effort, ObjectNode config) {
    if (effort == null || effort.isNull()) {
      return;
    }
    String level = effort.asText();
    if ("none".equals(level)) {
      config.putObject("thinkingConfig").put("thinkingBudget", 0);
      return;
    }
    Integer budget = THINKING_BUDGETS.get(level);
    if (budget == null) {
      throw GatewayError.invalidRequest("reasoning_effort",
          "reasoning_effort: must be one of none, minimal, low, medium, high");
    }
    config.putObject("thinkingConfig").put("thinkingBudget", budget).put("includeThoughts", true);
  }
}
