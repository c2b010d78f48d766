package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.GatewayError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a prompt definition (from a {@code prompts/*.yaml} file or an admin publish) and checks every part:
 * name, model, params, message templates (every variable they use must be declared in {@code input}), the
 * input and output schemas, and the tenants. All problems are reported at once, each with its key path.
 */
public final class PromptParser {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final Set<String> KEYS = Set.of("name", "version", "description", "model", "params", "messages",
      "input", "output", "tenants");
  private static final Set<String> PARAMS = Set.of("temperature", "top_p", "max_tokens", "max_completion_tokens",
      "presence_penalty", "frequency_penalty", "seed", "stop", "n", "user");
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

  private PromptParser() {}

  /**
   * Parses one definition.
   *
   * @param node        the definition as a JSON tree
   * @param nameFromUrl the name given by the URL of an admin publish, or null for a file (which names itself)
   * @param knownModel  whether a public model name is configured
   * @param source      {@code api} or {@code file:<path>}
   * @throws PromptException listing every problem
   */
  public static Prompt parse(JsonNode node, String nameFromUrl, Predicate<String> knownModel, String source) {
    List<PromptException.Problem> problems = new ArrayList<>();
    if (node == null || !node.isObject()) {
      throw new PromptException(List.of(new PromptException.Problem("(body)", "a prompt definition is a JSON object")));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        problems.add(new PromptException.Problem(key, "unknown key (expected one of " + String.join(", ",
            KEYS.stream().sorted().toList()) + ")"));
      }
    }
    String name = nameFromUrl != null ? nameFromUrl : text(node, "name", problems, true);
    if (nameFromUrl != null && node.has("name") && !nameFromUrl.equals(node.path("name").asText())) {
      problems.add(new PromptException.Problem("name", "'" + node.path("name").asText()
          + "' differs from the name in the URL '" + nameFromUrl + "'"));
    }
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add(new PromptException.Problem("name", "'" + name + "' must be 1-64 of a-z, 0-9, '_' and '-', "
          + "starting with a letter or digit"));
    }
    int version = 1;
    if (nameFromUrl == null) {
      JsonNode v = node.path("version");
      if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
        problems.add(new PromptException.Problem("version", "required: a whole number from 1"));
      } else {
        version = v.asInt();
      }
    }
    String model = text(node, "model", problems, true);
    if (model != null && !knownModel.test(model)) {
      problems.add(new PromptException.Problem("model", "unknown model '" + model + "' (not in the configuration's models)"));
    }
    ObjectNode params = params(node.path("params"), problems);
    ObjectNode input = inputSchema(node.path("input"), problems);
    JsonSchema inputSchema = input == null ? null : Schemas.compile(input, "input", problems);
    JsonSchema outputSchema = null;
    ObjectNode output = null;
    if (node.has("output") && !node.path("output").isNull()) {
      if (!node.path("output").isObject()) {
        problems.add(new PromptException.Problem("output", "must be a JSON Schema object"));
      } else {
        output = (ObjectNode) node.path("output").deepCopy();
        outputSchema = Schemas.compile(output, "output", problems);
      }
    }
    List<PromptDefinition.MessageTemplate> messages = new ArrayList<>();
    List<Template> templates = new ArrayList<>();
    messages(node.path("messages"), input, messages, templates, problems);
    List<String> tenants = tenants(node.path("tenants"), problems);
    if (!problems.isEmpty()) {
      throw new PromptException(problems);
    }
    PromptDefinition definition = new PromptDefinition(name, version, node.path("description").asText(""), model,
        params, messages, input, output, tenants, source, Instant.now());
    return new Prompt(definition, templates, inputSchema, outputSchema);
  }

  private static String text(JsonNode node, String field, List<PromptException.Problem> problems, boolean required) {
    JsonNode value = node.path(field);
    if (value.isTextual() && !value.asText().isBlank()) {
      return value.asText();
    }
    if (required || !value.isMissingNode()) {
      problems.add(new PromptException.Problem(field, required ? "required: a non-empty string" : "must be a string"));
    }
    return null;
  }

  private static ObjectNode params(JsonNode node, List<PromptException.Problem> problems) {
    if (node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      problems.add(new PromptException.Problem("params", "must be an object of chat parameters"));
      return JsonNodeFactory.instance.objectNode();
    }
    int before = problems.size();
    node.fieldNames().forEachRemaining(k -> {
      if (!PARAMS.contains(k)) {
        problems.add(new PromptException.Problem("params." + k, "unknown parameter (expected one of "
            + String.join(", ", PARAMS.stream().sorted().toList()) + ")"));
      }
    });
    if (problems.size() == before) {
      ObjectNode trial = JsonNodeFactory.instance.objectNode().put("model", "m");
      trial.putArray("messages").addObject().put("role", "user").put("content", "x");
      trial.setAll((ObjectNode) node.deepCopy());
      try {
        ChatRequestParser.parse(trial.toString().getBytes(StandardCharsets.UTF_8));
      } catch (GatewayError e) {
        problems.add(new PromptException.Problem("params" + (e.param() == null ? "" : "." + e.param()), e.getMessage()));
      }
    }
    return node.deepCopy();
  }

  private static ObjectNode inputSchema(JsonNode node, List<PromptException.Problem> problems) {
    if (node.isMissingNode() || node.isNull()) {
      ObjectNode none = JsonNodeFactory.instance.objectNode().put("type", "object");
      none.putObject("properties");
      return none.put("additionalProperties", false);
    }
    if (!node.isObject() || !"object".equals(node.path("type").asText())) {
      problems.add(new PromptException.Problem("input", "must be a JSON Schema with \"type\": \"object\""));
      return null;
    }
    ObjectNode schema = node.deepCopy();
    if (!schema.has("additionalProperties")) {
      schema.put("additionalProperties", false);
    }
    return schema;
  }

  private static void messages(JsonNode node, ObjectNode input, List<PromptDefinition.MessageTemplate> messages,
                               List<Template> templates, List<PromptException.Problem> problems) {
    if (!node.isArray() || node.isEmpty()) {
      problems.add(new PromptException.Problem("messages", "required: a non-empty list of {role, content}"));
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      String at = "messages[" + i + "]";
      String role = m.path("role").asText("");
      if (!ROLES.contains(role)) {
        problems.add(new PromptException.Problem(at + ".role", "must be one of assistant, developer, system, user"));
      }
      if (!m.path("content").isTextual()) {
        problems.add(new PromptException.Problem(at + ".content", "required: a template string"));
        continue;
      }
      try {
        Template template = Template.parse(m.path("content").asText());
        if (input != null) {
          for (String variable : template.variables()) {
            if (!input.path("properties").has(variable)) {
              problems.add(new PromptException.Problem(at + ".content", "uses {{" + variable
                  + "}} which input.properties does not declare"));
            }
          }
        }
        messages.add(new PromptDefinition.MessageTemplate(role, m.path("content").asText()));
        templates.add(template);
      } catch (IllegalArgumentException e) {
        problems.add(new PromptException.Problem(at + ".content", e.getMessage()));
      }
    }
  }

  private static List<String> tenants(JsonNode node, List<PromptException.Problem> problems) {
    List<String> out = new ArrayList<>();
    if (!node.isArray() || node.isEmpty()) {
      problems.add(new PromptException.Problem("tenants", "required: the tenants allowed to call it, or [\"*\"] for all"));
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
        problems.add(new PromptException.Problem("tenants[" + i + "]", "must be a tenant id or \"*\""));
      } else {
        out.add(node.get(i).asText());
      }
    }
    return out;
  }
}
