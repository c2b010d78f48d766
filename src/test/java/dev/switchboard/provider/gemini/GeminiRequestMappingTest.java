package dev.switchboard.provider.gemini;

import static dev.switchboard.provider.gemini.GeminiFixtures.KEY;
import static dev.switchboard.provider.gemini.GeminiFixtures.deployment;
import static dev.switchboard.provider.gemini.GeminiFixtures.json;
import static dev.switchboard.provider.gemini.GeminiFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.GatewayError;
import dev.switchboard.provider.UpstreamRequest;
import org.junit.jupiter.api.Test;

/** How OpenAI chat requests become Gemini {@code GenerateContentRequest}s. */
class GeminiRequestMappingTest {
  private final GeminiAdapter adapter = new GeminiAdapter();

  private JsonNode sent(String requestJson) {
    return json(adapter.chatRequest(request(requestJson), deployment(), false).body());
  }

  private GatewayError rejected(String requestJson) {
    return assertThrows(GatewayError.class, () -> adapter.chatRequest(request(requestJson), deployment(), false));
  }

  private static String withMessages(String messages) {
    return "{\"model\":\"g\",\"messages\":" + messages + "}";
  }

  @Test
  void urlsCarryModelAndMethodWhileTheKeyTravelsOnlyInItsHeader() {
    String body = withMessages("[{\"role\":\"user\",\"content\":\"hi\"}]");
    UpstreamRequest plain = adapter.chatRequest(request(body), deployment(), false);
    assertEquals("http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:generateContent", plain.url());
    assertEquals(KEY, plain.headers().get("x-goog-api-key"));
    assertEquals("application/json", plain.headers().get("content-type"));
    assertFalse(plain.headers().containsKey("authorization"));

    UpstreamRequest streamed = adapter.chatRequest(request(body), deployment("models/gemini-2.5-pro"), true);
    assertEquals("http://127.0.0.1:9/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", streamed.url());
    assertEquals("text/event-stream", streamed.headers().get("accept"));
    assertFalse(streamed.url().contains(KEY) || streamed.url().contains("key="));
    assertFalse(streamed.toString().contains(KEY));
  }

