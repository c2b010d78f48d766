package dev.switchboard.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a JSON Schema (tool parameters, {@code response_format.json_schema.schema}) to the OpenAPI subset
 * Gemini's {@code Schema} accepts. Keywords outside that subset ({@code additionalProperties}, {@code $schema},
 * {@code strict}, {@code not}, {@code patternProperties}, ...) are dropped; local {@code $ref}s to
 * {@code #/$defs/...} or {@code #/definitions/...} are inlined; {@code "type": [T, "null"]} becomes
 * {@code type T, nullable: true}; an {@code allOf} of one schema is merged; {@code oneOf} becomes {@code anyOf}; {@code const} becomes a one-value
 * {@code enum}; an {@code enum} of non-strings and {@code format}s Gemini does not know are dropped.
 */
final class GeminiSchemas {
  private static final Set<String> KEPT = Set.of("type", "format", "title", "description", "nullable", "enum",
      "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength",
      "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
  private static final Map<String, Set<String>> FORMATS = Map.of(
      "string", Set.of("enum", "date-time"),
      "integer", Set.of("int32", "int64"),
      "number", Set.of("float", "double"));
  private static final int MAX_REF_DEPTH = 16;

  private GeminiSchemas() {}

  /**
   * The Gemini form of {@code schema}.
   *
   * @param param the request field the schema came from, named in errors
   * @throws GatewayError 400 when a {@code $ref} cannot be resolved or is recursive
   */
  static ObjectNode convert(JsonNode schema, String param) {
    return convert(schema, schema, param, 0);
  }

  private static ObjectNode convert(JsonNode node, JsonNode root, String param, int depth) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (!node.isObject()) {
      return out;
    }
    JsonNode schema = resolve(node, root, param, depth);
    int nextDepth = schema == node ? depth : depth + 1;
    JsonNode allOf = schema.path("allOf");
    if (allOf.isArray() && allOf.size() == 1) {
      out.setAll(convert(allOf.get(0), root, param, nextDepth));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      switch (key) {
        case "type" -> type(value, out);
        case "properties" -> {
          ObjectNode properties = out.putObject("properties");
          value.fields().forEachRemaining(p -> properties.set(p.getKey(), convert(p.getValue(), root, param, nextDepth)));
        }
        case "items" -> {
          if (value.isObject()) {
            out.set("items", convert(value, root, param, nextDepth));
          }
        }
        case "anyOf", "oneOf" -> {
          ArrayNode options = out.putArray("anyOf");
          value.forEach(option -> options.add(convert(option, root, param, nextDepth)));
        }
        case "const" -> {
          if (value.isTextual()) {
            out.putArray("enum").add(value);
          }
        }
        case "enum" -> {
          if (allText(value)) {
            out.set("enum", value);
          }
        }
        default -> {
          if (KEPT.contains(key)) {
            out.set(key, value);
          }
        }
      }
    }
    tidy(out);
    return out;
  }

  /** Follows a local {@code $ref}; a schema without one is returned as is. */
  private static JsonNode resolve(JsonNode node, JsonNode root, String param, int depth) {
    JsonNode ref = node.path("$ref");
    if (!ref.isTextual()) {
      return node;
    }
    if (depth >= MAX_REF_DEPTH) {
      throw GatewayError.invalidRequest(param, param + ": recursive $ref " + ref.asText()
          + " cannot be expressed in a Gemini schema");
    }
    String pointer = ref.asText();
    JsonNode target = pointer.startsWith("#/") ? root.at(pointer.substring(1)) : null;
    if (target == null || !target.isObject()) {
      throw GatewayError.invalidRequest(param, param + ": $ref " + pointer
          + " does not point into the schema's $defs or definitions");
    }
    return resolve(target, root, param, depth + 1);
  }

  private static void type(JsonNode value, ObjectNode out) {
    if (value.isTextual()) {
      out.put("type", value.asText());
      return;
    }
    List<String> types = new ArrayList<>();
    value.forEach(t -> {
      if (t.isTextual() && !"null".equals(t.asText())) {
        types.add(t.asText());
      } else if ("null".equals(t.asText())) {
        out.put("nullable", true);
      }
    });
    if (types.size() == 1) {
      out.put("type", types.get(0));
    } else if (types.size() > 1) {
      ArrayNode options = out.putArray("anyOf");
      types.forEach(t -> options.addObject().put("type", t));
    }
  }

  /** Removes what Gemini would reject in the combination just built. */
  private static void tidy(ObjectNode out) {
    if (out.has("enum") && !out.has("type")) {
      out.put("type", "string");
    }
    JsonNode format = out.path("format");
    if (format.isTextual() && !FORMATS.getOrDefault(out.path("type").asText(), Set.of()).contains(format.asText())) {
      out.remove("format");
    }
    JsonNode required = out.path("required");
    if (required.isArray()) {
      JsonNode properties = out.path("properties");
      ArrayNode known = Json.MAPPER.createArrayNode();
      required.forEach(name -> {
        if (properties.has(name.asText())) {
          known.add(name);
        }
      });
      if (known.isEmpty()) {
        out.remove("required");
      } else {
        out.set("required", known);
      }
    }
  }

  private static boolean allText(JsonNode values) {
    if (!values.isArray() || values.isEmpty()) {
      return false;
    }
    for (JsonNode v : values) {
      if (!v.isTextual()) {
        return false;
      }
    }
    return true;
  }
}
