package dev.switchboard.provider.anthropic;

import static dev.switchboard.provider.anthropic.AnthropicFixtures.KEY;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.MODEL;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.deployment;
import static dev.switchboard.provider.anthropic.AnthropicFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.api.Json;
import dev.switchboard.provider.Deployment;
import dev.switchboard.provider.UpstreamRequest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** How an OpenAI chat request becomes an Anthropic Messages API request. */
class AnthropicRequestMappingTest {
  private static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
      + "\"Current weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}}";
  private final AnthropicAdapter adapter = new AnthropicAdapter();

  private JsonNode sent(String json) {
    return sent(json, deployment());
  }

  private JsonNode sent(String json, Deployment deployment) {
    return sent(json, deployment, false);
  }

  private JsonNode sent(String json, Deployment deployment, boolean stream) {
    try {
      return Json.MAPPER.readTree(adapter.chatRequest(request(json), deployment, stream).body().getBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String chat(String messages, String more) {
    return "{\"model\":\"claude\",\"messages\":[" + messages + "]" + (more.isEmpty() ? "" : "," + more) + "}";
  }

  private static String user(String text) {
    return "{\"role\":\"user\",\"content\":\"" + text + "\"}";
  }

  private static GatewayError refused(String json) {
    return assertThrows(GatewayError.class, () -> new AnthropicAdapter().chatRequest(request(json), deployment(), false));
  }

  private static JsonNode tree(String json) throws Exception {
    return Json.MAPPER.readTree(json);
  }

  @Test
  void urlHeadersAndVersion() {
    UpstreamRequest up = adapter.chatRequest(request(chat(user("hi"), "")), deployment(), false);
    assertEquals("http://127.0.0.1:9/v1/messages", up.url());
    assertEquals(KEY, up.headers().get("x-api-key"));
    assertEquals("2023-06-01", up.headers().get("anthropic-version"), "the default version");
    assertEquals("application/json", up.headers().get("content-type"));
    assertFalse(up.headers().containsKey("authorization"));

    UpstreamRequest configured = adapter.chatRequest(request(chat(user("hi"), "")), deployment(64000), true);
    assertEquals("2024-01-01", configured.headers().get("anthropic-version"), "the provider's version option");
    assertEquals("text/event-stream", configured.headers().get("accept"));
  }

  @Test
  void systemAndDeveloperMessagesAreHoistedToTheTopLevel() throws Exception {
    JsonNode body = sent(chat("{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Answer in French.\"}]}," + user("Hello"), ""));
    assertEquals(MODEL, body.path("model").asText());
    assertEquals("Be brief.\n\nAnswer in French.", body.path("system").asText());
    assertEquals(tree("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]"), body.path("messages"));
    assertFalse(sent(chat(user("Hello"), "")).has("system"), "no system prompt when there is none");
  }

  @Test
  void consecutiveMessagesOfOneRoleAreMergedSoRolesAlternate() throws Exception {
    JsonNode body = sent(chat(user("one") + "," + user("two") + ",{\"role\":\"system\",\"content\":\"mid\"},"
        + user("three") + ",{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},"
        + "{\"role\":\"user\",\"content\":\"\"}," + user("four"), ""));
    assertEquals(tree("""
        [{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"},{"type":"text","text":"three"}]},
         {"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
         {"role":"user","content":[{"type":"text","text":"four"}]}]"""), body.path("messages"));
    assertEquals("mid", body.path("system").asText());
  }

  @Test
  void toolCallsBecomeToolUseAndToolMessagesOneUserTurnOfToolResults() throws Exception {
    JsonNode body = sent(chat(user("Weather in Paris and Rome?") + ","
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        + "{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}},"
        + "{\"id\":\"toolu_2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"Sunny, 22 C\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_2\",\"content\":[{\"type\":\"text\",\"text\":\"Rain\"}]},"
        + user("Thanks, and tomorrow?"), "\"tools\":[" + TOOL + "]"));
    assertEquals(tree("""
        [{"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
         {"role":"assistant","content":[
           {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Paris"}},
           {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{}}]},
         {"role":"user","content":[
           {"type":"tool_result","tool_use_id":"toolu_1","content":"Sunny, 22 C"},
           {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"Rain"}]},
           {"type":"text","text":"Thanks, and tomorrow?"}]}]"""), body.path("messages"));
  }

  @Test
  void toolCallArgumentsMustBeAJsonObject() {
    String call = "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"f\",\"arguments\":\"%s\"}}]}";
    GatewayError notJson = refused(chat(user("x") + "," + call.formatted("{oops"), ""));
    assertEquals(400, notJson.status());
    assertEquals("messages[1].tool_calls[0].function.arguments", notJson.param());
    assertEquals("messages[1].tool_calls[0].function.arguments",
        refused(chat(user("x") + "," + call.formatted("[1]"), "")).param());
  }

  @Test
  void imagesAsBase64AndAsUrls() throws Exception {
    JsonNode body = sent(chat("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Compare\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\",\"detail\":\"high\"}}]}", ""));
    assertEquals(tree("""
        [{"type":"text","text":"Compare"},
         {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
         {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]"""),
        body.path("messages").path(0).path("content"));
  }

  @Test
  void imagesAnthropicCannotTakeAreRefusedNamingThePart() {
    String image = "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"%s\"}}]}";
    GatewayError tiff = refused(chat(image.formatted("data:image/tiff;base64,AAAA"), ""));
    assertEquals("messages[0].content[0].image_url.url", tiff.param());
    assertTrue(tiff.getMessage().contains("image/tiff"), tiff.getMessage());
    assertEquals("messages[0].content[0].image_url.url", refused(chat(image.formatted("ftp://x/y.png"), "")).param());
    assertEquals("messages[0].content[0].type", refused(chat("{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
        + "\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}", "")).param());
    assertEquals("messages[0].content[0].type", refused(chat("{\"role\":\"system\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}," + user("hi"), "")).param());
  }

  @Test
  void toolsAndToolChoiceVariants() throws Exception {
    String tools = "\"tools\":[" + TOOL + ",{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]";
    JsonNode auto = sent(chat(user("hi"), tools));
    assertEquals(tree("""
        [{"name":"get_weather","description":"Current weather",
          "input_schema":{"type":"object","properties":{"location":{"type":"string"}}}},
         {"name":"now","input_schema":{"type":"object","properties":{}}}]"""), auto.path("tools"));
    assertFalse(auto.has("tool_choice"), "Anthropic's default is auto");

    assertEquals(tree("{\"type\":\"auto\"}"), sent(chat(user("hi"), tools + ",\"tool_choice\":\"auto\"")).path("tool_choice"));
    assertEquals(tree("{\"type\":\"any\"}"), sent(chat(user("hi"), tools + ",\"tool_choice\":\"required\"")).path("tool_choice"));
    assertEquals(tree("{\"type\":\"none\"}"), sent(chat(user("hi"), tools + ",\"tool_choice\":\"none\","
        + "\"parallel_tool_calls\":false")).path("tool_choice"));
    assertEquals(tree("{\"type\":\"tool\",\"name\":\"get_weather\"}"), sent(chat(user("hi"), tools
        + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}")).path("tool_choice"));
    assertEquals(tree("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"),
        sent(chat(user("hi"), tools + ",\"parallel_tool_calls\":false")).path("tool_choice"));
    assertEquals(tree("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"),
        sent(chat(user("hi"), tools + ",\"tool_choice\":\"required\",\"parallel_tool_calls\":false")).path("tool_choice"));
  }

  @Test
  void stopSequencesSamplingAndUser() throws Exception {
    JsonNode one = sent(chat(user("hi"), "\"stop\":\"END\",\"temperature\":0.3,\"top_p\":0.9,\"user\":\"u-42\","
        + "\"top_k\":40,\"seed\":7,\"presence_penalty\":0.5"));
    assertEquals(tree("[\"END\"]"), one.path("stop_sequences"));
    assertEquals(0.3, one.path("temperature").asDouble());
    assertEquals(0.9, one.path("top_p").asDouble());
    assertEquals(40, one.path("top_k").asInt());
    assertEquals("u-42", one.path("metadata").path("user_id").asText());
    assertFalse(one.has("seed") || one.has("presence_penalty") || one.has("stream") || one.has("user"), one.toString());

    JsonNode list = sent(chat(user("hi"), "\"stop\":[\"a\",\"b\"]"));
    assertEquals(tree("[\"a\",\"b\"]"), list.path("stop_sequences"));
    assertTrue(sent(chat(user("hi"), "\"stream\":true"), deployment(), true).path("stream").asBoolean());
  }

  @Test
  void valuesAnthropicCannotTakeAreRefusedNamingTheField() {
    assertEquals("temperature", refused(chat(user("hi"), "\"temperature\":1.5")).param());
    assertEquals("n", refused(chat(user("hi"), "\"n\":2")).param());
    assertEquals("top_k", refused(chat(user("hi"), "\"top_k\":\"many\"")).param());
    assertEquals("messages[0].role", refused(chat("{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}", "")).param());
  }

  @Test
  void maxTokensComesFromTheClientElseTheCatalogElse4096() {
    assertEquals(4096, sent(chat(user("hi"), "")).path("max_tokens").asInt(), "no catalog entry");
    assertEquals(64000, sent(chat(user("hi"), ""), deployment(64000)).path("max_tokens").asInt(), "the catalog's limit");
    assertEquals(100, sent(chat(user("hi"), "\"max_tokens\":100"), deployment(64000)).path("max_tokens").asInt());
    assertEquals(200, sent(chat(user("hi"), "\"max_completion_tokens\":200"), deployment(64000)).path("max_tokens").asInt());
  }

  @Test
  void jsonResponseFormatForcesATool() throws Exception {
    JsonNode body = sent(chat(user("Extract"), "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{"
        + "\"name\":\"person\",\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}}"));
    assertEquals("person", body.path("tools").path(0).path("name").asText());
    assertEquals(tree("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"),
        body.path("tools").path(0).path("input_schema"));
    assertEquals(tree("{\"type\":\"tool\",\"name\":\"person\"}"), body.path("tool_choice"));

    JsonNode object = sent(chat(user("Extract"), "\"response_format\":{\"type\":\"json_object\"}"));
    assertEquals(AnthropicTools.JSON_OBJECT_TOOL, object.path("tool_choice").path("name").asText());
    assertFalse(sent(chat(user("hi"), "\"response_format\":{\"type\":\"text\"}")).has("tools"));

    GatewayError withTools = refused(chat(user("x"), "\"tools\":[" + TOOL + "],\"response_format\":{\"type\":\"json_object\"}"));
    assertEquals("response_format", withTools.param());
    assertEquals("response_format.json_schema.schema", refused(chat(user("x"), "\"response_format\":{\"type\":"
        + "\"json_schema\",\"json_schema\":{\"name\":\"list\",\"schema\":{\"type\":\"array\"}}}")).param());
  }

  @Test
  void thinkingIsPassedThroughAndItsBlocksReplayed() throws Exception {
    JsonNode body = sent(chat(user("Root of 144?") + ",{\"role\":\"assistant\",\"content\":\"12\",\"thinking_blocks\":"
        + "[{\"type\":\"thinking\",\"thinking\":\"12 x 12\",\"signature\":\"sig\"}]}," + user("And 169?"),
        "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}"));
    assertEquals(tree("{\"type\":\"enabled\",\"budget_tokens\":2048}"), body.path("thinking"));
    assertEquals(tree("""
        [{"type":"thinking","thinking":"12 x 12","signature":"sig"},{"type":"text","text":"12"}]"""),
        body.path("messages").path(1).path("content"));
  }
}
