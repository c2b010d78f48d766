package dev.switchboard.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema (2020-12) for prompt inputs and outputs. Schemas are self-contained: a {@code $ref} must point
 * inside the schema ({@code #...}) and {@code $schema} may only name a dialect the validator ships, so validating
 * never reaches the network or the file system. Errors come back one per failing field, sorted by field.
 */
final class Schemas {
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final Set<String> DIALECTS = Set.of("https://json-schema.org/draft/2020-12/schema",
      "https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-07/schema#",
      "http://json-schema.org/draft-07/schema");

  private Schemas() {}

  /**
   * Compiles a schema, adding a problem at {@code field} when it is not a usable, self-contained JSON Schema.
   *
   * @return the compiled schema, or null after adding a problem
   */
  static JsonSchema compile(JsonNode schema, String field, List<PromptException.Problem> problems) {
    int before = problems.size();
    checkSelfContained(schema, field, problems);
    if (problems.size() > before) {
      return null;
    }
    try {
      JsonSchema compiled = FACTORY.getSchema(schema);
      compiled.initializeValidators();
      return compiled;
    } catch (JsonSchemaException | IllegalArgumentException e) {
      problems.add(new PromptException.Problem(field, "not a valid JSON Schema: " + e.getMessage()));
      return null;
    }
  }

  private static void checkSelfContained(JsonNode node, String path, List<PromptException.Problem> problems) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = path + "." + e.getKey();
        if (e.getKey().equals("$ref") && !(e.getValue().isTextual() && e.getValue().asText().startsWith("#"))) {
          problems.add(new PromptException.Problem(at, "only references inside the schema (#/...) are allowed"));
        } else if (e.getKey().equals("$schema") && !(e.getValue().isTextual() && DIALECTS.contains(e.getValue().asText()))) {
          problems.add(new PromptException.Problem(at, "unsupported dialect (use " + DIALECTS.iterator().next() + ")"));
        } else {
          checkSelfContained(e.getValue(), at, problems);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkSelfContained(node.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  /** Fills in the {@code default} of each top-level property the values leave out; returns a new object. */
  static ObjectNode withDefaults(ObjectNode schema, ObjectNode values) {
    ObjectNode out = values.deepCopy();
    schema.path("properties").fields().forEachRemaining(p -> {
      if (!out.has(p.getKey()) && p.getValue().has("default")) {
        out.set(p.getKey(), p.getValue().get("default").deepCopy());
      }
    });
    return out;
  }

  /** Validates {@code value}; one problem per failure, the field named by its path below {@code root}. */
  static List<PromptException.Problem> validate(JsonSchema schema, JsonNode value, String root) {
    List<PromptException.Problem> out = new ArrayList<>();
    for (ValidationMessage m : schema.validate(value)) {
      String location = m.getInstanceLocation().toString();
      String field = location.equals("$") ? "" : location.startsWith("$.") ? location.substring(2) : location.substring(1);
      boolean namesProperty = "required".equals(m.getType()) || "additionalProperties".equals(m.getType());
      if (namesProperty && m.getProperty() != null) {
        field = field.isEmpty() ? m.getProperty() : field + "." + m.getProperty();
      }
      String message = m.getMessage();
      int colon = message.indexOf(": ");
      if (colon > 0 && message.startsWith("$")) {
        message = message.substring(colon + 2);
      }
      if ("additionalProperties".equals(m.getType())) {
        message = "is not defined by the schema, which allows no other properties";
      } else if ("required".equals(m.getType())) {
        message = "is required";
      }
      String named = root.isEmpty() ? field : field.isEmpty() ? root : root + "." + field;
      out.add(new PromptException.Problem(named.isEmpty() ? "(body)" : named, message));
    }
    out.sort(Comparator.comparing(PromptException.Problem::field).thenComparing(PromptException.Problem::message));
    return out;
  }
}
