package dev.switchboard.provider.cohere;

import static dev.switchboard.provider.cohere.CohereFixtures.KEY;
import static dev.switchboard.provider.cohere.CohereFixtures.bytes;
import static dev.switchboard.provider.cohere.CohereFixtures.deployment;
import static dev.switchboard.provider.cohere.CohereFixtures.json;
import static dev.switchboard.provider.cohere.CohereFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CohereRequestMappingTest {
  private final CohereAdapter adapter = new CohereAdapter();

  private JsonNode sent(String clientJson, boolean stream) {
    return json(adapter.chatRequest(request(clientJson), deployment(), stream).body());
  }

  private static String withUser(String extraFields) {
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + extraFields + "}";
  }

  private static final String WEATHER_TOOLS = ",\"tools\":["
      + "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}},"
      + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"description\":\"Local time\"}}]";

  @Test
  void theWholeRequestIsTranslatedToTheV2ChatBody() throws Exception {
    UpstreamRequest up = adapter.chatRequest(request(new String(bytes("request-openai.json"), StandardCharsets.UTF_8)),
        deployment(), false);

    assertEquals("POST", up.method());
    assertEquals("http://127.0.0.1:9/v2/chat", up.url());
    assertEquals("Bearer " + KEY, up.headers().get("authorization"));
    assertEquals("application/json", up.headers().get("content-type"));
    assertEquals("application/json", up.headers().get("accept"));
    assertEquals(Json.MAPPER.readTree(bytes("request-cohere.json")), json(up.body()),
        "OpenAI-only fields (parallel_tool_calls, logit_bias, user) are dropped, Cohere extras (k, safety_mode) kept");
  }

  @Test
  void streamedRequestsAskForSse() {
    UpstreamRequest up = adapter.chatRequest(request(withUser(",\"stream\":true,\"stream_options\":{\"include_usage\":true}")),
        deployment(), true);
    JsonNode body = json(up.body());
    assertTrue(body.path("stream").asBoolean());
    assertFalse(body.has("stream_options"));
    assertEquals("text/event-stream", up.headers().get("accept"));
    assertFalse(sent(withUser(""), false).has("stream"), "a non-streamed call sends no stream flag");
  }

  @Test
  void baseUrlWithATrailingSlash() {
    UpstreamRequest up = adapter.chatRequest(request(withUser("")), deployment("http://127.0.0.1:9/"), false);
    assertEquals("http://127.0.0.1:9/v2/chat", up.url());
  }

  @Test
  void toolChoiceModes() {
    assertEquals("REQUIRED", sent(withUser(WEATHER_TOOLS + ",\"tool_choice\":\"required\""), false).path("tool_choice").asText());
    assertEquals("NONE", sent(withUser(WEATHER_TOOLS + ",\"tool_choice\":\"none\""), false).path("tool_choice").asText());
    JsonNode auto = sent(withUser(WEATHER_TOOLS + ",\"tool_choice\":\"auto\""), false);
    assertFalse(auto.has("tool_choice"), "auto is Cohere's default");
    assertEquals(2, auto.path("tools").size());
    assertEquals("Local time", auto.path("tools").get(1).path("function").path("description").asText());
    assertFalse(auto.path("tools").get(1).path("function").has("parameters"));
    assertFalse(sent(withUser(",\"tool_choice\":\"none\""), false).has("tool_choice"), "no tools, no tool_choice");
  }

  @Test
  void aNamedFunctionChoiceOffersOnlyThatFunctionAndRequiresIt() {
    JsonNode body = sent(withUser(WEATHER_TOOLS
        + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}"), false);
    assertEquals(1, body.path("tools").size());
    assertEquals("get_time", body.path("tools").get(0).path("function").path("name").asText());
    assertEquals("REQUIRED", body.path("tool_choice").asText());
  }

  @Test
  void strictFunctionsTurnOnStrictTools() {
    JsonNode body = sent(withUser(",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":true,"
        + "\"parameters\":{\"type\":\"object\"}}}]"), false);
    assertTrue(body.path("strict_tools").asBoolean());
    assertFalse(body.path("tools").get(0).path("function").has("strict"));
  }

  @Test
  void responseFormats() throws Exception {
    assertEquals(Json.MAPPER.readTree("{\"type\":\"json_object\"}"),
        sent(withUser(",\"response_format\":{\"type\":\"json_object\"}"), false).path("response_format"));
    JsonNode schema = sent(withUser(",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\","
        + "\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
        + "\"required\":[\"name\"]}}}"), false).path("response_format");
    assertEquals(Json.MAPPER.readTree("{\"type\":\"json_object\",\"json_schema\":{\"type\":\"object\","
        + "\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}"), schema);
    assertFalse(sent(withUser(",\"response_format\":{\"type\":\"text\"}"), false).has("response_format"));
  }

  @Test
  void samplingParameters() {
    JsonNode body = sent(withUser(",\"max_tokens\":64,\"top_p\":0.001,\"stop\":\"END\",\"seed\":7"), false);
    assertEquals(64, body.path("max_tokens").asInt());
    assertEquals(0.01, body.path("p").asDouble(), 1e-12, "top_p is clamped into Cohere's 0.01..0.99");
    assertEquals("END", body.path("stop_sequences").get(0).asText());
    assertEquals(7, body.path("seed").asLong());
    assertEquals(0.5, sent(withUser(",\"top_p\":0.5"), false).path("p").asDouble(), 1e-12);
    JsonNode plain = sent(withUser(""), false);
    for (String absent : new String[] {"temperature", "max_tokens", "p", "seed", "stop_sequences", "tools"}) {
      assertFalse(plain.has(absent), absent + " is only sent when the client set it");
    }
  }

  @Test
  void anAssistantRefusalAndEmptyToolArgumentsAreKept() {
    JsonNode messages = sent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
        + "{\"role\":\"assistant\",\"refusal\":\"I cannot help with that.\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":[{\"type\":\"text\",\"text\":\"12:00\"}]}]}", false)
        .path("messages");
    assertEquals("I cannot help with that.", messages.get(1).path("content").asText());
    assertEquals("{}", messages.get(2).path("tool_calls").get(0).path("function").path("arguments").asText());
    assertFalse(messages.get(2).has("tool_plan"));
    assertEquals("12:00", messages.get(3).path("content").asText());
  }

  @Test
  void requestsCohereCannotExpressAreRefusedNamingTheField() {
    GatewayError n = assertThrows(GatewayError.class, () -> sent(withUser(",\"n\":2"), false));
    assertEquals(400, n.status());
    assertEquals("n", n.param());

    GatewayError audio = assertThrows(GatewayError.class, () -> sent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\","
        + "\"format\":\"wav\"}}]}]}", false));
    assertEquals("messages[0].content[1].type", audio.param());

    GatewayError systemImage = assertThrows(GatewayError.class, () -> sent("{\"model\":\"m\",\"messages\":[{\"role\":"
        + "\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}]},"
        + "{\"role\":\"user\",\"content\":\"hi\"}]}", false));
    assertEquals("messages[0].content[0].type", systemImage.param());

    GatewayError function = assertThrows(GatewayError.class, () -> sent("{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"function\",\"name\":\"f\",\"content\":\"1\"}]}", false));
    assertEquals("messages[1].role", function.param());
    assertTrue(function.getMessage().contains("tool"), function.getMessage());
  }
}
