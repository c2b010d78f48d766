package dev.switchboard.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reading prompt definitions, validating variables against the input schema, and rendering the chat request. */
class PromptDefinitionTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String SUMMARIZE = """
      name: summarize
      version: 2
      description: Summarize a text in bullet points
      model: demo
      params: { temperature: 0.2, max_tokens: 200 }
      messages:
        - { role: system, content: "You summarize. Audience: {{audience}}." }
        - { role: user, content: "Summarize in {{bullets}} bullets:\\n{{text}}" }
      input:
        type: object
        properties:
          text: { type: string, minLength: 1, maxLength: 1000 }
          bullets: { type: integer, minimum: 1, maximum: 10, default: 3 }
          audience: { type: string, enum: [ experts, beginners ], default: beginners }
        required: [ text ]
      tenants: [ acme ]
      """;

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Prompt parse(String yaml) {
    return PromptParser.parse(yaml(yaml), null, m -> m.equals("demo"), "file:test.yaml");
  }

  static Map<String, String> problems(PromptException e) {
    return e.problems().stream().collect(Collectors.toMap(PromptException.Problem::field,
        PromptException.Problem::message, (a, b) -> a + " | " + b));
  }

  @Test
  void aGoodDefinitionParses() {
    Prompt p = parse(SUMMARIZE);
    assertEquals("summarize", p.name());
    assertEquals(2, p.version());
    assertTrue(p.definition().allows("acme"));
    assertEquals(false, p.definition().allows("other"));
    assertEquals(false, p.definition().input().path("additionalProperties").asBoolean(true),
        "extra variables are refused unless the schema allows them");
  }

  @Test
  void everyProblemIsReportedWithItsKeyPath() {
    PromptException e = assertThrows(PromptException.class, () -> parse("""
        name: Bad Name
        model: nope
        params: { temprature: 1, max_tokens: -5 }
        messages:
          - { role: robot, content: "{{7*7}}" }
          - { role: user, content: "Hi {{undeclared}}" }
          - { role: user }
        input: { type: object, properties: { x: { type: string } } }
        output: { $ref: "https://example.com/schema.json" }
        colour: blue
        """));
    Map<String, String> p = problems(e);
    assertTrue(p.get("name").contains("must be 1-64 of a-z"), p.toString());
    assertTrue(p.get("version").contains("required"), p.toString());
    assertTrue(p.get("model").contains("unknown model 'nope'"), p.toString());
    assertTrue(p.get("params.temprature").contains("unknown parameter"), p.toString());
    assertTrue(p.get("messages[0].role").contains("must be one of"), p.toString());
    assertTrue(p.get("messages[0].content").contains("'{{7*7}}'"), p.toString());
    assertTrue(p.get("messages[1].content").contains("{{undeclared}} which input.properties does not declare"), p.toString());
    assertTrue(p.get("messages[2].content").contains("required"), p.toString());
    assertTrue(p.get("output.$ref").contains("only references inside the schema"), p.toString());
    assertTrue(p.get("tenants").contains("required"), p.toString());
    assertTrue(p.get("colour").contains("unknown key"), p.toString());
  }

  @Test
  void paramValuesAreCheckedLikeAChatRequest() {
    PromptException e = assertThrows(PromptException.class, () -> parse(SUMMARIZE.replace("temperature: 0.2", "temperature: 7")));
    assertTrue(problems(e).keySet().stream().anyMatch(k -> k.startsWith("params")), e.problems().toString());
  }

  @Test
  void variablesGetDefaultsAndAreRendered() {
    Prompt p = parse(SUMMARIZE);
    ObjectNode vars = Json.MAPPER.createObjectNode().put("text", "Line one.\r\nLine two ${x} {{audience}}");
    ChatRequest request = PromptRequests.render(p, vars, false, true);
    assertEquals("demo", request.model());
    assertEquals(0.2, request.temperature());
    assertEquals(200, request.maxTokens());
    assertEquals("You summarize. Audience: beginners.", request.messages().get(0).textContent());
    assertEquals("Summarize in 3 bullets:\nLine one.\r\nLine two ${x} {{audience}}", request.messages().get(1).textContent());
    assertNull(request.responseFormat(), "no output schema, no JSON mode");
  }

  @Test
  void badVariablesAreA400ListingEveryFailingField() {
    Prompt p = parse(SUMMARIZE);
    ObjectNode vars = Json.MAPPER.createObjectNode().put("bullets", 50).put("audience", "kids").put("colour", "red");
    GatewayError e = assertThrows(GatewayError.class, () -> PromptRequests.render(p, vars, false, true));
    assertEquals(400, e.status());
    assertEquals("invalid_variables", e.code());
    @SuppressWarnings("unchecked")
    List<Map<String, String>> errors = (List<Map<String, String>>) e.details().get("errors");
    Map<String, String> byField = errors.stream().collect(Collectors.toMap(m -> m.get("field"), m -> m.get("message"),
        (a, b) -> a + " | " + b));
    assertEquals(List.of("audience", "bullets", "colour", "text").stream().sorted().toList(),
        byField.keySet().stream().sorted().toList(), byField.toString());
    assertTrue(byField.get("bullets").contains("10"), byField.toString());
    assertEquals("is required", byField.get("text"));
    assertTrue(byField.get("colour").contains("not defined"), byField.toString());
    assertTrue(e.getMessage().contains("bullets") && e.getMessage().contains("text"), e.getMessage());
  }

  @Test
  void anOutputSchemaAsksForJsonAndChecksTheReply() {
    Prompt p = parse(SUMMARIZE.replace("tenants: [ acme ]", """
        tenants: [ "*" ]
        output:
          type: object
          properties: { bullets: { type: array, items: { type: string }, minItems: 1 } }
          required: [ bullets ]
        """));
    ChatRequest request = PromptRequests.render(p, Json.MAPPER.createObjectNode().put("text", "t"), false, true);
    assertEquals("json_schema", request.responseFormat().type());
    assertTrue(request.messages().get(request.messages().size() - 1).textContent().contains("JSON Schema"));
    ChatRequest plain = PromptRequests.render(p, Json.MAPPER.createObjectNode().put("text", "t"), false, false);
    assertNull(plain.responseFormat(), "deployments without JSON Schema support get the instruction only");

    JsonNode[] parsed = new JsonNode[1];
    assertTrue(PromptRequests.checkOutput(p, "```json\n{\"bullets\":[\"a\"]}\n```", parsed).isEmpty());
    assertEquals("a", parsed[0].path("bullets").path(0).asText());
    assertEquals("the reply is not JSON", PromptRequests.checkOutput(p, "Sure! Here you go", parsed).get(0).message());
    List<PromptException.Problem> wrong = PromptRequests.checkOutput(p, "{\"bullets\":[]}", parsed);
    assertEquals("output.bullets", wrong.get(0).field());
  }

  @Test
  void reservedCallFieldsAreTakenOut() {
    PromptRequests.Call call = PromptRequests.call("{\"text\":\"x\",\"version\":2,\"stream\":true}".getBytes());
    assertEquals(2, call.version());
    assertTrue(call.stream());
    assertEquals(List.of("text"), List.copyOf(iterable(call.variables().fieldNames())));
    assertEquals("version", assertThrows(GatewayError.class,
        () -> PromptRequests.call("{\"version\":\"2\"}".getBytes())).param());
    assertEquals(400, assertThrows(GatewayError.class, () -> PromptRequests.call("[1]".getBytes())).status());
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
