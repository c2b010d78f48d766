package dev.switchboard.provider.ollama;

import static dev.switchboard.provider.ollama.OllamaFixtures.deployment;
import static dev.switchboard.provider.ollama.OllamaFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.UpstreamRequest;
import org.junit.jupiter.api.Test;

/** The unified request as Ollama's {@code /api/chat} body, after the documented request examples. */
class OllamaRequestMappingTest {
  private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  private final OllamaAdapter adapter = new OllamaAdapter();

  private JsonNode sent(String json, boolean stream) throws Exception {
    UpstreamRequest up = adapter.chatRequest(request(json), deployment(), stream);
    return Json.MAPPER.readTree(up.body().getBytes());
  }

  private static JsonNode parse(String json) throws Exception {
    return Json.MAPPER.readTree(json);
  }

  @Test
  void plainRequestGoesToApiChatWithStreamAlwaysExplicit() throws Exception {
    UpstreamRequest up = adapter.chatRequest(request("{\"model\":\"local\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"why is the sky blue?\"}]}"), deployment(""), false);
    assertEquals("POST", up.method());
    assertEquals("http://127.0.0.1:11434/api/chat", up.url());
    assertFalse(up.headers().containsKey("authorization"), "no key, no auth header");
    assertEquals("application/json", up.headers().get("accept"));
    assertEquals(parse("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky blue?\"}],"
        + "\"stream\":false}"), Json.MAPPER.readTree(up.body().getBytes()));

    UpstreamRequest streamed = adapter.chatRequest(request("{\"model\":\"local\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        deployment(), true);
    JsonNode body = Json.MAPPER.readTree(streamed.body().getBytes());
    assertTrue(body.path("stream").asBoolean());
    assertFalse(body.has("stream_options"));
    assertEquals("application/x-ndjson", streamed.headers().get("accept"));
    assertEquals("Bearer " + OllamaFixtures.KEY, streamed.headers().get("authorization"));
  }

  @Test
  void samplingParametersBecomeOptions() throws Exception {
    JsonNode body = sent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.2,"
        + "\"top_p\":0.9,\"seed\":101,\"stop\":\"\\n\",\"max_completion_tokens\":64,\"presence_penalty\":1.5,"
        + "\"frequency_penalty\":1.0,\"user\":\"u-1\",\"logit_bias\":{\"50256\":-100}}", false);
    assertEquals(parse("{\"temperature\":0.2,\"top_p\":0.9,\"seed\":101,\"stop\":[\"\\n\"],\"num_predict\":64,"
        + "\"presence_penalty\":1.5,\"frequency_penalty\":1.0}"), body.path("options"));
    assertFalse(body.has("user"), "fields Ollama does not have are dropped");
    assertFalse(body.has("keep_alive"), "keep_alive is left to the server");
    assertEquals(32, sent("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":32}", false)
        .at("/options/num_predict").asInt());
  }

  @Test
  void rolesAndContentParts() throws Exception {
    JsonNode body = sent("{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"developer\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what is in this image?\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + PNG + "\"}},"
        + "{\"type\":\"text\",\"text\":\"one word\"}]}]}", false);
    assertEquals(parse("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"what is in this image?\\none word\",\"images\":[\"" + PNG + "\"]}]"),
        body.path("messages"));
  }

  @Test
  void anImageLinkIsRefusedNamingThePart() {
    GatewayError e = assertThrows(GatewayError.class, () -> adapter.chatRequest(request("{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}"), deployment(), false));
    assertEquals(400, e.status());
    assertEquals("messages[1].content[1].image_url", e.param());
    assertTrue(e.getMessage().contains("base64 data: URL"), e.getMessage());
  }

  @Test
  void otherPartTypesAndSeveralChoicesAreRefused() {
    GatewayError audio = assertThrows(GatewayError.class, () -> adapter.chatRequest(request("{\"model\":\"m\","
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\","
        + "\"format\":\"wav\"}}]}]}"), deployment(), false));
    assertEquals("messages[0].content[0].type", audio.param());
    GatewayError n = assertThrows(GatewayError.class, () -> adapter.chatRequest(request("{\"model\":\"m\",\"n\":2,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), deployment(), false));
    assertEquals("n", n.param());
  }

  @Test
  void toolsAndAToolCallRoundTrip() throws Exception {
    JsonNode body = sent("{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"What is the weather today in Paris?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_0\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_current_weather\",\"arguments\":\"{\\\"location\\\":\\\"Paris, FR\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_0\",\"content\":\"22 degrees, sunny\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\",\"description\":\"Get the weather\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]},"
        + "\"strict\":true}}],\"tool_choice\":\"auto\"}", false);
    assertEquals(parse("[{\"role\":\"user\",\"content\":\"What is the weather today in Paris?\"},"
        + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_current_weather\","
        + "\"arguments\":{\"location\":\"Paris, FR\"}}}]},"
        + "{\"role\":\"tool\",\"content\":\"22 degrees, sunny\",\"tool_name\":\"get_current_weather\"}]"),
        body.path("messages"));
    assertEquals(parse("[{\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\",\"description\":\"Get the weather\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"]}}}]"),
        body.path("tools"));
    assertFalse(body.has("tool_choice"));
  }

  @Test
  void toolChoiceNoneSendsNoToolsAndANamedFunctionOnlyThatOne() throws Exception {
    String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\",\"parameters\":{\"type\":\"object\"}}},"
        + "{\"type\":\"function\",\"function\":{\"name\":\"b\",\"parameters\":{\"type\":\"object\"}}}]";
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertFalse(sent("{\"model\":\"m\"," + messages + "," + tools + ",\"tool_choice\":\"none\"}", false).has("tools"));
    JsonNode named = sent("{\"model\":\"m\"," + messages + "," + tools
        + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"b\"}}}", false);
    assertEquals(1, named.path("tools").size());
    assertEquals("b", named.at("/tools/0/function/name").asText());
  }

  @Test
  void unreadableToolCallArgumentsAreRefused() {
    GatewayError e = assertThrows(GatewayError.class, () -> adapter.chatRequest(request("{\"model\":\"m\",\"messages\":["
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
        + "\"arguments\":\"{not json\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"x\"}]}"), deployment(), false));
    assertEquals("messages[0].tool_calls[0].function.arguments", e.param());
  }

  @Test
  void responseFormats() throws Exception {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Return age and availability as JSON.\"}]";
    assertEquals("json", sent("{\"model\":\"m\"," + messages + ",\"response_format\":{\"type\":\"json_object\"}}", false)
        .path("format").asText());
    String schema = "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"},\"available\":{\"type\":\"boolean\"}},"
        + "\"required\":[\"age\",\"available\"]}";
    JsonNode body = sent("{\"model\":\"m\"," + messages + ",\"response_format\":{\"type\":\"json_schema\","
        + "\"json_schema\":{\"name\":\"person\",\"strict\":true,\"schema\":" + schema + "}}}", false);
    assertEquals(parse(schema), body.path("format"));
    assertFalse(sent("{\"model\":\"m\"," + messages + ",\"response_format\":{\"type\":\"text\"}}", false).has("format"));
  }
}
