package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.api.GatewayError;
import org.junit.jupiter.api.Test;

/** JSON Schema → the OpenAPI subset Gemini's {@code Schema} accepts. */
class GeminiSchemasTest {

  @Test
  void nullableTypesConstantsAndOneOfAreRewritten() {
    assertEquals(json("{\"type\":\"object\",\"properties\":{"
            + "\"nickname\":{\"type\":\"string\",\"nullable\":true},"
            + "\"kind\":{\"enum\":[\"cat\"],\"type\":\"string\"},"
            + "\"id\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]},"
            + "\"born\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"email\":{\"type\":\"string\"},"
            + "\"size\":{\"type\":\"integer\"}},\"required\":[\"kind\"]}"),
        GeminiSchemas.convert(json("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
            + "\"additionalProperties\":false,\"properties\":{"
            + "\"nickname\":{\"type\":[\"string\",\"null\"]},"
            + "\"kind\":{\"const\":\"cat\"},"
            + "\"id\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]},"
            + "\"born\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"email\":{\"type\":\"string\",\"format\":\"email\"},"
            + "\"size\":{\"type\":\"integer\",\"enum\":[1,2,3],\"not\":{\"const\":2}}},"
            + "\"required\":[\"kind\",\"ghost\"]}"), "p"));
  }

  @Test
  void localReferencesAreInlined() {
    assertEquals(json("{\"type\":\"object\",\"properties\":{\"steps\":{\"type\":\"array\",\"items\":"
            + "{\"type\":\"object\",\"properties\":{\"explanation\":{\"type\":\"string\"},\"output\":{\"type\":\"string\"}},"
            + "\"required\":[\"explanation\",\"output\"]}},"
            + "\"final\":{\"type\":\"string\",\"description\":\"The answer\"}},\"required\":[\"steps\",\"final\"]}"),
        GeminiSchemas.convert(json("{\"$defs\":{\"Step\":{\"type\":\"object\",\"properties\":{"
            + "\"explanation\":{\"type\":\"string\"},\"output\":{\"type\":\"string\"}},"
            + "\"required\":[\"explanation\",\"output\"],\"additionalProperties\":false},"
            + "\"Answer\":{\"type\":\"string\"}},"
            + "\"type\":\"object\",\"properties\":{\"steps\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Step\"}},"
            + "\"final\":{\"allOf\":[{\"$ref\":\"#/$defs/Answer\"}],\"description\":\"The answer\"}},"
            + "\"required\":[\"steps\",\"final\"]}"), "p"));
  }

  @Test
  void recursiveOrDanglingReferencesAreAClearError() {
    GatewayError recursive = assertThrows(GatewayError.class, () -> GeminiSchemas.convert(json(
        "{\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"children\":{\"type\":\"array\","
            + "\"items\":{\"$ref\":\"#/$defs/Node\"}}}}},\"$ref\":\"#/$defs/Node\"}"), "tools[0].function.parameters"));
    assertEquals(400, recursive.status());
    assertEquals("tools[0].function.parameters", recursive.param());

    GatewayError dangling = assertThrows(GatewayError.class, () -> GeminiSchemas.convert(json(
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/Missing\"}}}"), "p"));
    assertEquals("p", dangling.param());
  }
}
