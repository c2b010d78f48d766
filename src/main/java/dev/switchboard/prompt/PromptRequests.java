package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a prompt call into a chat request: reads the call's body (the variables, plus the reserved
 * {@code version} and {@code stream}), fills in defaults, validates the variables against the input schema
 * (every failing field reported), renders the message templates, and adds the prompt's params and, when it
 * has an output schema, the request for JSON.
 */
public final class PromptRequests {
  /** A parsed call: the variables, the pinned version (or null) and whether to stream. */
  public record Call(ObjectNode variables, Integer version, boolean stream) {}

  private PromptRequests() {}

  /**
   * Reads a call's body.
   *
   * @throws GatewayError 400 when the body is not a JSON object or {@code version}/{@code stream} have the wrong type
   */
  public static Call call(byte[] body) {
    JsonNode node;
    try {
      node = body == null || body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw GatewayError.invalidRequest(null, "the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw GatewayError.invalidRequest(null, "the body must be a JSON object of the prompt's variables");
    }
    ObjectNode variables = ((ObjectNode) node).deepCopy();
    JsonNode version = variables.remove("version");
    JsonNode stream = variables.remove("stream");
    if (version != null && !(version.isIntegralNumber() && version.canConvertToInt() && version.asInt() >= 1)) {
      throw GatewayError.invalidRequest("version", "version: must be a whole number from 1");
    }
    if (stream != null && !stream.isBoolean()) {
      throw GatewayError.invalidRequest("stream", "stream: must be true or false");
    }
    return new Call(variables, version == null ? null : version.asInt(), stream != null && stream.asBoolean());
  }

  /**
   * The chat request for {@code prompt} with {@code variables}.
   *
   * @param askForJsonSchema whether every deployment of the model takes a JSON Schema response format
   * @throws GatewayError 400 {@code invalid_variables} listing every failing field and why
   */
  public static ChatRequest render(Prompt prompt, ObjectNode variables, boolean stream, boolean askForJsonSchema) {
    PromptDefinition d = prompt.definition();
    ObjectNode values = Schemas.withDefaults(d.input(), variables);
    List<PromptException.Problem> problems = Schemas.validate(prompt.input(), values, "");
    if (!problems.isEmpty()) {
      throw invalid("invalid_variables", "prompt '" + d.name() + "' version " + d.version() + ": ", problems);
    }
    ObjectNode request = Json.MAPPER.createObjectNode().put("model", d.model());
    request.setAll(d.params().deepCopy());
    ArrayNode messages = request.putArray("messages");
    for (int i = 0; i < d.messages().size(); i++) {
      messages.addObject().put("role", d.messages().get(i).role()).put("content", prompt.templates().get(i).render(values));
    }
    if (d.output() != null) {
      messages.addObject().put("role", "system").put("content",
          "Reply with only a JSON value, no other text, that conforms to this JSON Schema: " + d.output());
      if (askForJsonSchema) {
        ObjectNode format = request.putObject("response_format").put("type", "json_schema");
        format.putObject("json_schema").put("name", d.name().replace('-', '_')).put("strict", false)
            .set("schema", d.output().deepCopy());
      }
    }
    if (stream) {
      request.put("stream", true);
      request.putObject("stream_options").put("include_usage", true);
    }
    return ChatRequestParser.parse(request.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The follow-up request after a reply that failed the output schema: the reply, and what was wrong with it. */
  public static ChatRequest retry(ChatRequest first, String reply, List<PromptException.Problem> problems) {
    ObjectNode request = Json.MAPPER.valueToTree(first);
    ArrayNode messages = (ArrayNode) request.get("messages");
    messages.addObject().put("role", "assistant").put("content", reply);
    messages.addObject().put("role", "user").put("content", "That reply does not satisfy the required JSON Schema ("
        + String.join("; ", problems.stream().map(PromptException.Problem::toString).toList())
        + "). Reply again with only the corrected JSON.");
    return ChatRequestParser.parse(request.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a reply as JSON (inside a ``` fence or not) and validates it; the problems, or none. */
  public static List<PromptException.Problem> checkOutput(Prompt prompt, String reply, JsonNode[] parsed) {
    String text = reply == null ? "" : reply.strip();
    if (text.startsWith("```")) {
      int firstLine = text.indexOf('\n');
      int fenceEnd = text.lastIndexOf("```");
      text = firstLine > 0 && fenceEnd > firstLine ? text.substring(firstLine + 1, fenceEnd).strip() : text;
    }
    try {
      parsed[0] = Json.MAPPER.readTree(text);
    } catch (Exception e) {
      parsed[0] = null;
    }
    if (parsed[0] == null || parsed[0].isMissingNode()) {
      return List.of(new PromptException.Problem("output", "the reply is not JSON"));
    }
    return Schemas.validate(prompt.output(), parsed[0], "output");
  }

  /** A 400 listing every problem: in the message, and as {@code errors: [{field, message}]}. */
  public static GatewayError invalid(String code, String prefix, List<PromptException.Problem> problems) {
    List<Map<String, String>> errors = new ArrayList<>();
    problems.forEach(p -> errors.add(Map.of("field", p.field(), "message", p.message())));
    return new GatewayError(400, "invalid_request_error", code, problems.get(0).field(),
        prefix + String.join("; ", problems.stream().map(PromptException.Problem::toString).toList()), Map.of(),
        Map.of("errors", errors));
  }
}
