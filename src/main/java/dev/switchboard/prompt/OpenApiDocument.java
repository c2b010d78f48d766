package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.api.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of the prompt APIs: one {@code POST /v1/prompts/{name}} operation per prompt, its
 * request schema the prompt's {@code input} (plus the reserved {@code version} and {@code stream}), its response
 * schema built around the prompt's {@code output}. Each prompt's schemas live under
 * {@code components.schemas}, their local {@code $ref}s rewritten to point there.
 */
public final class OpenApiDocument {
  private OpenApiDocument() {}

  public static ObjectNode build(List<Prompt> prompts) {
    ObjectNode root = Json.MAPPER.createObjectNode().put("openapi", "3.1.0");
    root.putObject("info").put("title", "Switchboard prompt APIs").put("version", "1")
        .put("description", "Prompts published as REST APIs. Call each with a tenant key: "
            + "Authorization: Bearer <key>. The body holds the prompt's variables; \"version\" pins a version, "
            + "\"stream\": true answers with server-sent events of text deltas.");
    root.putArray("servers").addObject().put("url", "/");
    root.putArray("security").addObject().putArray("bearer");
    ObjectNode components = root.putObject("components");
    components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
    ObjectNode schemas = components.putObject("schemas");
    schemas.set("Usage", usageSchema());
    schemas.set("Error", errorSchema());
    ObjectNode paths = root.putObject("paths");
    for (Prompt prompt : prompts) {
      PromptDefinition d = prompt.definition();
      String base = d.name();
      schemas.set(base + ".input", request(d, "#/components/schemas/" + base + ".input"));
      schemas.set(base + ".result", result(d, "#/components/schemas/" + base + ".result/properties/output"));
      ObjectNode post = paths.putObject("/v1/prompts/" + d.name()).putObject("post");
      post.put("operationId", "call_" + d.name().replace('-', '_'))
          .put("summary", d.description().isBlank() ? "Call the prompt " + d.name() : d.description())
          .put("description", "Prompt '" + d.name() + "' version " + d.version() + " on model '" + d.model() + "'.");
      post.putArray("tags").add("prompts");
      post.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
          .putObject("schema").put("$ref", "#/components/schemas/" + base + ".input");
      ObjectNode responses = post.putObject("responses");
      ObjectNode ok = responses.putObject("200").put("description", "The prompt's result");
      ObjectNode content = ok.putObject("content");
      content.putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + base + ".result");
      content.putObject("text/event-stream").putObject("schema").put("type", "string")
          .put("description", "With \"stream\": true: data lines of {\"type\":\"delta\",\"text\"} then {\"type\":\"done\",...}");
      for (Map.Entry<String, String> e : Map.of("400", "Invalid variables: every failing field is listed in errors",
          "401", "Missing or invalid key", "403", "The tenant may not call this prompt", "404", "No such prompt or version",
          "429", "Rate limit or budget", "502", "The upstream failed, or the reply did not satisfy the output schema",
          "503", "No healthy upstream").entrySet()) {
        responses.putObject(e.getKey()).put("description", e.getValue()).putObject("content")
            .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
      }
    }
    return root;
  }

  private static ObjectNode request(PromptDefinition d, String at) {
    ObjectNode schema = relocate(d.input(), at);
    schema.remove("$schema");
    ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
    properties.putObject("version").put("type", "integer").put("minimum", 1)
        .put("description", "Pin a version (default: the active one)");
    properties.putObject("stream").put("type", "boolean").put("description", "Answer with server-sent events");
    return schema;
  }

  private static ObjectNode result(PromptDefinition d, String outputAt) {
    ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    ArrayNode required = schema.putArray("required");
    List.of("id", "prompt", "version", "model", "output", "usage").forEach(required::add);
    ObjectNode p = schema.putObject("properties");
    p.putObject("id").put("type", "string");
    p.putObject("prompt").put("type", "string").put("const", d.name());
    p.putObject("version").put("type", "integer");
    p.putObject("model").put("type", "string");
    if (d.output() != null) {
      ObjectNode output = relocate(d.output(), outputAt);
      output.remove("$schema");
      p.set("output", output);
    } else {
      p.putObject("output").put("type", "string").put("description", "The model's reply text");
    }
    p.putObject("usage").put("$ref", "#/components/schemas/Usage");
    p.putObject("cost_usd").put("type", "string").put("description", "Exact cost in USD, a decimal string");
    return schema;
  }

  private static ObjectNode usageSchema() {
    ObjectNode usage = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode p = usage.putObject("properties");
    for (String field : List.of("prompt_tokens", "completion_tokens", "total_tokens")) {
      p.putObject(field).put("type", "integer");
    }
    return usage;
  }

  private static ObjectNode errorSchema() {
    ObjectNode error = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode inner = error.putObject("properties").putObject("error").put("type", "object").putObject("properties");
    inner.putObject("message").put("type", "string");
    inner.putObject("type").put("type", "string");
    inner.putObject("code").put("type", "string");
    inner.putObject("param").putArray("type").add("string").add("null");
    return error;
  }

  /** A copy of {@code schema} whose local references ({@code #/...}) point at its new place {@code at}. */
  private static ObjectNode relocate(ObjectNode schema, String at) {
    ObjectNode copy = schema.deepCopy();
    rewrite(copy, at);
    return copy;
  }

  private static void rewrite(JsonNode node, String at) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
        object.set("$ref", TextNode.valueOf(at + ref.asText().substring(1)));
      }
      for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
        rewrite(it.next(), at);
      }
    } else if (node.isArray()) {
      node.forEach(child -> rewrite(child, at));
    }
  }

}
