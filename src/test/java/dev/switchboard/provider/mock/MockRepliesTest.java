package dev.switchboard.provider.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.ChatRequest;
import dev.switchboard.api.ChatRequestParser;
import dev.switchboard.api.Json;
import dev.switchboard.api.TokenEstimate;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MockRepliesTest {
  private static final String WEATHER = "{'type':'function','function':{'name':'get_weather','parameters':{"
      + "'type':'object','properties':{'location':{'type':'string'},'days':{'type':'integer'},"
      + "'unit':{'type':'string','enum':['celsius','fahrenheit']},'hourly':{'type':'boolean'},"
      + "'ignored':{'type':'number'}},'required':['location','days','unit','hourly']}}}";
  private static final String BOOKING = "{'type':'function','function':{'name':'book_table','parameters':{"
      + "'type':'object','properties':{'guests':{'type':'integer'},'names':{'type':'array','items':{'type':'string'}},"
      + "'slot':{'type':'object','properties':{'day':{'type':'string'},'hour':{'type':'number'}},'required':['day','hour']}},"
      + "'required':['guests','names','slot']}}}";

  private static ChatRequest request(String json) {
    return ChatRequestParser.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode parseJson(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void echoesTheLastUserText() {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'system','content':'be nice'},"
        + "{'role':'user','content':'first'},{'role':'assistant','content':'ok'},{'role':'user','content':'What is   2+2?'}]}"));
    assertEquals("Hello from the Switchboard mock model. You said: What is 2+2?", r.text());
    assertEquals("stop", r.finishReason());
    assertNull(r.toolName());
  }

  @Test
  void echoesTextPartsOfArrayContent() {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':["
        + "{'type':'text','text':'describe'},{'type':'image_url','image_url':{'url':'https://example.com/a.png'}}]}]}"));
    assertEquals("Hello from the Switchboard mock model. You said: describe", r.text());
  }

  @Test
  void longInputIsShortenedInTheEcho() {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'"
        + "a".repeat(500) + "'}]}"));
    assertTrue(r.text().endsWith("a".repeat(200) + "..."), r.text());
  }

  @Test
  void tokenCountsArePositiveAndDeterministic() {
    ChatRequest req = request("{'model':'demo','messages':[{'role':'user','content':'count my tokens please'}]}");
    MockReplies.Reply a = MockReplies.reply(req);
    MockReplies.Reply b = MockReplies.reply(req);
    assertEquals(a, b);
    assertTrue(a.promptTokens() > 0);
    assertTrue(a.completionTokens() > 0);
    assertEquals(TokenEstimate.ofMessages(req.messages()), a.promptTokens());
    assertEquals(TokenEstimate.ofText(a.text()), a.completionTokens());
  }

  @Test
  void callsTheFirstToolWithArgumentsSatisfyingItsSchema() throws Exception {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'weather?'}],"
        + "'tools':[" + WEATHER + "," + BOOKING + "]}"));
    assertEquals("get_weather", r.toolName());
    assertEquals("tool_calls", r.finishReason());
    assertNull(r.text());
    JsonNode args = parseJson(r.toolArguments());
    assertTrue(args.path("location").isTextual());
    assertTrue(args.path("days").isIntegralNumber());
    assertEquals("celsius", args.path("unit").asText(), "an enum takes one of its values");
    assertTrue(args.path("hourly").isBoolean());
    assertTrue(r.completionTokens() > 0);
  }

  @Test
  void callsTheToolNamedByToolChoice() throws Exception {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'book'}],"
        + "'tools':[" + WEATHER + "," + BOOKING + "],'tool_choice':{'type':'function','function':{'name':'book_table'}}}"));
    assertEquals("book_table", r.toolName());
    JsonNode args = parseJson(r.toolArguments());
    assertTrue(args.path("guests").isIntegralNumber());
    assertTrue(args.path("names").isArray() && args.path("names").get(0).isTextual());
    assertTrue(args.path("slot").path("day").isTextual());
    assertTrue(args.path("slot").path("hour").isNumber());
  }

  @Test
  void toolWithoutParametersGetsAnEmptyObject() throws Exception {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'now'}],"
        + "'tools':[{'type':'function','function':{'name':'get_time'}}],'tool_choice':'required'}"));
    assertEquals("get_time", r.toolName());
    assertEquals(Json.MAPPER.createObjectNode(), parseJson(r.toolArguments()));
  }

  @Test
  void toolChoiceNoneGivesText() {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'weather?'}],"
        + "'tools':[" + WEATHER + "],'tool_choice':'none'}"));
    assertNull(r.toolName());
    assertEquals("Hello from the Switchboard mock model. You said: weather?", r.text());
    assertEquals("stop", r.finishReason());
  }

  @Test
  void afterAToolMessageReportsTheToolOutput() {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'weather?'},"
        + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_mock_1','type':'function',"
        + "'function':{'name':'get_weather','arguments':'{}'}}]},"
        + "{'role':'tool','tool_call_id':'call_mock_1','content':'22 degrees and sunny'}],'tools':[" + WEATHER + "]}"));
    assertNull(r.toolName(), "does not call the tool again");
    assertEquals("The tool returned: 22 degrees and sunny", r.text());
    assertEquals("stop", r.finishReason());
  }

  @Test
  void jsonObjectFormatGivesParseableJson() throws Exception {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'as json'}],"
        + "'response_format':{'type':'json_object'}}"));
    JsonNode json = parseJson(r.text());
    assertTrue(json.isObject());
    assertTrue(json.path("mock").asBoolean());
    assertEquals("as json", json.path("echo").asText());
  }

  @Test
  void jsonSchemaFormatGivesJsonMatchingTheSchema() throws Exception {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'x'}],"
        + "'response_format':{'type':'json_schema','json_schema':{'name':'answer','strict':true,'schema':{"
        + "'type':'object','properties':{'answer':{'type':'string'},'confidence':{'type':'number'},"
        + "'tags':{'type':'array','items':{'type':'string'}}},'required':['answer','confidence','tags'],"
        + "'additionalProperties':false}}}}"));
    JsonNode json = parseJson(r.text());
    assertEquals(3, json.size());
    assertTrue(json.path("answer").isTextual());
    assertTrue(json.path("confidence").isNumber());
    assertTrue(json.path("tags").isArray());
    assertEquals("stop", r.finishReason());
  }

  @Test
  void maxTokensCapGivesLength() {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':"
        + "'tell me a long story about the sea'}],'max_tokens':3}"));
    assertEquals("length", r.finishReason());
    assertEquals(3, r.completionTokens());
    assertEquals("Hello from t", r.text(), "about four characters a token");
    assertTrue(TokenEstimate.ofText(r.text()) <= 3);
    MockReplies.Reply newer = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':"
        + "'tell me a long story about the sea'}],'max_completion_tokens':2}"));
    assertEquals("length", newer.finishReason());
    assertEquals(2, newer.completionTokens());
  }

  @Test
  void generousCapChangesNothing() {
    MockReplies.Reply r = MockReplies.reply(request("{'model':'demo','messages':[{'role':'user','content':'hi'}],"
        + "'max_tokens':1000}"));
    assertEquals("stop", r.finishReason());
    assertEquals("Hello from the Switchboard mock model. You said: hi", r.text());
  }
}
