package dev.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestParserTest {

  private static ChatRequest parse(String json) {
    return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Single quotes stand for double quotes, to keep the JSON readable. */
  private static String q(String json) {
    return json.replace('\'', '"');
  }

  private static GatewayError rejected(String json) {
    return assertThrows(GatewayError.class, () -> ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertRejected(String json, String param) {
    GatewayError e = rejected(json);
    assertEquals(400, e.status());
    assertEquals("invalid_request_error", e.type());
    assertEquals(param, e.param());
    assertTrue(e.getMessage().startsWith(param + ":"), () -> "message should start with the path: " + e.getMessage());
  }

  private static final String USER = "{'role':'user','content':'hi'}";

  @Test
  void stringContent() {
    ChatRequest r = parse(q("{'model':'gpt-4o','messages':[{'role':'system','content':'be brief'}," + USER + "]}"));
    assertEquals("gpt-4o", r.model());
    assertEquals(2, r.messages().size());
    assertEquals("system", r.messages().get(0).role());
    assertFalse(r.messages().get(1).content().isParts());
    assertEquals("hi", r.messages().get(1).textContent());
    assertFalse(r.streaming());
  }

  @Test
  void contentPartsWithTextAndImage() {
    ChatRequest r = parse(q("{'model':'gpt-4o','messages':[{'role':'user','content':["
        + "{'type':'text','text':'What is in this image?'},"
        + "{'type':'image_url','image_url':{'url':'https://example.com/cat.png','detail':'high'}}]}]}"));
    MessageContent content = r.messages().get(0).content();
    assertTrue(content.isParts());
    assertEquals(2, content.parts().size());
    assertEquals("What is in this image?", content.joinedText());
    assertEquals("image_url", content.parts().get(1).type());
    assertEquals("https://example.com/cat.png", content.parts().get(1).imageUrl().url());
    assertEquals("high", content.parts().get(1).imageUrl().detail());
  }

  private static final String TOOLS = "'tools':[{'type':'function','function':{'name':'get_weather',"
      + "'description':'Weather in a city','parameters':{'type':'object','properties':{'city':{'type':'string'}},"
      + "'required':['city']}}}]";

  @Test
  void toolsWithToolChoiceObject() {
    ChatRequest r = parse(q("{'model':'m','messages':[" + USER + "]," + TOOLS
        + ",'tool_choice':{'type':'function','function':{'name':'get_weather'}}}"));
    assertEquals(1, r.tools().size());
    assertEquals("get_weather", r.tools().get(0).function().name());
    assertEquals("city", r.tools().get(0).function().parameters().path("required").get(0).asText());
    assertEquals(ToolChoice.function("get_weather"), r.toolChoice());
  }

  @ParameterizedTest
  @CsvSource({"auto", "none", "required"})
  void toolChoiceModes(String mode) {
    ChatRequest r = parse(q("{'model':'m','messages':[" + USER + "]," + TOOLS + ",'tool_choice':'" + mode + "'}"));
    assertEquals(ToolChoice.mode(mode), r.toolChoice());
  }

  @Test
  void responseFormatJsonSchema() {
    ChatRequest r = parse(q("{'model':'m','messages':[" + USER + "],'response_format':{'type':'json_schema',"
        + "'json_schema':{'name':'answer','strict':true,'schema':{'type':'object','properties':{'a':{'type':'integer'}}}}}}"));
    assertEquals("json_schema", r.responseFormat().type());
    assertEquals("answer", r.responseFormat().jsonSchema().path("name").asText());
    assertEquals("integer", r.responseFormat().jsonSchema().at("/schema/properties/a/type").asText());
  }

  @Test
  void stopAsStringAndAsArray() {
    assertEquals(List.of("END"), parse(q("{'model':'m','messages':[" + USER + "],'stop':'END'}")).stop());
    assertEquals(List.of("a", "b"), parse(q("{'model':'m','messages':[" + USER + "],'stop':['a','b']}")).stop());
  }

  @Test
  void streamOptions() {
    ChatRequest r = parse(q("{'model':'m','messages':[" + USER + "],'stream':true,'stream_options':{'include_usage':true}}"));
    assertTrue(r.streaming());
    assertTrue(r.wantsStreamUsage());
  }

  @Test
  void unknownFieldsAreKeptAndSerializedBack() throws Exception {
    String body = q("{'model':'m','messages':[{'role':'user','content':'hi','x_msg':{'k':[1,2]}}],"
        + "'temperature':0.5,'store':true,'metadata':{'team':'a'},'reasoning_effort':'low'}");
    ChatRequest r = parse(body);
    assertEquals("low", r.extra().get("reasoning_effort").asText());
    assertTrue(r.extra().get("store").asBoolean());
    assertEquals("a", r.extra().get("metadata").path("team").asText());
    assertEquals(2, r.messages().get(0).extra().get("x_msg").path("k").size());

    JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(r));
    assertEquals(Json.MAPPER.readTree(body), written);
    assertFalse(written.has("extra"), "extra must be flattened, not nested");
  }

  @Test
  void roundTripKeepsContentPartsToolCallsAndToolChoice() throws Exception {
    String body = q("{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'look'},"
        + "{'type':'image_url','image_url':{'url':'data:image/png;base64,AAAA'}},{'type':'input_audio','input_audio':{'data':'x','format':'wav'}}]},"
        + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function','function':{'name':'get_weather','arguments':'{}'}}]},"
        + "{'role':'tool','tool_call_id':'call_1','content':'sunny'}],"
        + TOOLS + ",'tool_choice':{'type':'function','function':{'name':'get_weather'}},'stop':['x']}");
    ChatRequest r = parse(body);
    JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(r));
    JsonNode expected = Json.MAPPER.readTree(body);
    // content:null is omitted on the way out; everything else is identical
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("messages").get(1)).remove("content");
    assertEquals(expected, written);
  }

  // ---- rejections ----

  @Test
  void invalidJson() {
    GatewayError e = rejected("{\"model\": ");
    assertEquals(400, e.status());
    assertNull(e.param());
    assertTrue(e.getMessage().startsWith("request body is not valid JSON"), e.getMessage());
  }

  @Test
  void bodyNotAnObject() {
    GatewayError e = rejected("[1,2]");
    assertEquals(400, e.status());
    assertEquals("request body must be a JSON object", e.getMessage());
  }

  @Test
  void emptyBody() {
    GatewayError e = assertThrows(GatewayError.class, () -> ChatRequestParser.parse(new byte[0]));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith("request body is empty"), e.getMessage());
  }

  @Test
  void missingModel() {
    assertRejected(q("{'messages':[" + USER + "]}"), "model");
  }

  @Test
  void emptyMessages() {
    assertRejected(q("{'model':'m','messages':[]}"), "messages");
  }

  @Test
  void messagesNotAnArray() {
    assertRejected(q("{'model':'m','messages':'hi'}"), "messages");
    assertTrue(rejected(q("{'model':'m','messages':'hi'}")).getMessage().contains("an array"));
  }

  @Test
  void badRole() {
    GatewayError e = rejected(q("{'model':'m','messages':[" + USER + ",{'role':'robot','content':'x'}]}"));
    assertEquals("messages[1].role", e.param());
    assertEquals("messages[1].role: must be one of system, developer, user, assistant, tool", e.getMessage());
  }

  @Test
  void contentANumber() {
    assertRejected(q("{'model':'m','messages':[{'role':'user','content':42}]}"), "messages[0].content");
    assertTrue(rejected(q("{'model':'m','messages':[{'role':'user','content':42}]}")).getMessage()
        .contains("a string or an array of content parts"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'temperature':'hot'   | temperature",
      "'temperature':'0.5'   | temperature",
      "'temperature':3       | temperature",
      "'n':0                 | n",
      "'n':'2'               | n",
      "'stream':'true'       | stream",
      "'top_p':1.5           | top_p",
      "'max_tokens':0        | max_tokens",
      "'stop':['a','b','c','d','e'] | stop",
      "'stop':5              | stop",
  })
  void badScalarFields(String field, String param) {
    assertRejected(q("{'model':'m','messages':[" + USER + "]," + field + "}"), param);
  }

  @Test
  void stringTemperatureNamesTheExpectedType() {
    assertEquals("temperature: expected a number",
        rejected(q("{'model':'m','messages':[" + USER + "],'temperature':'0.5'}")).getMessage());
    assertEquals("temperature: must be between 0 and 2",
        rejected(q("{'model':'m','messages':[" + USER + "],'temperature':3}")).getMessage());
  }

  @Test
  void toolMessageWithoutToolCallId() {
    assertRejected(q("{'model':'m','messages':[" + USER + ",{'role':'tool','content':'42'}]}"), "messages[1].tool_call_id");
  }

  @Test
  void toolTypeWrong() {
    assertRejected(q("{'model':'m','messages':[" + USER + "],'tools':[{'type':'retrieval','function':{'name':'f'}}]}"),
        "tools[0].type");
  }

  @Test
  void toolChoiceNamesUnknownFunction() {
    GatewayError e = rejected(q("{'model':'m','messages':[" + USER + "]," + TOOLS
        + ",'tool_choice':{'type':'function','function':{'name':'get_time'}}}"));
    assertEquals("tool_choice", e.param());
    assertEquals("tool_choice: names the function 'get_time', which is not in tools", e.getMessage());
  }

  @Test
  void toolChoiceUnknownMode() {
    assertRejected(q("{'model':'m','messages':[" + USER + "]," + TOOLS + ",'tool_choice':'maybe'}"), "tool_choice");
    assertTrue(rejected(q("{'model':'m','messages':[" + USER + "]," + TOOLS + ",'tool_choice':'maybe'}"))
        .getMessage().contains("auto, none, required"));
  }

  @Test
  void responseFormatTypeBad() {
    assertRejected(q("{'model':'m','messages':[" + USER + "],'response_format':{'type':'yaml'}}"), "response_format.type");
  }

  @Test
  void jsonSchemaWithoutName() {
    assertRejected(q("{'model':'m','messages':[" + USER + "],'response_format':{'type':'json_schema','json_schema':{'schema':{}}}}"),
        "response_format.json_schema");
  }

  @Test
  void streamOptionsWithoutStream() {
    assertRejected(q("{'model':'m','messages':[" + USER + "],'stream_options':{'include_usage':true}}"), "stream_options");
  }

  @Test
  void imagePartWithoutUrl() {
    assertRejected(q("{'model':'m','messages':[{'role':'user','content':[{'type':'image_url','image_url':{}}]}]}"),
        "messages[0].content[0].image_url.url");
  }

  @Test
  void nestedTypeErrorNamesDeepPath() {
    assertRejected(q("{'model':'m','messages':[" + USER + ",{'role':'assistant','content':'x','tool_calls':"
        + "[{'id':'c','type':'function','function':{'name':7,'arguments':'{}'}}]}]}"),
        "messages[1].tool_calls[0].function.name");
  }

  @Test
  void aBodyNeverChoosesTheUpstreamOrItsCredentials() {
    for (String field : new String[] {"api_base", "base_url", "api_key", "api_version", "extra_headers", "aws_access_key_id"}) {
      GatewayError e = rejected(q("{'model':'m','messages':[" + USER + "],'" + field + "':'http://169.254.169.254/'}"));
      assertEquals(field, e.param());
      assertTrue(e.getMessage().contains("not accepted"), e.getMessage());
    }
  }

  @Test
  void deeplyNestedJsonIsRefused() {
    String deep = "[".repeat(200) + "]".repeat(200);
    GatewayError e = rejected(q("{'model':'m','messages':[" + USER + "],'metadata':" + deep + "}"));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
  }
}