  @Test
  void systemAndDeveloperMessagesBecomeTheSystemInstructionAndRolesAreUserAndModel() {
    JsonNode body = sent(withMessages("[{\"role\":\"system\",\"content\":\"You are a cat.\"},"
        + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Your name is Neko.\"}]},"
        + "{\"role\":\"user\",\"content\":\"Hello there\"},{\"role\":\"assistant\",\"content\":\"Meow.\"},"
        + "{\"role\":\"user\",\"content\":\"Who are you?\"},{\"role\":\"user\",\"content\":\"Answer briefly.\"}]"));

    assertEquals(json("{\"parts\":[{\"text\":\"You are a cat.\"},{\"text\":\"Your name is Neko.\"}]}"),
        body.path("systemInstruction"));
    assertEquals(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello there\"}]},"
        + "{\"role\":\"model\",\"parts\":[{\"text\":\"Meow.\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"text\":\"Who are you?\"},{\"text\":\"Answer briefly.\"}]}]"),
        body.path("contents"), "consecutive user turns are merged");
    assertFalse(body.has("generationConfig"), "nothing asked, nothing sent");
    assertFalse(body.has("tools"));
  }

  @Test
  void onlySystemMessagesIsAClearError() {
    GatewayError e = rejected(withMessages("[{\"role\":\"system\",\"content\":\"Be brief.\"}]"));
    assertEquals(400, e.status());
    assertEquals("messages", e.param());
  }

  @Test
  void assistantToolCallsAndToolResultsBecomeFunctionCallsAndFunctionResponses() {
    JsonNode contents = sent(withMessages("[{\"role\":\"user\",\"content\":\"Lights and music please\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"set_light_values\","
        + "\"arguments\":\"{\\\"brightness\\\":25,\\\"color_temp\\\":\\\"warm\\\"}\"}},"
        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"start_music\",\"arguments\":\"\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"brightness\\\":25,\\\"colorTemperature\\\":\\\"warm\\\"}\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"playing\"}]")).path("contents");

    assertEquals(3, contents.size(), contents.toString());
    JsonNode model = contents.get(1);
    assertEquals("model", model.path("role").asText());
    assertEquals(json("{\"name\":\"set_light_values\",\"args\":{\"brightness\":25,\"color_temp\":\"warm\"}}"),
        model.path("parts").get(0).path("functionCall"));
    assertEquals(GeminiContents.SKIP_SIGNATURE, model.path("parts").get(0).path("thoughtSignature").asText(),
        "the first call of a step carries Google's placeholder signature, which Gemini 3 requires");
    assertEquals(json("{\"name\":\"start_music\",\"args\":{}}"), model.path("parts").get(1).path("functionCall"));
    assertFalse(model.path("parts").get(1).has("thoughtSignature"));

    JsonNode results = contents.get(2);
    assertEquals("user", results.path("role").asText());
    assertEquals(json("[{\"functionResponse\":{\"name\":\"set_light_values\","
        + "\"response\":{\"brightness\":25,\"colorTemperature\":\"warm\"}}},"
        + "{\"functionResponse\":{\"name\":\"start_music\",\"response\":{\"content\":\"playing\"}}}]"),
        results.path("parts"), "both results in one user turn; a JSON object is sent as is, text is wrapped");
  }

  @Test
  void aReusedCallIdNamesTheFunctionOfTheLatestAssistantCall() {
    JsonNode contents = sent(withMessages("[{\"role\":\"user\",\"content\":\"Weather, then time\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"},"
        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"noon\"}]")).path("contents");
    assertEquals("get_weather", contents.get(2).path("parts").get(0).path("functionResponse").path("name").asText());
    assertEquals("get_time", contents.get(4).path("parts").get(0).path("functionResponse").path("name").asText());
  }

  @Test
  void aToolResultForAnUnknownCallIsRejectedNamingTheField() {
    GatewayError e = rejected(withMessages("[{\"role\":\"user\",\"content\":\"x\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"done\"}]"));
    assertEquals(400, e.status());
    assertEquals("messages[1].tool_call_id", e.param());
  }

  @Test
  void toolCallArgumentsThatAreNotAJsonObjectAreRejected() {
    GatewayError e = rejected(withMessages("[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\","
        + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,2\"}}]}]"));
    assertEquals("messages[1].tool_calls[0].function.arguments", e.param());
  }

  @Test
  void imagesBecomeInlineDataOrFileData() {
    JsonNode parts = sent(withMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Compare\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cats/tabby.WEBP?size=large\"}},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/render/42\"}},"
        + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"UklGRg==\",\"format\":\"wav\"}}]}]"))
        .path("contents").get(0).path("parts");

    assertEquals(json("[{\"text\":\"Compare\"},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},"
        + "{\"fileData\":{\"mimeType\":\"image/webp\",\"fileUri\":\"https://example.com/cats/tabby.WEBP?size=large\"}},"
        + "{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"https://example.com/render/42\"}},"
        + "{\"inlineData\":{\"mimeType\":\"audio/wav\",\"data\":\"UklGRg==\"}}]"), parts);
  }

  @Test
  void unusableImageUrlsAreRejectedNamingTheField() {
    GatewayError ftp = rejected(withMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"ftp://example.com/a.png\"}}]}]"));
    assertEquals("messages[0].content[0].image_url.url", ftp.param());
    GatewayError notBase64 = rejected(withMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/svg+xml,%3Csvg%3E\"}}]}]"));
    assertEquals("messages[0].content[1].image_url.url", notBase64.param());
  }

  @Test
  void generationSettingsMapToGenerationConfig() {
    JsonNode config = sent("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"temperature\":0.4,\"top_p\":0.9,\"max_completion_tokens\":256,\"max_tokens\":999,\"stop\":[\"END\",\"STOP\"],"
        + "\"n\":2,\"seed\":42,\"presence_penalty\":0.5,\"frequency_penalty\":-0.5,"
        + "\"response_format\":{\"type\":\"json_object\"}}").path("generationConfig");

    assertEquals(json("{\"temperature\":0.4,\"topP\":0.9,\"maxOutputTokens\":256,\"stopSequences\":[\"END\",\"STOP\"],"
        + "\"candidateCount\":2,\"seed\":42,\"presencePenalty\":0.5,\"frequencyPenalty\":-0.5,"
        + "\"responseMimeType\":\"application/json\"}"), config);
    assertEquals(json("[\"END\"]"), sent("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"stop\":\"END\",\"max_tokens\":99}").path("generationConfig").path("stopSequences"));
  }

  @Test
  void reasoningEffortBecomesAThinkingBudget() {
    JsonNode high = sent("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"high\"}");
    assertEquals(json("{\"thinkingBudget\":24576,\"includeThoughts\":true}"),
        high.path("generationConfig").path("thinkingConfig"));
    JsonNode none = sent("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"reasoning_effort\":\"none\"}");
    assertEquals(json("{\"thinkingBudget\":0}"), none.path("generationConfig").path("thinkingConfig"));
    assertEquals("reasoning_effort", rejected("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
        + "\"reasoning_effort\":\"extreme\"}").param());
  }

  @Test
  void jsonSchemaResponseFormatSendsAConvertedResponseSchema() {
    JsonNode config = sent("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"List a recipe\"}],"
        + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"recipe\",\"strict\":true,"
        + "\"schema\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
        + "\"additionalProperties\":false,\"properties\":{\"recipe_name\":{\"type\":\"string\"},"
        + "\"ingredients\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
        + "\"required\":[\"recipe_name\",\"ingredients\"]}}}}").path("generationConfig");

    assertEquals("application/json", config.path("responseMimeType").asText());
    assertEquals(json("{\"type\":\"object\",\"properties\":{\"recipe_name\":{\"type\":\"string\"},"
        + "\"ingredients\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
        + "\"required\":[\"recipe_name\",\"ingredients\"]}"), config.path("responseSchema"));
  }

  @Test
  void toolsBecomeFunctionDeclarationsWithGeminiSchemas() {
    JsonNode body = sent("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"Dim the lights\"}],"
        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"set_light_values\","
        + "\"description\":\"Sets the brightness and color temperature of a light.\",\"strict\":true,"
        + "\"parameters\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
        + "\"brightness\":{\"type\":\"integer\",\"description\":\"Light level from 0 to 100\",\"minimum\":0,\"maximum\":100},"
        + "\"color_temp\":{\"type\":\"string\",\"enum\":[\"daylight\",\"cool\",\"warm\"]}},"
        + "\"required\":[\"brightness\",\"color_temp\"]}}},"
        + "{\"type\":\"function\",\"function\":{\"name\":\"dim_lights\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]}");

    assertEquals(json("[{\"functionDeclarations\":[{\"name\":\"set_light_values\","
        + "\"description\":\"Sets the brightness and color temperature of a light.\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{"
        + "\"brightness\":{\"type\":\"integer\",\"description\":\"Light level from 0 to 100\",\"minimum\":0,\"maximum\":100},"
        + "\"color_temp\":{\"type\":\"string\",\"enum\":[\"daylight\",\"cool\",\"warm\"]}},"
        + "\"required\":[\"brightness\",\"color_temp\"]}},"
        + "{\"name\":\"dim_lights\"}]}]"), body.path("tools"),
        "strict and additionalProperties are dropped; a parameterless function sends no schema");
    assertFalse(body.has("toolConfig"), "no tool_choice, Gemini's default (AUTO)");
  }

  @Test
  void toolChoiceBecomesFunctionCallingConfig() {
    String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
    String base = "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + tools;
    assertEquals(json("{\"mode\":\"AUTO\"}"), sent(base + ",\"tool_choice\":\"auto\"}")
        .path("toolConfig").path("functionCallingConfig"));
    assertEquals(json("{\"mode\":\"NONE\"}"), sent(base + ",\"tool_choice\":\"none\"}")
        .path("toolConfig").path("functionCallingConfig"));
    assertEquals(json("{\"mode\":\"ANY\"}"), sent(base + ",\"tool_choice\":\"required\"}")
        .path("toolConfig").path("functionCallingConfig"));
    assertEquals(json("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}"),
        sent(base + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}")
            .path("toolConfig").path("functionCallingConfig"));
  }

  @Test
  void unsupportedContentPartsAreRejectedNamingTheField() {
    GatewayError e = rejected(withMessages("[{\"role\":\"user\",\"content\":[{\"type\":\"video_url\","
        + "\"video_url\":{\"url\":\"https://example.com/v.mp4\"}}]}]"));
    assertEquals("messages[0].content[0].type", e.param());
    assertTrue(e.getMessage().contains("gemini"), e.getMessage());
  }
}
